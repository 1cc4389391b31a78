"""Steps several journeys take in the browser, and the demo facts they start from."""

import datetime as dt
import re

from playwright.sync_api import expect


def task_row(page, *, unit: str, kind: str):
    """The one row of 待办 for ``unit``'s item of ``kind`` (e.g. "宣讲计划")."""
    row = page.locator("tr[data-task]", has_text=unit).filter(has_text=kind)
    expect(row).to_have_count(1)
    return row


def open_task(journey, *, unit: str, kind: str):
    """Find the item in 待办 and open its task page."""
    page = journey.page
    page.goto("/ladder/tasks/")
    task_row(page, unit=unit, kind=kind).get_by_role("link", name="办理").click()
    expect(page.get_by_test_id("task-actions")).to_be_visible()
    return page


def approve_in_task_page(journey, username: str, *, unit: str, kind: str, comment: str, shot: str):
    """Log in, find the item in 待办, approve it with a comment on its task page."""
    journey.log_in(username)
    page = open_task(journey, unit=unit, kind=kind)
    page.locator("#approve-comment").fill(comment)
    journey.shot(f"{shot}-task")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("messages")).to_contain_text("已审批通过")
    expect(page).to_have_url(re.compile(r"/ladder/tasks/$"))


def approve_in_batch(journey, username: str, *, unit: str, kind_code: str, comment: str, shot: str):
    """Log in, tick the item in 待办 (filtered by kind) and approve it with 批量审批通过."""
    journey.log_in(username)
    page = journey.page
    page.goto(f"/ladder/tasks/?kind={kind_code}")
    page.locator("tr[data-task]", has_text=unit).locator("input[name=tasks]").check()
    page.locator("#batch-form input[name=comment]").fill(comment)
    journey.shot(f"{shot}-batch")
    page.get_by_role("button", name="批量审批通过").click()
    expect(page.get_by_test_id("messages")).to_contain_text("批量审批：1 项已通过")


def dates_in_current_period() -> tuple[dt.date, dt.date]:
    """A day already past and a day ahead, both inside the current half-year (runs server-side)."""
    from django.utils import timezone

    from workflows.campaigns.selectors import current_period

    period, today = current_period(), timezone.localdate()
    return max(period.starts, today - dt.timedelta(days=3)), min(period.ends, today + dt.timedelta(days=7))
