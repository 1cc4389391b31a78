"""The numbering registry: gapless numbers per issuer and year, taken inside the caller's transaction.

The sequence row is locked (``SELECT … FOR UPDATE``) until the caller's transaction ends, so two
approvals never get the same number, and a rolled-back approval gives its number back: the next one
takes it, and no gap is left. A number that was handed out and then voided keeps its row and reason.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils.translation import gettext as _

from workflows.organisations.models import Organisation

from .models import NumberAllocation, NumberSequence, format_number


def allocate_number(*, issuer: Organisation, year: int) -> NumberAllocation:
    """Take the next number of ``issuer`` for ``year``; must run inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("allocate_number must run inside the approving transaction")
    if not issuer.doc_prefix:
        raise ValidationError(_("%(name)s 尚未设置发文机关代字，不能编号发文。") % {"name": issuer.name})
    # Create the year's row if it is missing; a concurrent creator makes this wait, then do nothing.
    NumberSequence.objects.bulk_create([NumberSequence(issuer=issuer, year=year)], ignore_conflicts=True)
    sequence = NumberSequence.objects.select_for_update().get(issuer=issuer, year=year)
    sequence.last_serial += 1
    sequence.save(update_fields=["last_serial"])
    return NumberAllocation.objects.create(issuer=issuer, year=year, serial=sequence.last_serial,
                                           number=format_number(issuer.doc_prefix, year, sequence.last_serial))
