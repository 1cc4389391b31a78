#!/usr/bin/env python3
"""Document rendering figures: DOCX, PDF and signing per kind, worker memory, and a LibreOffice baseline.

    .venv/bin/python bench/documents.py [--rounds 50] [--total 200] [--no-libreoffice]

Prints figures; it is not a timed test. Needs no database: the organisations are unsaved model
instances (without an uploaded seal, so the generated vector demo seal is used; ``--png-seal`` uses the
demo seal's PNG instead, as a demo organisation with ``Organisation.seal`` set does). The LibreOffice
baseline converts the very same DOCX files with ``soffice --headless`` when it is installed.
"""

import argparse
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django  # noqa: E402

django.setup()

from common import Figures  # noqa: E402
from django.utils import timezone  # noqa: E402

from workflows.documents import rendering  # noqa: E402
from workflows.documents.content import heading, table  # noqa: E402
from workflows.documents.kinds import get_kind  # noqa: E402
from workflows.documents.models import Document, format_number  # noqa: E402
from workflows.documents.rendering import document_context  # noqa: E402
from workflows.documents.rendering.pdf import render_pdf, warm_up  # noqa: E402
from workflows.documents.rendering.word import render_docx  # noqa: E402
from workflows.documents.seals import SealFiles, seal_for  # noqa: E402
from workflows.documents.signing import sign_pdf  # noqa: E402
from workflows.documents.verification import new_verify_code  # noqa: E402
from workflows.organisations.models import Organisation  # noqa: E402

OFFICE = Organisation(code="bench-office", kind="office", name="示范区安全生产委员会办公室", doc_prefix="示范安生办")
DEPARTMENT = Organisation(code="bench-dept", kind="department", name="示范区应急管理局", doc_prefix="示范应急")
UNIT = Organisation(code="bench-unit", kind="enterprise", name="示范区恒安化工贸易有限公司")

BODY = [
    "你单位报送的《2026年上半年领导干部讲安全宣讲计划》收悉。经审核，该计划符合活动实施方案要求，现予备案。有关事项通知如下：",
    heading(1, "宣讲安排"),
    "党组织主要负责人和行政主要负责人每半年各至少开展 1 次安全生产宣讲，宣讲对象包括一线职工、相关企业和社区群众。",
    heading(2, "宣讲内容"),
    "围绕安全生产法律法规、事故案例警示教育、岗位安全操作规程等内容组织宣讲，做到联系实际、讲清道理、入脑入心。",
    table(["序号", "宣讲人", "职务", "计划日期", "宣讲对象"],
          [["1", "张建国", "党支部书记", "2026年5月20日", "一线职工"],
           ["2", "李明", "总经理", "2026年6月10日", "企业、社区群众"]], title="宣讲计划安排表"),
    heading(1, "工作要求"),
    "各单位要高度重视，精心组织，确保宣讲取得实效。宣讲过程中要做好记录，留存照片、签到表等佐证材料，"
    "并于宣讲结束后 5 个工作日内报送宣讲记录。",
]
KINDS = {  # kind: (issuer, recipient, numbered, data)
    "submission": (UNIT, DEPARTMENT, False, {"title": "关于报送2026年上半年领导干部讲安全宣讲计划的报告",
                                             "body": BODY[:5]}),
    "review_opinion": (DEPARTMENT, UNIT, True, {"title": "关于恒安化工2026年上半年宣讲计划的审核意见",
                                                "body": BODY, "cc": ["示范区安全生产委员会办公室"]}),
    "filing_notice": (OFFICE, UNIT, True, {"title": "关于示范区恒安化工贸易有限公司2026年上半年宣讲计划的备案通知",
                                           "body": BODY, "attachments": ["2026年上半年宣讲计划表"],
                                           "cc": ["示范区应急管理局"]}),
    "confirmation": (OFFICE, UNIT, True, {"title": "关于恒安化工2026年上半年宣讲记录的确认单", "body": BODY[:6]}),
}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def make(kind: str, serial: int):
    issuer, recipient, numbered, data = KINDS[kind]
    now = timezone.now()
    document = Document(kind=kind, issuer=issuer, recipient=recipient, year=now.year, issued_at=now,
                        verify_code=new_verify_code(),
                        number=format_number(issuer.doc_prefix, now.year, serial) if numbered else None)
    return document, get_kind(kind).build(data, document)


def one(kind: str, serial: int) -> tuple[float, float, float, bytes, bytes]:
    document, content = make(kind, serial)
    context = document_context(document, content)
    spec = get_kind(kind)
    start = time.perf_counter()
    docx = render_docx(spec.docx_template, context)
    after_docx = time.perf_counter()
    pdf = render_pdf(spec.html_template, context)
    after_pdf = time.perf_counter()
    signed = sign_pdf(pdf, issuer=document.issuer)
    done = time.perf_counter()
    return (after_docx - start) * 1000, (after_pdf - after_docx) * 1000, (done - after_pdf) * 1000, docx, signed


def pages(pdf: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, text=False).stdout.decode()
    return next(int(line.split()[1]) for line in out.splitlines() if line.startswith("Pages:"))


def libreoffice(docx_files: list[Path]) -> dict[str, float] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    env = {**os.environ, "FONTCONFIG_FILE": str(ROOT / "doc_templates" / "fonts.conf")}
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as folder:
        profile = Path(folder) / "profile"
        out = Path(folder) / "out"

        def convert(files: list[Path]) -> float:
            start = time.perf_counter()
            subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                            "--outdir", str(out), *map(str, files)], env=env, capture_output=True, check=True)
            return (time.perf_counter() - start) * 1000

        convert(docx_files[:1])  # the first start builds the profile
        single = [convert([path]) for path in docx_files[:5]]
        batch = convert(docx_files) / len(docx_files)
    return {"process_per_document_p50": statistics.median(single), "batch_per_document": batch}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="documents per kind for the timings")
    parser.add_argument("--total", type=int, default=200, help="documents before the memory reading")
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--png-seal", action="store_true", help="print the demo seal's PNG instead of its SVG")
    parser.add_argument("--quick", action="store_true", help="CI size: 3 documents a kind, 12 more, no LibreOffice")
    parser.add_argument("--json", help="write the figures here (for bench/run.py)")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.total, args.no_libreoffice = 3, 12, True
    figures = Figures("documents")
    if args.png_seal:  # what an uploaded seal costs: the PNG in the PDF too
        rendering.seal_for = lambda organisation: SealFiles(pdf=seal_for(organisation).docx,
                                                            docx=seal_for(organisation).docx)

    start = time.perf_counter()
    warm_up()
    for kind in KINDS:
        one(kind, 1)
    print(f"warm-up (fonts, stylesheet, keys, first document of each kind): {time.perf_counter() - start:.2f} s")
    print(f"RSS after warm-up: {rss_mb():.0f} MB\n")

    print(f"{'kind':16} {'pages':>5} {'KB':>5}   {'DOCX p50/p95':>13}   {'PDF p50/p95':>13}   {'sign p50/p95':>13}"
          f"   {'total p50':>9}")
    samples: dict[str, Path] = {}
    stamped_pdf: dict[str, float] = {}  # PDF + signature p50, per kind
    folder = Path(tempfile.mkdtemp(prefix="bench-docs-"))
    for kind in KINDS:
        docx_ms, pdf_ms, sign_ms, totals = [], [], [], []
        for serial in range(args.rounds):
            d, p, s, docx, signed = one(kind, serial + 1)
            docx_ms.append(d)
            pdf_ms.append(p)
            sign_ms.append(s)
            totals.append(d + p + s)
        stamped_pdf[kind] = statistics.median([p + s for p, s in zip(pdf_ms, sign_ms, strict=True)])
        figures.add(f"{kind}: DOCX + PDF + signature", f"{statistics.median(totals):.0f} / "
                    f"{percentile(totals, 0.95):.0f}", "ms p50 / p95",
                    note=f"PDF {statistics.median(pdf_ms):.0f}, signature {statistics.median(sign_ms):.0f}, "
                         f"DOCX {statistics.median(docx_ms):.0f} ms p50")
        path = folder / f"{kind}.docx"
        path.write_bytes(docx)
        samples[kind] = path
        print(f"{kind:16} {pages(signed):>5} {len(signed) // 1024:>5}   "
              f"{statistics.median(docx_ms):6.0f}/{percentile(docx_ms, 0.95):<6.0f}   "
              f"{statistics.median(pdf_ms):6.0f}/{percentile(pdf_ms, 0.95):<6.0f}   "
              f"{statistics.median(sign_ms):6.0f}/{percentile(sign_ms, 0.95):<6.0f}   "
              f"{statistics.median(totals):9.0f}")

    kinds = list(KINDS)
    start = time.perf_counter()
    for n in range(args.total):
        one(kinds[n % len(kinds)], n + 1)
    elapsed = time.perf_counter() - start
    gc.collect()
    print(f"\n{args.total} more documents (DOCX + PDF + signature) in {elapsed:.1f} s: "
          f"{args.total / elapsed:.1f} documents/s; RSS now {rss_mb():.0f} MB")
    figures.add("documents per second, one process", round(args.total / elapsed, 1), "docs/s",
                note=f"{args.total} documents with DOCX; RSS {rss_mb():.0f} MB after them")

    if args.no_libreoffice:
        figures.write(args.json)
        shutil.rmtree(folder, ignore_errors=True)
        return
    copies = [folder / f"copy{n}-{kind}.docx" for n in range(5) for kind in kinds]
    for path in copies:
        shutil.copy(samples[path.stem.split("-", 1)[1]], path)
    baseline = libreoffice(copies)
    if baseline is None:
        print("\nLibreOffice not installed: baseline skipped (apt-get install libreoffice-writer-nogui).")
        figures.add("stamped, signed filing notice PDF", f"{stamped_pdf['filing_notice']:.0f}", "ms p50",
                    target="≥ 10× faster than LibreOffice", note="LibreOffice not installed: no baseline")
        figures.write(args.json)
        shutil.rmtree(folder, ignore_errors=True)
        return
    print(f"\nLibreOffice headless, the same DOCX files to PDF: one soffice per document "
          f"{baseline['process_per_document_p50']:.0f} ms p50; {len(copies)} files in one call "
          f"{baseline['batch_per_document']:.0f} ms each")
    ours = stamped_pdf["filing_notice"]
    print(f"stamped, signed filing notice here {ours:.0f} ms p50: "
          f"{baseline['process_per_document_p50'] / ours:.1f}x faster than one soffice per document, "
          f"{baseline['batch_per_document'] / ours:.1f}x faster than soffice converting in a batch")
    single, batch = baseline["process_per_document_p50"] / ours, baseline["batch_per_document"] / ours
    figures.add("stamped, signed filing notice PDF vs one soffice per document", f"{ours:.0f}", "ms p50",
                target="≥ 10× faster", met=single >= 10,
                baseline=f"LibreOffice {baseline['process_per_document_p50']:.0f} ms", ratio=round(single, 1))
    figures.add("stamped, signed filing notice PDF vs soffice converting a batch", f"{ours:.0f}", "ms p50",
                target="≥ 10× faster", met=batch >= 10, baseline=f"LibreOffice {baseline['batch_per_document']:.0f} ms "
                "a document", ratio=round(batch, 1), note=f"{len(copies)} DOCX files in one soffice call")
    figures.write(args.json)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
