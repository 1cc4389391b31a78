import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from workflows.documents.models import Document, NumberAllocation, format_number
from workflows.documents.numbering import allocate_number
from workflows.documents.services import revoke_document, void_number

pytestmark = pytest.mark.django_db


def test_numbers_use_six_sided_brackets_the_full_year_and_no_leading_zeros():
    assert format_number("示范安生办", 2026, 12) == "示范安生办〔2026〕12号"
    assert format_number("示范应急", 2027, 1) == "示范应急〔2027〕1号"


def test_numbers_are_gapless_per_issuer_and_year(issue, org, user):
    first, second, third = issue(), issue(), issue()
    department = issue(issuer=org("dept01"), actor=user("dept01.leader"), level="department")
    assert [first.serial, second.serial, third.serial] == [1, 2, 3]
    assert department.serial == 1 and department.number.startswith("示范应急〔")
    year = timezone.localdate().year
    assert third.number == f"示范安生办〔{year}〕3号"


def test_a_new_year_starts_again_at_one(office):
    with transaction.atomic():
        assert allocate_number(issuer=office, year=2031).serial == 1
        assert allocate_number(issuer=office, year=2031).serial == 2
        assert allocate_number(issuer=office, year=2032).serial == 1


def test_an_unnumbered_document_takes_no_number(issue, org, user):
    document = issue(kind="submission", issuer=org("unit001"), recipient=org("dept01"), numbered=False,
                     actor=user("unit001.party"), level="unit")
    assert document.number is None and document.serial is None
    assert not NumberAllocation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_numbers_are_taken_only_inside_a_transaction():
    from workflows.organisations.models import Organisation

    office = Organisation.objects.create(code="office-x", kind=Organisation.Kind.OFFICE, name="测试办公室",
                                         doc_prefix="测试办")
    with pytest.raises(TransactionManagementError):
        allocate_number(issuer=office, year=2026)


def test_an_issuer_without_a_prefix_cannot_number(org):
    with pytest.raises(ValidationError), transaction.atomic():
        allocate_number(issuer=org("unit001"), year=2026)


def test_a_voided_number_is_kept_with_its_reason_and_never_reused(issue, director):
    first = issue()
    revoke_document(document=first, reason="内容有误，收回重发", actor=director)
    void_number(allocation=first.number_allocation, reason="原文已撤销，文号作废", actor=director)
    second = issue()
    assert second.serial == 2
    voided = NumberAllocation.objects.get(pk=first.number_allocation.pk)
    assert voided.is_void and voided.void_reason == "原文已撤销，文号作废" and voided.voided_by == director
    with pytest.raises(ValidationError):
        void_number(allocation=voided, reason="再次作废", actor=director)


def test_a_reserved_number_voided_before_use_leaves_no_gap_in_the_register(office, director, issue):
    with transaction.atomic():
        reserved = allocate_number(issuer=office, year=timezone.localdate().year)
    void_number(allocation=reserved, reason="预留文号未使用", actor=director)
    assert issue().serial == reserved.serial + 1


def test_the_number_of_a_valid_document_cannot_be_voided(issue, director):
    document = issue()
    with pytest.raises(ValidationError):
        void_number(allocation=document.number_allocation, reason="误操作", actor=director)


def test_only_the_issuers_signer_or_the_office_director_voids_numbers(issue, user, director):
    document = issue()
    revoke_document(document=document, reason="撤销", actor=director)
    for name in ("office.reviewer", "dept01.leader", "unit001.liaison"):
        with pytest.raises(PermissionDenied):
            void_number(allocation=document.number_allocation, reason="作废", actor=user(name))


def test_a_void_needs_a_reason(issue, director):
    document = issue()
    revoke_document(document=document, reason="撤销", actor=director)
    with pytest.raises(ValidationError):
        void_number(allocation=document.number_allocation, reason="  ", actor=director)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises writers)")
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_issues_get_exactly_one_to_fifty(demo, office, director, org):
    from workflows.documents.services import issue_document

    from .helpers import notice_data

    recipient = org("unit001")
    start = threading.Barrier(50)
    errors = []

    def approve(n: int) -> None:
        try:
            start.wait()
            issue_document(kind="filing_notice", issuer=office, recipient=recipient, level="office",
                           context=notice_data(title=f"并发测试通知第{n}份"), numbered=True, actor=director)
        except Exception as error:  # reported below; a thread must not die silently
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    serials = sorted(Document.objects.filter(issuer=office).values_list("serial", flat=True))
    assert serials == list(range(1, 51))
    assert sorted(NumberAllocation.objects.filter(issuer=office).values_list("serial", flat=True)) == serials
