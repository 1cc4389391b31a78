"""Journey 5: an inspector on a phone looks an enterprise up by its unified social credit code."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def credit_code_of(code: str) -> str:
    from workflows.organisations.models import Organisation

    return Organisation.objects.get(code=code).credit_code


def previous_half_year() -> str:
    from workflows.demo.timeline import Story

    return str(Story.today().previous.label)


def test_an_inspector_looks_an_enterprise_up_by_credit_code_on_a_phone(journey):
    credit_code = journey.setup(credit_code_of, "unit031")  # 青山景区: an overdue notice and open findings
    judged = journey.setup(previous_half_year)  # the demo's evaluated half-year, the one before today's
    page = journey.open(**PHONE, mobile=True)

    journey.log_in("inspector01")
    page.goto("/compliance/lookup/")
    search = page.get_by_role("search")
    assert search.bounding_box()["width"] >= PHONE["width"] - 60, "the search box spans the phone's width"
    page.get_by_role("searchbox").fill(credit_code.lower())  # typed as read off a licence, in any case
    journey.shot("inspector-lookup", full_page=False)
    page.get_by_test_id("lookup").click()

    result = page.get_by_test_id("lookup-result")
    expect(result).to_have_count(1)
    expect(result.locator("h3")).to_have_text("示范区青山景区管理有限公司")
    expect(result).to_contain_text(credit_code)
    expect(result).to_contain_text("党组织主要负责人")
    expect(result).to_contain_text("行政主要负责人")
    expect(result).to_contain_text(judged)
    expect(result).to_contain_text("未销号的整改通知")
    expect(result).to_contain_text("未销号的问题")
    expect(result.get_by_test_id("add-finding")).to_be_visible()
    # Made for the phone: nothing wider than the screen, no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    journey.shot("inspector-result", full_page=False)
    journey.shot("inspector-result-whole")
