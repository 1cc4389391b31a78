"""The kinds of document and how each turns plain data into content.

A new kind is one context builder plus a template pair. The generic kinds below share the GB/T 9704
base pair (``doc_templates/html/gbt9704.html`` and ``doc_templates/docx/gbt9704.docx``); a kind with
its own layout names its own pair (an HTML template extending the base, a DOCX built from it).
Register it with ``register(DocumentKind(...))`` from the app that owns it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .content import Content, build_content

if TYPE_CHECKING:
    from .models import Document

BASE_HTML = "gbt9704.html"
BASE_DOCX = "gbt9704.docx"


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str
    build: Callable[[dict, Document], Content]
    html_template: str = BASE_HTML
    docx_template: str = BASE_DOCX


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    _KINDS[kind.key] = kind
    return kind


def get_kind(key: str) -> DocumentKind:
    """The registered kind; ``KeyError`` when there is none."""
    return _KINDS[key]


def kind_label(key: str) -> str:
    kind = _KINDS.get(key)
    return str(kind.label) if kind else key


def _recipient_name(document: Document) -> str:
    return document.recipient.name if document.recipient else ""


def build_submission(data: dict, document: Document) -> Content:
    """报送件: a unit sends its item up to its supervisor, under the unit's seal; dated, not numbered."""
    return build_content(data, addressee=_recipient_name(document), closing=str(_("特此报送。")))


def build_review_opinion(data: dict, document: Document) -> Content:
    """审核意见: a department's numbered opinion on an item of a unit it supervises."""
    return build_content(data, addressee=_recipient_name(document), closing=str(_("特此函告。")),
                         printed_by=document.issuer.name)


def build_filing_notice(data: dict, document: Document) -> Content:
    """备案通知: the office's numbered notice that a plan or report is on file."""
    return build_content(data, addressee=_recipient_name(document), closing=str(_("特此通知。")),
                         printed_by=document.issuer.name)


def build_confirmation(data: dict, document: Document) -> Content:
    """确认单: the office's numbered confirmation of a lecture record."""
    return build_content(data, addressee=_recipient_name(document), closing=str(_("特此确认。")),
                         printed_by=document.issuer.name)


SUBMISSION = register(DocumentKind("submission", _("报送件"), build_submission))
REVIEW_OPINION = register(DocumentKind("review_opinion", _("审核意见"), build_review_opinion))
FILING_NOTICE = register(DocumentKind("filing_notice", _("备案通知"), build_filing_notice))
CONFIRMATION = register(DocumentKind("confirmation", _("确认单"), build_confirmation))
