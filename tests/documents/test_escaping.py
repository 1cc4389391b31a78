"""User text must come out literally in both formats: no lost text, no injected markup or template code."""

import zipfile

import pytest

from workflows.documents.content import table

from .helpers import docx_text, notice_data, pdf_text

pytestmark = pytest.mark.django_db

LITERALS = [
    "A&B 与 C&amp;D",
    "<script>alert(1)</script>",
    "他说：\"注意\"，'安全'",
    "{{ request.user }} 和 {{7*7}}",
    "{% if x %}条件{% endif %}",
    "表情😀符号",
]
CONTROL = "控制\x00符\x07号\x0b测\x1b试"
CONTROL_CLEAN = "控制符号测试"


def dangerous_data() -> dict:
    return notice_data(
        title="关于A&B<b>粗</b>{{ title }}的通知",
        addressee="{% raw %}示范区<恒安>&公司",
        body=[*LITERALS, CONTROL, table(["项目&<名称>", "{{ 列 }}"], [["<td>", "{% for %}"]], title="表<格>")],
        attachments=["附件&<一>"],
        cc=["抄送{{单位}}"],
    )


def test_user_text_comes_out_literally_in_the_pdf(issue):
    text = pdf_text(issue(context=dangerous_data()))
    for literal in LITERALS:
        assert literal in text, literal
    assert CONTROL_CLEAN in text
    for literal in ("关于A&B<b>粗</b>{{ title }}的通知", "{% raw %}示范区<恒安>&公司：", "项目&<名称>", "{{ 列 }}",
                    "<td>", "{% for %}", "表<格>", "附件&<一>", "抄送{{单位}}"):
        assert literal in text, literal


def test_user_text_comes_out_literally_in_the_docx(issue):
    document = issue(context=dangerous_data())
    text = docx_text(document)
    for literal in [*LITERALS, CONTROL_CLEAN, "关于A&B<b>粗</b>{{ title }}的通知", "{% raw %}示范区<恒安>&公司：",
                    "项目&<名称>", "{{ 列 }}", "<td>", "{% for %}", "表<格>", "附件&<一>", "抄送{{单位}}。"]:
        assert literal in text, literal
    with document.docx.open("rb") as handle:
        xml = zipfile.ZipFile(handle).read("word/document.xml").decode()
    assert "<script>" not in xml and "<b>" not in xml  # escaped as text, never markup
    assert "&lt;script&gt;" in xml


def test_control_characters_are_stripped_before_they_reach_either_format(issue):
    document = issue(context=notice_data(title="标题\x00\x08\x0c\x7f\x9f完"))
    assert document.title == "标题完"
    assert "标题完" in pdf_text(document) and "标题完" in docx_text(document)
