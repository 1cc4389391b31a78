"""Journey 1: a liaison files a lecture plan, three levels approve it, the office's notice verifies."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .steps import approve_in_task_page, dates_in_current_period

pytestmark = pytest.mark.e2e

UNIT = "筑城市政"  # unit008, supervised by dept02 (区住建委)


def test_a_plan_climbs_the_ladder_and_the_office_notice_verifies(journey, tmp_path):
    page = journey.page
    _, planned_on = journey.setup(dates_in_current_period)

    journey.log_in("unit008.liaison")
    page.goto("/lectures/plans/")
    page.get_by_test_id("new-item").click()
    form = page.locator("form.anquan-form")
    form.locator("#id_lecturer_role").select_option("party_head")
    form.locator("#id_theme").fill("压实安全生产主体责任")
    form.locator("#id_planned_date").fill(planned_on.isoformat())
    form.locator("#id_venue").fill("公司三楼会议室")
    form.locator("#id_audience").select_option("frontline")
    form.get_by_label("（二）宣讲《安全生产法》").check()
    form.get_by_label("（七）宣讲企业安全生产主体责任").check()
    form.get_by_label("现场宣讲").check()
    form.get_by_label("微信").check()
    form.locator("#id_expected_attendees").fill("60")
    journey.shot("liaison-plan-form")
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("item-state")).to_have_text("草稿")
    plan_url = page.url
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("item-state")).to_have_text("待单位审签")
    journey.shot("liaison-plan-submitted")

    approve_in_task_page(journey, "unit008.party", unit=UNIT, kind="宣讲计划", comment="同意报送。", shot="unit-head")
    approve_in_task_page(journey, "dept02.reviewer", unit=UNIT, kind="宣讲计划", comment="计划可行，同意。",
                         shot="department")
    approve_in_task_page(journey, "office.reviewer", unit=UNIT, kind="宣讲计划", comment="同意备案。", shot="office")

    journey.log_in("unit008.liaison")
    page.goto(plan_url)
    expect(page.get_by_test_id("item-state")).to_have_text("已通过")
    history = page.get_by_test_id("history")
    for step in ("单位审签通过", "主管部门审核通过", "安委会办公室审核通过", "同意备案。"):
        expect(history).to_contain_text(step)
    notice = page.get_by_test_id("documents").locator("tr[data-document=filing_notice]")
    expect(notice).to_contain_text("示范安生办〔")
    journey.shot("liaison-plan-approved")

    with page.expect_download() as download_info:
        notice.get_by_test_id("pdf").click()
    download = download_info.value
    assert re.fullmatch(r"示范安生办〔\d{4}〕\d+号\.pdf", download.suggested_filename)
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "备案通知" in text
    code = re.search(r"\b[0-9A-Z]{5}-[0-9A-Z]{5}\b", text).group()  # printed under the QR code

    page.goto("/verify/")
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("status")).to_have_attribute("data-status", "valid")
    expect(page.get_by_test_id("status")).to_have_text("该公文有效")
    expect(page.get_by_test_id("record")).to_contain_text(download.suggested_filename.removesuffix(".pdf"))
    page.locator("input[type=file]").set_input_files(pdf)
    page.get_by_role("button", name="比对", exact=True).click()
    expect(page.get_by_test_id("comparison")).to_have_attribute("data-identical", "yes")
    journey.shot("verification-valid")
