"""What a fault must not leave behind: the rows an approval or an issue writes, and the register's numbering."""

import hashlib
from dataclasses import dataclass

from django.utils import timezone

from workflows.audit.models import AuditEvent
from workflows.documents.models import Document, NumberAllocation, NumberSequence
from workflows.organisations.models import Organisation


@dataclass(frozen=True)
class Written:
    documents: int
    numbers: int
    office_last_serial: int
    audit_events: int


def written() -> Written:
    office = Organisation.objects.get(code="office")
    sequence = NumberSequence.objects.filter(issuer=office, year=timezone.localdate().year).first()
    return Written(documents=Document.objects.count(), numbers=NumberAllocation.objects.count(),
                   office_last_serial=sequence.last_serial if sequence else 0, audit_events=AuditEvent.objects.count())


def register_problems(issuer_code: str = "office", *, check_files: bool = True) -> list[str]:
    """Gaps, duplicates, numbers without their document, documents without their files — for one issuer's year."""
    issuer = Organisation.objects.get(code=issuer_code)
    year = timezone.localdate().year
    problems = []
    serials = list(NumberAllocation.objects.filter(issuer=issuer, year=year).order_by("serial")
                   .values_list("serial", flat=True))
    if serials != list(range(1, len(serials) + 1)):
        problems.append(f"serials are not 1..{len(serials)}: {serials}")
    sequence = NumberSequence.objects.filter(issuer=issuer, year=year).first()
    if sequence and sequence.last_serial != len(serials):
        problems.append(f"the sequence stands at {sequence.last_serial}, {len(serials)} numbers taken")
    for allocation in NumberAllocation.objects.filter(issuer=issuer, year=year):
        document = Document.objects.filter(number_allocation=allocation).first()
        if document is None:
            if not allocation.is_void:
                problems.append(f"{allocation.number} has no document")
            continue
        if not check_files:
            continue
        missing = [field.name for field in (document.pdf, document.docx)
                   if not field or not field.storage.exists(field.name)]
        if missing:
            problems.append(f"{allocation.number}: files missing: {missing}")
            continue
        with document.pdf.open("rb") as handle:
            if hashlib.sha256(handle.read()).hexdigest() != document.sha256:
                problems.append(f"{allocation.number}: the PDF does not match its SHA-256")
    return problems
