"""Sample data and readers for generated files: pdftotext, pdffonts and python-docx, as a person would open them."""

import io
import subprocess
import tempfile
from pathlib import Path

from workflows.documents.content import heading, table

PT_PER_MM = 72 / 25.4


def notice_data(**overrides) -> dict:
    """A realistic two-page office notice in plain data, as an item app would feed it."""
    data = {
        "title": "关于示范区恒安化工贸易有限公司2026年上半年宣讲计划的备案通知",
        "body": [
            "你单位报送的《2026年上半年领导干部讲安全宣讲计划》收悉。经审核，该计划符合活动实施方案要求，现予备案。",
            heading(1, "宣讲安排"),
            "党组织主要负责人和行政主要负责人每半年各至少开展 1 次安全生产宣讲，"
            "宣讲对象包括一线职工、相关企业和社区群众。",
            heading(2, "宣讲内容"),
            "围绕安全生产法律法规、事故案例警示教育、岗位安全操作规程等内容组织宣讲，做到联系实际、讲清道理。",
            table(["序号", "宣讲人", "职务", "计划日期", "宣讲对象"],
                  [["1", "张建国", "党支部书记", "2026年5月20日", "一线职工"],
                   ["2", "李明", "总经理", "2026年6月10日", "企业、社区群众"]], title="宣讲计划安排表"),
            heading(1, "工作要求"),
            "各单位要高度重视，精心组织，确保宣讲取得实效。宣讲过程中要做好记录，留存照片、签到表等佐证材料，"
            "并于宣讲结束后 5 个工作日内报送宣讲记录。" * 3,
        ],
        "attachments": ["2026年上半年宣讲计划表", "宣讲内容要点"],
        "cc": ["示范区应急管理局"],
    }
    data.update(overrides)
    return data


def pdf_bytes(document) -> bytes:
    with document.pdf.open("rb") as handle:
        return handle.read()


def pdf_text(document) -> str:
    """The PDF's text as pdftotext reads it, all lines joined (so wrapped words meet again)."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf_bytes(document), capture_output=True,
                            check=True)
    return result.stdout.decode("utf-8")


def pdf_flat_text(document) -> str:
    """The PDF's text without any whitespace: robust against line breaks inside a sentence."""
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf_bytes(document), capture_output=True, check=True)
    return "".join(result.stdout.decode("utf-8").split())


def pdf_fonts(document) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf_bytes(document))
        handle.flush()
        return subprocess.run(["pdffonts", handle.name], capture_output=True, check=True, text=True).stdout


def pdf_lines(document, page: int) -> list[dict]:
    """Line boxes of one page (points, origin top-left) from ``pdftotext -bbox-layout``."""
    from lxml import etree

    result = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), "-", "-"],
                            input=pdf_bytes(document), capture_output=True, check=True)
    tree = etree.fromstring(result.stdout, etree.HTMLParser(encoding="utf-8"))
    lines = []
    for line in tree.iter("line"):
        words = "".join(word.text or "" for word in line.iter("word"))
        lines.append({"text": words, **{key: float(line.get(key.lower())) for key in ("xMin", "yMin", "xMax", "yMax")}})
    return lines


def docx_text(document) -> str:
    """Every paragraph of the DOCX (body, tables, text boxes), one a line, read with python-docx."""
    import docx

    with document.docx.open("rb") as handle:
        word = docx.Document(io.BytesIO(handle.read()))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = word.element.body.iter(f"{ns}p")
    return "\n".join("".join(node.text or "" for node in p.iter(f"{ns}t")) for p in paragraphs)


def media_files() -> set[Path]:
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT) / "documents"
    return set(root.rglob("*")) if root.exists() else set()


def pdf_pages(document) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf_bytes(document), capture_output=True, check=True).stdout
    return next(int(line.split()[1]) for line in info.decode().splitlines() if line.startswith("Pages:"))
