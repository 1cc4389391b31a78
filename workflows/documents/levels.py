"""The document each approved level of an item issues: who issues it, to whom, which kind, numbered or not.

unit → 报送件 from the unit to its supervisor (dated, not numbered); department → 审核意见 from the
department to the unit (numbered); office → 备案通知 or 确认单 from the office to the unit (numbered).
Item apps build the context; this module only knows organisations and the three level names.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from .models import Document
from .services import issue_document

LEVEL_KIND = {"unit": ("submission", False), "department": ("review_opinion", True), "office": ("filing_notice", True)}

_paused: ContextVar[bool] = ContextVar("level_documents_paused", default=False)


@contextmanager
def level_documents_paused():
    """Approve without issuing level documents — only for replaying the demo district's history in bulk."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def office_of(unit):
    supervisor = unit.parent
    return supervisor if supervisor.is_office else supervisor.parent


def parties(item, level: str):
    """(issuer, recipient) of the level's document."""
    unit = item.unit
    if level == "unit":
        return unit, unit.parent
    if level == "department":
        return unit.parent, unit
    return office_of(unit), unit


def issue_level_document(*, item, level: str, actor, context: dict, kind: str | None = None) -> Document | None:
    """Issue the document of ``level`` for ``item`` inside the approving transaction."""
    if _paused.get():
        return None
    default_kind, numbered = LEVEL_KIND[level]
    issuer, recipient = parties(item, level)
    return issue_document(kind=kind or default_kind, issuer=issuer, recipient=recipient, subject=item, level=level,
                          context=context, numbered=numbered, actor=actor)
