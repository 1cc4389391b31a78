"""Journey 6: five failed log-ins lock the user name; the right password is then refused too."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

USERNAME = "unit020.liaison"


def test_repeated_failed_log_ins_lock_the_user_name(journey):
    # The refused log-ins answer 422 (wrong password) and 429 (locked); the browser logs both.
    journey.allow_console_errors(r"status of (422|429) .*/accounts/login/")
    page = journey.page
    limit = settings.AXES_FAILURE_LIMIT
    alert = page.get_by_role("alert")

    for attempt in range(1, limit):
        journey.log_in(USERNAME, password=f"wrong-{attempt}")
        expect(page.locator("body")).to_contain_text("请输入一个正确的用户名和密码")
        expect(alert).to_have_count(0)
    # The message stays clear of the user name field's floating label (it used to run into it).
    error, field = page.locator(".vf-form__errors").bounding_box(), page.locator("#id_username").bounding_box()
    assert error["y"] + error["height"] + 6 <= field["y"]
    journey.shot("wrong-password")

    journey.log_in(USERNAME, password=f"wrong-{limit}")
    expect(alert).to_contain_text(f"该账号连续{limit}次登录失败，已被锁定")
    journey.shot("locked")

    journey.log_in(USERNAME, password=journey.password)
    expect(alert).to_contain_text("已被锁定")
    expect(page).to_have_url(journey.base_url + "/accounts/login/")
    journey.shot("locked-with-the-right-password")

    # The lock is on the user name, not on the browser: a colleague still logs in from it.
    journey.log_in("unit020.party")
    expect(page.get_by_test_id("current-period")).to_be_visible()
    journey.shot("colleague-logged-in")
