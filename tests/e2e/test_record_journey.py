"""Journey 2: a liaison records a lecture with its evidence and files the half-year report that counts it.

The record's approvals are done in the browser too: the unit head on the task page, the department and
the office with 批量审批 from 待办.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from .steps import approve_in_batch, approve_in_task_page, dates_in_current_period, open_task

pytestmark = pytest.mark.e2e

UNIT = "鲜多多超市"  # unit012, supervised by dept03 (区商务局)
THEME = "商超消防安全与应急疏散"
SUMMARY = ("总经理围绕商超人员密集场所消防安全，结合近年来商场火灾事故案例，讲解了安全生产法规定的主体责任、"
           "消防通道和安全出口管理、电气线路和用火用电检查要求，并现场演示灭火器和消火栓的使用方法，"
           "组织员工开展应急疏散演练，要求各班组每日开展防火巡查，做到隐患当日发现当日整改。")


def evidence_files(folder, held_on: dt.date) -> list[tuple[str, object]]:
    """Two lecture photos taken on the day and a sign-in sheet, as the liaison has them on disk."""
    from django.utils import timezone

    from workflows.evidence.demo import demo_photo, demo_signin_sheet

    taken_at = timezone.make_aware(dt.datetime.combine(held_on, dt.time(9, 40)))
    uploads = [("photo", demo_photo(captured_at=taken_at, seed=seed, caption="消防安全专题宣讲",
                                    name=f"现场照片{seed}.jpg")) for seed in (1, 2)]
    uploads.append(("signin_sheet", demo_signin_sheet(unit_name="示范区鲜多多超市有限公司", held_on=held_on,
                                                      topic=THEME, attendees=30, seed=3, name="签到表.jpg")))
    files = []
    for kind, upload in uploads:
        path = folder / upload.name
        path.write_bytes(upload.read())
        files.append((kind, path))
    return files


def test_a_recorded_lecture_with_its_evidence_counts_in_the_half_year_report(journey, tmp_path):
    page = journey.page
    held_on, _ = journey.setup(dates_in_current_period)
    files = evidence_files(tmp_path, held_on)

    journey.log_in("unit012.liaison")
    page.goto("/lectures/records/")
    page.get_by_test_id("new-item").click()
    form = page.locator("form.anquan-form")
    form.locator("#id_held_on").fill(held_on.isoformat())
    form.locator("#id_starts_at").fill("09:30")
    form.locator("#id_ends_at").fill("11:00")
    form.locator("#id_venue").fill("超市二楼培训室")
    form.locator("#id_lecturer_role").select_option("admin_head")
    form.locator("#id_form").select_option("seminar")
    form.locator("#id_theme").fill(THEME)
    form.locator("#id_audience").select_option("frontline")
    form.locator("#id_attendees").fill("30")
    form.get_by_label("（六）普及公共安全知识").check()
    form.get_by_label("（七）宣讲企业安全生产主体责任").check()
    form.get_by_label("现场宣讲").check()
    form.locator("#id_summary").fill(SUMMARY)
    form.locator("#id_host").fill("王丽")
    form.locator("#id_recorder").fill("李强")
    journey.shot("liaison-record-form")
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("item-state")).to_have_text("草稿")

    evidence = page.get_by_test_id("evidence")
    for count, (kind, path) in enumerate(files, start=1):
        evidence.locator("select[name=kind]").select_option(kind)
        evidence.locator("input[name=file]").set_input_files(path)
        evidence.get_by_test_id("upload").click()
        expect(page.get_by_test_id("messages")).to_contain_text("已上传")
        expect(evidence.locator("figure.evidence-item")).to_have_count(count)
        expect(evidence.locator(f'figcaption a[title="{path.name}"]')).to_be_visible()
    expect(evidence.get_by_test_id("evidence-flag")).to_have_count(0)  # the photos were taken on the day
    journey.shot("liaison-record-evidence")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("item-state")).to_have_text("待单位审签")

    # The head sees the evidence on the task page before signing off.
    journey.log_in("unit012.party")
    open_task(journey, unit=UNIT, kind="宣讲记录")
    expect(page.get_by_test_id("evidence").locator("figure.evidence-item")).to_have_count(len(files))
    page.locator("#approve-comment").fill("情况属实，同意报送。")
    journey.shot("unit-head-task")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("messages")).to_contain_text("已审批通过")
    approve_in_batch(journey, "dept03.reviewer", unit=UNIT, kind_code="record", comment="材料齐全，同意。",
                     shot="department")
    approve_in_batch(journey, "office.reviewer", unit=UNIT, kind_code="record", comment="同意备案。", shot="office")

    journey.log_in("unit012.liaison")
    page.goto("/reports/")
    page.get_by_test_id("new-item").click()
    form = page.locator("form.anquan-form")
    form.locator("#id_situation").fill("本半年单位主要负责人带头宣讲安全生产，覆盖全体一线员工。")
    form.locator("#id_practices").fill("结合商超人员密集的特点，开展消防安全专题讲座和应急疏散演练。")
    form.locator("#id_problems").fill("部分新入职员工应急处置技能仍需加强。")
    form.locator("#id_next_steps").fill("继续组织党组织负责人开展宣讲，并邀请消防救援机构现场指导。")
    form.locator("#id_shortfall_explanation").fill("党组织负责人的宣讲安排在本半年末。")
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("item-state")).to_have_text("草稿")
    report_url = page.url
    statistics = page.get_by_test_id("statistics")
    expect(statistics.get_by_test_id("stat-lectures")).to_have_text("1")
    expect(statistics.get_by_test_id("stat-attendees")).to_have_text("30")
    expect(statistics.get_by_test_id("stat-records")).to_contain_text(THEME)
    journey.shot("liaison-report-draft")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("item-state")).to_have_text("待单位审签")

    # The head's sign-off files the report and fixes its statistics.
    approve_in_task_page(journey, "unit012.party", unit=UNIT, kind="工作开展情况报告", comment="同意报送。",
                         shot="unit-head-report")
    journey.log_in("unit012.liaison")
    page.goto(report_url)
    statistics = page.get_by_test_id("statistics")
    expect(statistics).to_contain_text("已固定")
    expect(statistics.get_by_test_id("stat-lectures")).to_have_text("1")
    expect(statistics.get_by_test_id("stat-records")).to_contain_text(THEME)
    journey.shot("liaison-report-filed")
