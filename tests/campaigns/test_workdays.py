import datetime as dt

import pytest

from workflows.campaigns.workdays import add_workdays, is_workday, subtract_workdays, workdays_between

pytestmark = pytest.mark.calendar


def test_national_day_is_a_holiday_and_a_make_up_saturday_is_a_workday():
    assert not is_workday(dt.date(2026, 10, 1)).value
    assert is_workday(dt.date(2026, 2, 14)).value  # Saturday worked before the Spring Festival
    assert not is_workday(dt.date(2026, 2, 14)).estimated


def test_add_workdays_skips_the_national_day_holiday():
    # 30 Sept 2026 (Wed) + 1 working day: 1–7 October are holidays, so the answer is 8 October.
    assert add_workdays(dt.date(2026, 9, 30), 1).value == dt.date(2026, 10, 8)


def test_five_working_days_over_an_ordinary_weekend():
    assert add_workdays(dt.date(2026, 11, 27), 5).value == dt.date(2026, 12, 4)


def test_a_year_the_package_does_not_know_counts_weekdays_and_says_so():
    answer = add_workdays(dt.date(2026, 12, 30), 3)
    assert answer.value == dt.date(2027, 1, 4)
    assert answer.estimated
    assert "按周一至周五计算" in answer.note


def test_report_reminder_days_before_15_december_2026():
    assert [subtract_workdays(dt.date(2026, 12, 15), n).value for n in (7, 3, 1)] == [
        dt.date(2026, 12, 4), dt.date(2026, 12, 10), dt.date(2026, 12, 14)]


def test_workdays_between_and_back():
    assert workdays_between(dt.date(2026, 11, 28), dt.date(2026, 12, 15)).value == 12
    assert workdays_between(dt.date(2026, 12, 15), dt.date(2026, 11, 28)).value == -12
    assert subtract_workdays(dt.date(2026, 12, 15), 3).value == dt.date(2026, 12, 10)


def test_the_template_filter_says_so_beside_a_deadline_in_an_unknown_year():
    from django.template import Context, Template

    template = Template("{% load workdays %}{{ day|workday_note }}")
    assert template.render(Context({"day": dt.date(2026, 12, 1)})) == ""
    assert "按周一至周五计算" in template.render(Context({"day": dt.date(2027, 1, 8)}))
