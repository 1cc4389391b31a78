"""Reads: documents scoped to the user, the register of an issuer, and the public verification record."""

import datetime
import hashlib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.organisations.models import Organisation
from workflows.organisations.selectors import reviews_everything, visible_organisation_ids

from .models import Document, NumberAllocation
from .rendering.layout import date_text
from .signing import check_signature
from .verification import display_code, normalise_code


def visible_documents(user) -> QuerySet[Document]:
    """Documents issued by or addressed to an organisation whose items the user may see.

    A unit sees what it issued and what it received; a department also its units'; the office all.
    Every list, download, export and API of documents goes through this.
    """
    documents = Document.objects.select_related("issuer", "recipient", "superseded_by")
    if reviews_everything(user):
        return documents
    ids = visible_organisation_ids(user)
    if not ids:
        return documents.none()
    # A half-year 通报 is addressed to every unit of the district (各单位), not to one recipient.
    district_wide = Q(kind__in=DISTRICT_WIDE_KINDS, recipient__isnull=True)
    return documents.filter(Q(issuer_id__in=ids) | Q(recipient_id__in=ids) | district_wide)


DISTRICT_WIDE_KINDS = ("bulletin",)


def documents_for(subject) -> QuerySet[Document]:
    """Every document issued about ``subject`` (a plan, record, report, notice …), newest first."""
    return Document.objects.filter(subject_type=ContentType.objects.get_for_model(subject),
                                   subject_id=subject.pk).select_related("issuer", "recipient")


def visible_documents_about(user, subject) -> QuerySet[Document]:
    """The documents issued about ``subject`` that the user may see, in the order they were issued."""
    return (visible_documents(user).filter(subject_type=ContentType.objects.get_for_model(subject),
                                           subject_id=subject.pk).order_by("issued_at", "id"))


def register_issuers(user) -> QuerySet[Organisation]:
    """The issuers whose register (发文登记簿) the user may open: those of the documents they can see."""
    issuer_ids = visible_documents(user).values("issuer_id")
    return Organisation.objects.filter(pk__in=issuer_ids).order_by("code")


@dataclass(frozen=True)
class RegisterEntry:
    """One line of a register: a document, or a voided number that stands for none."""

    year: int
    serial: int  # 0 for unnumbered documents
    at: datetime.datetime
    number: str
    title: str
    issued_on: str
    recipient: str
    status: str
    status_label: str
    note: str
    document: Document | None = None


def _document_entry(document: Document) -> RegisterEntry:
    note = document.status_reason
    if document.superseded_by_id:
        note = _("被 %(number)s 替代：%(reason)s") % {
            "number": document.superseded_by.number or document.superseded_by.title, "reason": note}
    allocation = document.number_allocation
    if allocation is not None and allocation.is_void:
        note = _("%(note)s（文号已作废：%(reason)s）") % {"note": note, "reason": allocation.void_reason}
    return RegisterEntry(
        year=document.year, serial=document.serial or 0, at=document.issued_at,
        number=document.number or "", title=document.title,
        issued_on=date_text(timezone.localdate(document.issued_at)),
        recipient=document.recipient.name if document.recipient_id else "",
        status=document.status, status_label=document.get_status_display(), note=note, document=document)


def register_entries(user, issuer: Organisation) -> list[RegisterEntry]:
    """The issuer's documents the user may see, with the issuer's voided numbers when the user sees the issuer."""
    documents = visible_documents(user).filter(issuer=issuer).select_related("number_allocation")
    entries = [_document_entry(document) for document in documents]
    if reviews_everything(user) or issuer.pk in visible_organisation_ids(user):
        voided = NumberAllocation.objects.filter(issuer=issuer, voided_at__isnull=False, document__isnull=True)
        entries += [RegisterEntry(year=allocation.year, serial=allocation.serial, at=allocation.allocated_at,
                                  number=allocation.number, title="", recipient="",
                                  issued_on=date_text(timezone.localdate(allocation.voided_at)),
                                  status="void", status_label=_("文号已作废"), note=allocation.void_reason)
                    for allocation in voided]
    # Newest first: by year and number, unnumbered documents by date.
    return sorted(entries, key=lambda entry: (entry.year, entry.serial, entry.at), reverse=True)


def document_by_code(code: str) -> Document | None:
    return (Document.objects.select_related("issuer", "superseded_by")
            .filter(verify_code=normalise_code(code)).first())


# What the public record says about a document that is no longer valid, instead of the director's own words.
PUBLIC_STATUS_REASONS = {
    Document.Status.REVOKED: gettext_lazy("发文机关已撤销该公文，如有疑问请与发文机关联系。"),
    Document.Status.SUPERSEDED: gettext_lazy("发文机关已以新公文替代该公文，请以新公文为准。"),
}


def verification_data(code: str) -> dict | None:
    """What the public verification page (and its JSON twin) may reveal about a document, or None.

    What is printed on the paper the visitor holds (kind, number, title, issuer, date), the SHA-256 of the stored
    PDF, the status with a fixed public explanation, and the signature check. Nothing else: no recipient field,
    no content, no file, and not the free-text reason for a revocation (it is the office's internal note, shown
    to those who may see the document). The random code (about 49 bits, rate-limited) keeps anyone without the
    paper out.
    """
    document = document_by_code(code)
    if document is None:
        return None
    with document.pdf.open("rb") as handle:
        pdf = handle.read()
    signature = check_signature(pdf)
    successor = document.superseded_by
    return {
        "verify_code": document.verify_code,
        "display_code": display_code(document.verify_code),
        "kind": document.kind,
        "kind_label": document.kind_label,
        "number": document.number,
        "title": document.title,
        "issuer": document.issuer.name,
        "issued_on": timezone.localdate(document.issued_at).isoformat(),
        "issued_on_text": date_text(timezone.localdate(document.issued_at)),
        "sha256": document.sha256,
        "stored_sha256_matches": hashlib.sha256(pdf).hexdigest() == document.sha256,
        "status": document.status,
        "status_label": document.get_status_display(),
        "status_reason": str(PUBLIC_STATUS_REASONS.get(document.status, "")),
        "status_changed_on": timezone.localdate(document.status_changed_at).isoformat()
        if document.status_changed_at else None,
        "superseded_by": {"verify_code": successor.verify_code, "number": successor.number,
                          "title": successor.title} if successor else None,
        "signature": {"status": signature.status, "label": signature.label, "signer": signature.signer},
    }


def matches_issued_pdf(code: str, uploaded) -> bool | None:
    """Whether an uploaded file is byte-identical to the issued PDF (None when the code is unknown)."""
    document = document_by_code(code)
    if document is None:
        return None
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    return digest.hexdigest() == document.sha256
