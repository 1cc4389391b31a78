"""Journey 3: a department reviewer returns a plan; the liaison revises it and it comes back to that reviewer.

Setup through the services: unit014's liaison files the plan and its head signs it off, so the journey
starts where the department reviewer finds it in 待办.
"""

import pytest
from playwright.sync_api import expect

from .steps import approve_in_task_page, dates_in_current_period, open_task, task_row

pytestmark = pytest.mark.e2e

UNIT = "老味道餐饮"  # unit014, supervised by dept03 (区商务局)
REASON = "请写明宣讲地点的具体楼层，并补充参加人员范围。"


def plan_signed_off_by_the_unit() -> int:
    from django.contrib.auth import get_user_model

    from workflows.campaigns.selectors import current_period
    from workflows.ladder import services as ladder
    from workflows.lectures.services import create_plan
    from workflows.organisations.models import Organisation

    people = get_user_model().objects
    _, planned_on = dates_in_current_period()
    plan = create_plan(unit=Organisation.objects.get(code="unit014"), user=people.get(username="unit014.liaison"),
                       period=current_period(), lecturer_role="party_head", theme="餐饮场所燃气安全",
                       planned_date=planned_on, venue="公司会议室", audience="frontline", topics=["2", "6"],
                       channels=["onsite"], expected_attendees=40)
    ladder.submit(item=plan, user=people.get(username="unit014.liaison"))
    ladder.approve(task=ladder.open_task(plan), user=people.get(username="unit014.party"), comment="同意报送。")
    return plan.pk


def test_a_returned_plan_comes_straight_back_to_the_department_after_revision(journey):
    page = journey.page
    journey.setup(plan_signed_off_by_the_unit)

    journey.log_in("dept03.reviewer")
    open_task(journey, unit=UNIT, kind="宣讲计划")
    page.locator("#return-comment").fill(REASON)
    journey.shot("department-returns")
    page.get_by_test_id("return").click()
    expect(page.get_by_test_id("messages")).to_contain_text("已退回报送人修改")

    journey.log_in("unit014.liaison")
    page.goto("/ladder/tasks/")
    expect(task_row(page, unit=UNIT, kind="宣讲计划")).to_contain_text("修改后重新报送")
    expect(page.get_by_test_id("batch-approve")).to_have_count(0)  # nothing here to approve
    task_row(page, unit=UNIT, kind="宣讲计划").get_by_role("link", name="办理").click()
    expect(page.get_by_test_id("history")).to_contain_text(REASON)
    journey.shot("liaison-revise-task")
    page.get_by_test_id("open-item").click()
    expect(page.get_by_test_id("item-state")).to_have_text("被主管部门审核退回")
    page.get_by_role("link", name="修改", exact=True).click()
    page.locator("#id_venue").fill("公司办公楼三楼第一会议室")
    page.locator("#id_expected_attendees").fill("55")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("messages")).to_contain_text("已保存")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("item-state")).to_have_text("待单位审签")
    journey.shot("liaison-resubmitted")

    approve_in_task_page(journey, "unit014.party", unit=UNIT, kind="宣讲计划", comment="已按意见修改，同意报送。",
                         shot="unit-head")

    journey.log_in("dept03.reviewer")
    page.goto("/ladder/tasks/")
    row = task_row(page, unit=UNIT, kind="宣讲计划")
    expect(row).to_contain_text("主管部门审核")
    expect(row).to_contain_text("v2")
    journey.shot("department-has-it-again")
    row.get_by_role("link", name="办理").click()
    expect(page.get_by_test_id("task-actions")).to_be_visible()
    expect(page.get_by_test_id("plan-fields")).to_contain_text("公司办公楼三楼第一会议室")
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("主管部门审核退回")
    expect(history).to_contain_text(REASON)
    journey.shot("department-task-v2")

    # The office never saw it: the return and the revision stayed between the unit and the department.
    journey.log_in("office.reviewer")
    page.goto("/ladder/tasks/?kind=plan")
    expect(page.locator("tr[data-task]", has_text=UNIT)).to_have_count(0)
