import hashlib
import re

import pytest
from django.utils import timezone

from workflows.audit.models import AuditEvent
from workflows.documents.content import heading
from workflows.documents.models import Document, NumberAllocation, NumberSequence
from workflows.documents.rendering.layout import date_text

from .helpers import (
    PT_PER_MM,
    docx_text,
    media_files,
    notice_data,
    pdf_bytes,
    pdf_flat_text,
    pdf_fonts,
    pdf_lines,
    pdf_pages,
)

pytestmark = pytest.mark.django_db


def today_text() -> str:
    return date_text(timezone.localdate())


def test_office_filing_notice_pdf_carries_number_title_names_date_and_text(issue):
    document = issue()
    text = pdf_flat_text(document)
    year = timezone.localdate().year
    assert document.number == f"示范安生办〔{year}〕1号"
    assert document.number in text
    assert "关于示范区恒安化工贸易有限公司2026年上半年宣讲计划的备案通知" in text
    assert "示范区安全生产委员会办公室" in text  # issuer mark and signature
    assert "示范区恒安化工贸易有限公司：" in text  # addressee from the recipient
    assert today_text() in text
    assert "一、宣讲安排" in text and "（一）宣讲内容" in text and "二、工作要求" in text
    assert "宣讲计划安排表" in text and "张建国" in text and "企业、社区群众" in text
    assert "附件：1.2026年上半年宣讲计划表" in text and "2.宣讲内容要点" in text
    assert "抄送：示范区应急管理局。" in text
    assert f"{today_text()}印发" in text
    assert "特此通知。" in text
    assert "—1—" in text and "—2—" in text  # page numbers on a two-page notice


def test_the_docx_says_the_same_from_the_same_context(issue):
    document = issue()
    text = docx_text(document)
    for expected in (document.number, document.title, "示范区安全生产委员会办公室", "示范区恒安化工贸易有限公司：",
                     today_text(), "一、宣讲安排", "（一）宣讲内容", "张建国", "附件：1.2026年上半年宣讲计划表",
                     "抄送：示范区应急管理局。", f"{today_text()}印发", "特此通知。"):
        assert expected in text, expected


def test_the_docx_names_the_fonts_offices_expect(issue):
    document = issue()
    with document.docx.open("rb") as handle:
        import zipfile

        archive = zipfile.ZipFile(handle)
        xml = archive.read("word/styles.xml").decode() + archive.read("word/document.xml").decode()
    for font in ("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"):
        assert font in xml


def test_the_seal_floats_over_the_date_in_the_docx(issue):
    document = issue()
    with document.docx.open("rb") as handle:
        import zipfile

        xml = zipfile.ZipFile(handle).read("word/document.xml").decode()
    seal = re.search(r'<wp:anchor[^>]*>(?:(?!</wp:anchor>).)*?name="seal.png".*?</wp:anchor>', xml, re.S).group(0)
    assert 'behindDoc="0"' in seal and "<wp:wrapNone/>" in seal and '<a:alphaModFix amt="85000"/>' in seal
    assert "<wp:inline" not in xml


@pytest.mark.parametrize(("kind", "level", "issuer_code", "recipient_code", "numbered", "closing"), [
    ("submission", "unit", "unit001", "dept01", False, "特此报送。"),
    ("review_opinion", "department", "dept01", "unit001", True, "特此函告。"),
    ("filing_notice", "office", "office", "unit001", True, "特此通知。"),
    ("confirmation", "office", "office", "unit001", True, "特此确认。"),
])
def test_every_generic_kind_issues_an_openable_pdf_and_docx(issue, org, user, kind, level, issuer_code,
                                                            recipient_code, numbered, closing):
    issuer = org(issuer_code)
    actor = user({"unit001": "unit001.party", "dept01": "dept01.leader", "office": "office.director"}[issuer_code])
    data = {"title": "关于报送2026年上半年宣讲计划的报告",
            "body": ["现将我单位宣讲计划报上。", heading(1, "基本情况"), "正文。"]}
    document = issue(kind=kind, issuer=issuer, recipient=org(recipient_code), context=data, numbered=numbered,
                     actor=actor, level=level)
    text = pdf_flat_text(document)
    assert issuer.name in text and org(recipient_code).name + "：" in text
    assert data["title"] in text and "现将我单位宣讲计划报上。" in text and closing in text
    assert today_text() in text
    assert (document.number in text) if numbered else document.number is None
    if numbered:
        assert document.number.startswith(issuer.doc_prefix + "〔")
    assert closing in docx_text(document)


def test_pdffonts_shows_the_cjk_faces_embedded(issue):
    fonts = pdf_fonts(issue())
    rows = [line.split() for line in fonts.splitlines()[2:]]
    names = {row[0].split("+")[-1]: row for row in rows}
    assert {"gw-song", "gw-xiaobiaosong-Bold", "gw-hei"} <= set(names)
    for name in ("gw-song", "gw-xiaobiaosong-Bold", "gw-hei"):
        assert names[name][-5:-3] == ["yes", "yes"]  # embedded, subset


def test_text_block_left_and_top_edges_measure_28_and_37_mm(issue):
    document = issue()
    page_one, page_two = pdf_lines(document, 1), pdf_lines(document, 2)
    addressee = next(line for line in page_one if line["text"].endswith("："))
    assert addressee["xMin"] / PT_PER_MM == pytest.approx(28, abs=1)
    body_lines = [line for line in page_two if line["xMax"] > 300]
    assert min(line["xMin"] for line in body_lines) / PT_PER_MM == pytest.approx(28, abs=1)
    # Line boxes are 22 to a page: the first line's box starts half the leading above its glyph box.
    pitch = 225 / 22 * PT_PER_MM
    first = min(page_two, key=lambda line: line["yMin"])
    top = first["yMin"] - (pitch - (first["yMax"] - first["yMin"])) / 2
    assert top / PT_PER_MM == pytest.approx(37, abs=1)
    # The red issuer mark's top sits 35 mm below the text block's top.
    mark = next(line for line in page_one if line["text"] == "示范区安全生产委员会办公室")
    size = (mark["yMax"] - mark["yMin"]) / 1.437  # Noto CJK's line box is 1.437 em
    mark_top = mark["yMin"] + ((mark["yMax"] - mark["yMin"]) - size) / 2
    assert mark_top / PT_PER_MM == pytest.approx(37 + 35, abs=1)


def test_the_stored_sha256_is_that_of_the_stored_signed_pdf(issue):
    document = issue()
    assert document.sha256 == hashlib.sha256(pdf_bytes(document)).hexdigest()
    assert pdf_bytes(document).startswith(b"%PDF")


def test_issuing_records_an_audit_event(issue, director):
    document = issue()
    event = AuditEvent.objects.filter(action="document.issue", target_id=str(document.pk)).get()
    assert event.actor == director
    assert event.data["number"] == document.number and event.data["sha256"] == document.sha256


def test_the_subject_is_a_generic_relation(issue, org):
    from workflows.documents.selectors import documents_for

    subject = org("unit002")  # any model instance stands in for a plan, record or report
    document = issue(subject=subject)
    assert document.subject == subject
    assert list(documents_for(subject)) == [document]


def test_the_plain_data_is_kept_with_the_document(issue):
    document = issue(context=notice_data(title="标题\x00含控制符"))
    assert Document.objects.get(pk=document.pk).content["title"] == "标题含控制符"


def test_a_rendering_failure_leaves_nothing_written(issue, monkeypatch):
    from workflows.documents import rendering

    issue()  # number 1
    before = (Document.objects.count(), NumberAllocation.objects.count(), AuditEvent.objects.count(),
              list(NumberSequence.objects.values_list("last_serial", flat=True)), media_files())

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        issue()
    after = (Document.objects.count(), NumberAllocation.objects.count(), AuditEvent.objects.count(),
             list(NumberSequence.objects.values_list("last_serial", flat=True)), media_files())
    assert after == before
    monkeypatch.undo()
    assert issue().serial == 2  # the failed attempt consumed no number


def test_a_signing_failure_rolls_back_too(issue, monkeypatch):
    from workflows.documents import services

    def broken(*args, **kwargs):
        raise OSError("the signing key is unreadable")

    files = media_files()
    monkeypatch.setattr(services, "sign_pdf", broken)
    with pytest.raises(OSError):
        issue()
    assert not Document.objects.exists() and not NumberAllocation.objects.exists()
    assert media_files() == files


def test_a_failure_later_in_the_callers_transaction_gives_the_number_back(issue):
    from django.db import transaction

    with pytest.raises(ValueError), transaction.atomic():
        issue()
        raise ValueError("the approval failed after the document was made")
    assert not Document.objects.exists() and not NumberAllocation.objects.exists()
    assert issue().serial == 1


def test_per_document_images_do_not_pile_up_in_the_shared_image_cache(issue):
    from workflows.documents.rendering import pdf

    issue()
    size = len(pdf._image_cache)
    issue(), issue()
    assert len(pdf._image_cache) == size
    assert not any(str(key).startswith("data:") for key in pdf._image_cache)


def test_date_four_characters_from_the_right_with_the_issuer_name_centred_over_it(issue):
    document = issue()
    last = pdf_lines(document, pdf_pages(document))
    date = next(line for line in last if line["text"] == today_text())
    name = next(line for line in last if line["text"] == "示范区安全生产委员会办公室" and line["yMin"] < date["yMin"])
    right_edge_mm = 210 - 26
    assert (right_edge_mm - date["xMax"] / PT_PER_MM) == pytest.approx(4 * 156 / 28, abs=1)
    centre = lambda line: (line["xMin"] + line["xMax"]) / 2 / PT_PER_MM  # noqa: E731
    assert centre(name) == pytest.approx(centre(date), abs=1)
    assert any(line["text"] == "特此通知。" for line in last)  # the sealed page carries body text


def test_page_numbers_sit_outside_on_odd_and_even_pages(issue):
    document = issue()
    odd = next(line for line in pdf_lines(document, 1) if line["text"] == "—1—")
    even = next(line for line in pdf_lines(document, 2) if line["text"] == "—2—")
    assert odd["xMax"] / PT_PER_MM == pytest.approx(184 - 14 / PT_PER_MM, abs=1.5)  # one 14 pt space in
    assert even["xMin"] / PT_PER_MM == pytest.approx(28 + 14 / PT_PER_MM, abs=1.5)
    assert odd["yMin"] / PT_PER_MM > 297 - 35  # under the text block
