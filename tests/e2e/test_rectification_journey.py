"""Journey 4: the office evaluates the previous half-year and issues rectification notices in a batch; unit038
acknowledges and answers; its department (dept08) re-checks; the office closes the notice.

The demo's previous half-year leaves open findings for unit005, unit022, unit038 (two) and dept07, none yet in a
notice.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .steps import open_task

pytestmark = pytest.mark.e2e

UNIT = "西岭颐养院"  # unit038, supervised by dept08
DRAFTED_FOR = ("明达金属", "区中医院", "西岭颐养院", "区文旅局")


def rectification_photo(folder):
    from workflows.evidence.demo import demo_photo

    photo = demo_photo(captured_at=timezone.now() - dt.timedelta(hours=2), seed=38, caption="整改宣讲",
                       name="整改宣讲现场.jpg")
    path = folder / photo.name
    path.write_bytes(photo.read())
    return path


def previous_half_year() -> str:
    from workflows.demo.timeline import Story

    return Story.today().previous.code


def test_the_office_evaluates_issues_notices_and_closes_one_after_the_departments_recheck(journey, tmp_path):
    page = journey.page
    photo = rectification_photo(tmp_path)
    today = timezone.localdate()
    judged = journey.setup(previous_half_year)

    journey.log_in("office.reviewer")
    page.goto(f"/compliance/?period={judged}")
    page.get_by_test_id("evaluate").click()
    expect(page.get_by_test_id("messages")).to_contain_text("考核评估完成：48 家单位，42 家达标")
    findings = page.get_by_test_id("findings")
    for unit in DRAFTED_FOR:
        expect(findings).to_contain_text(unit)
    journey.shot("office-evaluated")
    page.get_by_test_id("draft-notices").click()
    expect(page.get_by_test_id("messages")).to_contain_text(f"已起草 {len(DRAFTED_FOR)} 份整改通知")
    expect(page.locator("[data-testid=notice-table] tr[data-notice]")).to_have_count(len(DRAFTED_FOR))
    journey.shot("office-drafts")

    journey.log_in("office.director")
    page.goto("/rectification/notices/?status=draft")
    drafts = page.locator("[data-testid=notice-table] tr[data-notice]")
    expect(drafts).to_have_count(len(DRAFTED_FOR))
    expect(drafts.locator("input[name=notices]:checked")).to_have_count(len(DRAFTED_FOR))
    journey.shot("director-drafts")
    page.get_by_test_id("issue-batch").click()
    expect(page.get_by_test_id("messages")).to_contain_text(f"已签发 {len(DRAFTED_FOR)} 份整改通知")
    row = page.locator("[data-testid=notice-table] tr[data-notice]", has_text=UNIT)
    expect(row).to_contain_text("已下发")
    number = row.locator("a").inner_text()
    assert number.startswith("示范安生办〔")
    journey.shot("director-issued")

    journey.log_in("unit038.liaison")
    page.goto("/rectification/notices/")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("notice-status")).to_have_text("已下发")
    expect(page.get_by_test_id("notice-findings").locator("li")).to_have_count(2)
    journey.shot("unit-notice")
    page.get_by_test_id("acknowledge").click()
    expect(page.get_by_test_id("messages")).to_contain_text("已签收")
    expect(page.get_by_test_id("notice-status")).to_have_text("已签收")
    page.get_by_test_id("answer").click()

    form = page.get_by_test_id("answer-form")
    form.locator("textarea[name=summary]").fill("对照通知逐项整改，两位主要负责人均已到一线开展安全宣讲。")
    measures, done_on = form.locator("textarea[name^=measures_]"), form.locator("input[name^=done_on_]")
    expect(measures).to_have_count(2)
    for index in range(2):
        measures.nth(index).fill("主要负责人已面向全体护理员开展消防安全宣讲，并补报宣讲记录。")
        done_on.nth(index).fill(today.isoformat())
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("messages")).to_contain_text("整改报告已保存")
    evidence = page.get_by_test_id("evidence")
    evidence.locator("select[name=kind]").select_option("photo")
    evidence.locator("input[name=file]").set_input_files(photo)
    evidence.get_by_role("button", name="上传").click()
    expect(page.get_by_test_id("messages")).to_contain_text("已上传")
    expect(evidence.locator("figure.evidence-item")).to_have_count(1)
    expect(page.get_by_test_id("answer-measures")).to_contain_text("已完成")
    journey.shot("unit-answer")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("item-state")).to_have_text("待单位审签")

    journey.log_in("unit038.party")
    open_task(journey, unit=UNIT, kind="整改报告")
    page.locator("#approve-comment").fill("整改到位，同意报送复查。")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("messages")).to_contain_text("已审批通过")

    journey.log_in("dept08.reviewer")
    open_task(journey, unit=UNIT, kind="整改报告")
    expect(page.get_by_test_id("evidence").locator("figure.evidence-item")).to_have_count(1)  # the unit's photo
    recheck = page.get_by_test_id("recheck-form")
    expect(recheck.locator("fieldset")).to_have_count(2)
    recheck.locator("#recheck-date").fill(today.isoformat())
    recheck.locator("#recheck-reviewers").fill("刘建军、王秀英")
    recheck.locator("#recheck-opinion").fill("经现场复查，两位主要负责人均已开展宣讲，问题已整改到位。")
    journey.shot("department-recheck")
    page.get_by_test_id("recheck").click()
    expect(page.get_by_test_id("messages")).to_contain_text("复查通过，已报区安委会办公室销号")
    expect(page.locator(".anquan-card", has_text="复查记录")).to_contain_text("复查人员：刘建军、王秀英")

    journey.log_in("office.reviewer")
    open_task(journey, unit=UNIT, kind="整改报告")
    page.locator("#approve-comment").fill("同意销号。")
    journey.shot("office-closes")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("messages")).to_contain_text("已审批通过")
    page.goto("/rectification/notices/")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("notice-status")).to_have_text("已销号")
    expect(page.get_by_test_id("notice-findings")).to_contain_text("已销号")
    expect(page.get_by_role("link", name="销号通知 PDF")).to_be_visible()
    journey.shot("office-closed")
