"""Rendering: one context per document feeds the DOCX (docxtpl) and the PDF (WeasyPrint)."""

from dataclasses import dataclass

from django.utils import timezone

from ..content import Content
from ..kinds import get_kind
from ..seals import seal_for
from ..verification import display_code, qr_data_uri, verify_url
from .layout import banji_for, date_text, mark_for, signature_for
from .pdf import render_pdf
from .word import render_docx


@dataclass(frozen=True)
class RenderedDocument:
    docx: bytes
    pdf: bytes


def document_context(document, content: Content) -> dict:
    """Everything both templates need, from the unsaved document record and its content."""
    issuer = document.issuer
    day = timezone.localdate(document.issued_at)
    seal = seal_for(issuer)
    url = verify_url(document.verify_code)
    return {
        "kind": document.kind,
        "issuer_name": issuer.name,
        "mark": mark_for(issuer.name),
        "number": document.number or "",
        "title": content.title,
        "addressee": content.addressee,
        "blocks": content.blocks,
        "closing": content.closing,
        "attachments": content.attachments,
        "cc_text": content.cc_text,
        "printed_by": content.printed_by,
        "printed_on": date_text(day),
        "banji": banji_for(content.cc_text, content.printed_by),
        "sign": signature_for(issuer.name, date_text(day)),
        "seal_pdf": seal.pdf.as_uri(),
        "seal_docx": str(seal.docx),
        "verify": {"code": document.verify_code, "display_code": display_code(document.verify_code),
                   "url": url, "qr": qr_data_uri(url)},
    }


def render_document(document, content: Content) -> RenderedDocument:
    """The DOCX and the unsigned PDF of a document, from one context."""
    kind = get_kind(document.kind)
    context = document_context(document, content)
    return RenderedDocument(docx=render_docx(kind.docx_template, context),
                            pdf=render_pdf(kind.html_template, context))
