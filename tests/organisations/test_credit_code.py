import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrganisationFactory
from workflows.organisations.credit_code import check_character, make_credit_code, validate_credit_code

# Codes published by their holders (check characters per GB 32100-2015).
VALID = ["91350100M000100Y43", "91110000600037341L", "91440300708461136T", "12100000400000624D"]


@pytest.mark.parametrize("code", VALID)
def test_published_codes_are_valid(code):
    validate_credit_code(code)


def test_check_character_is_zero_when_the_sum_is_a_multiple_of_31():
    # Find a 17-character prefix whose weighted sum is 0 mod 31: all zeros.
    assert check_character("0" * 8 + "0" * 9) == "0"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y44", "校验位错误：第 18 位应为“3”"),
        ("91350100M000100Y4", "应为 18 位，当前为 17 位"),
        ("91350100M000100Y433", "应为 18 位，当前为 19 位"),
        ("91350100M0001O0Y43", "不允许的字符“O”"),
        ("91350100m000100Y43", "不允许的字符“m”"),
        ("913501AAM000100Y43", "行政区划代码"),
    ],
)
def test_invalid_codes_get_a_clear_message(code, message):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert message in error.value.messages[0]


def test_make_credit_code_completes_a_valid_code():
    validate_credit_code(make_credit_code("91990100MA0000017"))


@pytest.mark.django_db
def test_organisation_with_a_wrong_code_fails_full_clean_on_the_field(demo):
    organisation = OrganisationFactory.build(credit_code="91350100M000100Y44")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "credit_code" in error.value.message_dict


@pytest.mark.django_db
def test_enterprise_needs_a_credit_code(demo):
    organisation = OrganisationFactory.build(credit_code="")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "企业须填写统一社会信用代码" in error.value.message_dict["credit_code"][0]


@pytest.mark.django_db
def test_admin_form_shows_the_credit_code_error_and_saves_nothing(login, demo):
    client = login("sysadmin")
    before = demo.__class__.objects.count()
    response = client.post("/admin/organisations/organisation/add/", {
        "code": "newunit", "name": "示范区新开业有限公司", "short_name": "新开业", "kind": "enterprise",
        "parent": demo.__class__.objects.get(code="dept01").pk, "is_active": "on",
        "credit_code": "91350100M000100Y44", "has_party_organisation": "on",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "校验位错误" in response.content.decode()
    assert demo.__class__.objects.count() == before
