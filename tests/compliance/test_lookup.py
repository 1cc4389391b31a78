"""The inspector's lookup: by credit code or name, heads and lectures shown; nobody else may use it."""

import pytest

from workflows.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_an_inspector_finds_an_enterprise_by_credit_code(login):
    unit = Organisation.objects.get(code="unit001")
    html = login("inspector01").get("/compliance/lookup/", {"q": unit.credit_code}).content.decode()
    assert unit.name in html
    assert "党组织主要负责人" in html and "已通过的宣讲" in html
    assert "示范区北辰五金制品有限公司" not in html


def test_an_inspector_finds_by_part_of_the_name(login):
    html = login("inspector01").get("/compliance/lookup/", {"q": "恒安"}).content.decode()
    assert "示范区恒安化工贸易有限公司" in html


@pytest.mark.parametrize("username", ["unit001.liaison", "dept01.reviewer", "sysadmin", "auditor"])
def test_others_cannot_use_the_lookup(login, username):
    assert login(username).get("/compliance/lookup/", {"q": "恒安"}).status_code == 404


def test_an_inspector_sees_nothing_else(login, demo):
    client = login("inspector01")
    for url in ["/lectures/plans/", "/lectures/records/", "/reports/", "/rectification/notices/", "/ladder/tasks/"]:
        html = client.get(url).content.decode()
        assert "恒安化工" not in html, url


def test_an_inspector_records_a_finding_through_the_form(login):
    from workflows.compliance.models import Finding

    unit = Organisation.objects.get(code="unit002")
    client = login("inspector01")
    from workflows.campaigns.models import Period

    response = client.post(f"/compliance/units/{unit.pk}/findings/new/", {
        "period": Period.objects.get(code="2026H2").pk, "source": "inspection", "inspected_on": "2026-11-20",
        "inspectors": "王检查、李执法", "description": "主要负责人未能提供宣讲材料。", "basis": ""})
    assert response.status_code == 302
    assert Finding.objects.get(unit=unit, source="inspection").inspectors == ["王检查", "李执法"]
