"""Writes: issue, revoke and supersede documents, and void numbers. One transaction each.

``issue_document`` runs inside the caller's transaction (the approval that triggers it): the number
is taken there, and if rendering, signing or storing the files fails the exception rolls the whole approval
back — no number is consumed, no row or audit event is written, no file is left behind (storage that cannot
be written raises ``ServiceUnavailable``, shown to the user as a 503 with a clear message). (Should the caller's
transaction fail later, after the files were stored, the rows go and the two files stay on disk,
unreferenced and unreachable: there is no rollback hook to delete them.)
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.audit.services import record_event
from workflows.common.errors import ServiceUnavailable
from workflows.organisations.models import Organisation
from workflows.organisations.permissions import can_issue

from .content import clean_data
from .kinds import get_kind
from .models import Document, NumberAllocation
from .numbering import allocate_number
from .rendering import render_document
from .signing import sign_pdf
from .verification import new_verify_code


def _unused_verify_code() -> str:
    while True:
        code = new_verify_code()
        if not Document.objects.filter(verify_code=code).exists():
            return code


def _file_name(document: Document, extension: str) -> str:
    """Under the field's ``documents/`` folder: one folder per issuer and year, named by verification code."""
    return f"{document.issuer.code}/{document.year}/{document.verify_code}.{extension}"


def _require_office_director(actor) -> None:
    office = Organisation.objects.filter(kind=Organisation.Kind.OFFICE).first()
    if office is None or not can_issue(actor, office):
        raise PermissionDenied(_("只有区安委会办公室主任可以撤销或替代公文。"))


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写原因。")})
    return reason


def _store_files(document: Document, *, pdf: bytes, docx: bytes) -> None:
    """Write both files, or neither: storage that cannot be written stops the issue (and its approval)."""
    try:
        document.pdf.save(_file_name(document, "pdf"), ContentFile(pdf), save=False)
        try:
            document.docx.save(_file_name(document, "docx"), ContentFile(docx), save=False)
        except BaseException:
            document.pdf.storage.delete(document.pdf.name)
            raise
    except OSError as error:
        raise ServiceUnavailable(_("公文文件无法写入存储，本次操作没有生效，文号也未占用。"
                                   "请联系系统管理员检查存储空间后重试。")) from error


@transaction.atomic
def issue_document(
    *,
    kind: str,
    issuer: Organisation,
    recipient: Organisation | None = None,
    subject=None,
    level: str = "",
    context: dict,
    numbered: bool,
    actor,
) -> Document:
    """Render, sign, store and register one document from plain ``context`` data (see ``content.py``).

    Whether ``actor`` may approve is the caller's question (the ladder checks the approver's role).
    """
    try:
        spec = get_kind(kind)
    except KeyError:
        raise ValidationError({"kind": _("未知的文种：%(kind)s") % {"kind": kind}}) from None
    data = clean_data(context)
    issued_at = timezone.now()
    document = Document(kind=kind, level=level, issuer=issuer, recipient=recipient, content=data,
                        year=timezone.localdate(issued_at).year, issued_at=issued_at, issued_by=actor,
                        verify_code=_unused_verify_code())
    if subject is not None:
        document.subject_type = ContentType.objects.get_for_model(subject)
        document.subject_id = subject.pk
    content = spec.build(data, document)
    document.title = content.title
    document.full_clean(exclude=["number", "serial", "number_allocation", "sha256", "pdf", "docx"])
    if numbered:
        allocation = allocate_number(issuer=issuer, year=document.year)
        document.number_allocation = allocation
        document.number, document.serial = allocation.number, allocation.serial

    rendered = render_document(document, content)
    signed = sign_pdf(rendered.pdf, issuer=issuer)
    document.sha256 = hashlib.sha256(signed).hexdigest()

    _store_files(document, pdf=signed, docx=rendered.docx)
    try:
        document.save()
        record_event(action="document.issue", actor=actor, organisation=issuer, target=document, data={
            "kind": kind, "level": level, "number": document.number, "title": document.title,
            "verify_code": document.verify_code, "sha256": document.sha256,
            "recipient": recipient.code if recipient else None,
            "subject": f"{document.subject_type.model_class()._meta.label_lower}:{document.subject_id}"
            if document.subject_type_id else None,
        })
    except BaseException:
        for field in (document.pdf, document.docx):
            if field:
                field.storage.delete(field.name)
        raise
    return document


@transaction.atomic
def revoke_document(*, document: Document, reason: str, actor) -> Document:
    """Withdraw a valid document (office director only); it stays on record, marked revoked with the reason."""
    _require_office_director(actor)
    reason = _require_reason(reason)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not document.is_valid:
        raise ValidationError(_("该公文已撤销或已被替代。"))
    document.status = Document.Status.REVOKED
    document.status_reason = reason
    document.status_changed_at = timezone.now()
    document.status_changed_by = actor
    document.save(update_fields=["status", "status_reason", "status_changed_at", "status_changed_by"])
    record_event(action="document.revoke", actor=actor, organisation=document.issuer, target=document,
                 comment=reason, data={"number": document.number, "verify_code": document.verify_code})
    return document


@transaction.atomic
def supersede_document(*, document: Document, by_document: Document, reason: str, actor) -> Document:
    """Mark a valid document as replaced by a newer valid one (office director only)."""
    _require_office_director(actor)
    reason = _require_reason(reason)
    document, by_document = (Document.objects.select_for_update().get(pk=pk) for pk in (document.pk, by_document.pk))
    if document.pk == by_document.pk:
        raise ValidationError(_("公文不能替代自身。"))
    if not document.is_valid:
        raise ValidationError(_("该公文已撤销或已被替代。"))
    if not by_document.is_valid:
        raise ValidationError(_("替代文件本身须为有效公文。"))
    document.status = Document.Status.SUPERSEDED
    document.superseded_by = by_document
    document.status_reason = reason
    document.status_changed_at = timezone.now()
    document.status_changed_by = actor
    document.save(update_fields=["status", "superseded_by", "status_reason", "status_changed_at",
                                 "status_changed_by"])
    record_event(action="document.supersede", actor=actor, organisation=document.issuer, target=document,
                 comment=reason, data={"number": document.number, "by": by_document.pk,
                                       "by_number": by_document.number})
    return document


@transaction.atomic
def void_number(*, allocation: NumberAllocation, reason: str, actor) -> NumberAllocation:
    """Void a number that stands for no valid document; it stays in the register and is never reused."""
    allocation = NumberAllocation.objects.select_for_update().select_related("issuer").get(pk=allocation.pk)
    office = Organisation.objects.filter(kind=Organisation.Kind.OFFICE).first()
    if not (can_issue(actor, allocation.issuer) or (office and can_issue(actor, office))):
        raise PermissionDenied(_("只有发文机关的签发人或区安委会办公室主任可以作废文号。"))
    reason = _require_reason(reason)
    if allocation.is_void:
        raise ValidationError(_("该文号已作废。"))
    document = Document.objects.filter(number_allocation=allocation).first()
    if document is not None and document.is_valid:
        raise ValidationError(_("该文号对应的公文仍然有效，请先撤销公文。"))
    allocation.voided_at = timezone.now()
    allocation.voided_by = actor
    allocation.void_reason = reason
    allocation.save(update_fields=["voided_at", "voided_by", "void_reason"])
    record_event(action="document.number_void", actor=actor, organisation=allocation.issuer, target=allocation,
                 comment=reason, data={"number": allocation.number})
    return allocation
