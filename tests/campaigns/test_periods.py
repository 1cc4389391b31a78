import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from workflows.campaigns.models import Period, RuleSet
from workflows.campaigns.selectors import period_for_date
from workflows.campaigns.services import ensure_campaign, ensure_periods, next_half_year

pytestmark = [pytest.mark.django_db, pytest.mark.calendar]


def period(code):
    return Period.objects.get(code=code)


def test_the_first_period_is_short_and_due_on_30_december_2020(demo):
    first = period("2020H2")
    assert (first.starts, first.ends, first.report_due) == (dt.date(2020, 12, 23), dt.date(2020, 12, 31),
                                                            dt.date(2020, 12, 30))
    assert not first.rule_set.quota_enforced


@pytest.mark.parametrize(("code", "starts", "ends", "due"), [
    ("2026H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 6, 15)),
    ("2026H2", dt.date(2026, 7, 1), dt.date(2026, 12, 31), dt.date(2026, 12, 15)),
    ("2021H1", dt.date(2021, 1, 1), dt.date(2021, 6, 30), dt.date(2021, 6, 15)),
])
def test_ordinary_half_years(demo, code, starts, ends, due):
    row = period(code)
    assert (row.starts, row.ends, row.report_due) == (starts, ends, due)
    assert row.rule_set.quota_enforced
    assert row.rule_set.min_lectures_per_head == 1


def test_periods_run_without_gaps_from_the_campaign_start_to_the_half_year_after_todays(demo):
    periods = list(Period.objects.order_by("starts"))
    assert periods[0].code == "2020H2"
    assert periods[-1].code == "{}H{}".format(*next_half_year(timezone.localdate()))
    for before, after in itertools.pairwise(periods):
        assert after.starts == before.ends + dt.timedelta(days=1)


def test_ensure_periods_is_idempotent_and_extends_to_a_later_year(demo):
    campaign = ensure_campaign()
    year = timezone.localdate().year
    assert ensure_periods(campaign=campaign) == []
    assert ensure_periods(campaign=campaign, through_year=year - 1) == []
    created = ensure_periods(campaign=campaign, through_year=year + 2)
    assert [p.code for p in created][-2:] == [f"{year + 2}H1", f"{year + 2}H2"]
    assert Period.objects.filter(year=year + 2).count() == 2


def test_period_for_date(demo):
    assert period_for_date(dt.date(2020, 12, 22)) is None
    assert period_for_date(dt.date(2020, 12, 23)).code == "2020H2"
    assert period_for_date(dt.date(2026, 6, 30)).code == "2026H1"
    assert period_for_date(dt.date(2026, 7, 1)).code == "2026H2"


def test_report_deadline_is_the_end_of_the_due_day_in_shanghai(demo):
    deadline = period("2026H2").report_deadline
    assert deadline.tzinfo is not None
    assert (deadline.date(), deadline.hour, deadline.minute) == (dt.date(2026, 12, 15), 23, 59)


def test_a_rule_set_that_judged_an_ended_period_is_locked(demo):
    rules = RuleSet.objects.get(version=2)
    assert rules.is_locked
    rules.min_lectures_per_head = 2
    with pytest.raises(ValidationError):
        rules.full_clean()


def test_office_director_edits_an_unlocked_rule_set_in_the_admin(login, demo):
    draft = RuleSet.objects.create(name="2027 年征求意见稿", version=3)
    client = login("office.director")
    response = client.post(f"/admin/campaigns/ruleset/{draft.pk}/change/", {
        "name": "2027 年版", "version": 3, "quota_enforced": "on", "min_lectures_per_head": 2,
        "combined_head_counts_both": "on", "no_party_org_admin_only": "on", "report_required": "on",
        "notes": "",
    })
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.min_lectures_per_head == 2


def test_a_locked_rule_set_cannot_be_changed_in_the_admin(login, demo):
    locked = RuleSet.objects.get(version=2)
    client = login("office.director")
    client.post(f"/admin/campaigns/ruleset/{locked.pk}/change/", {
        "name": "改过的", "version": 2, "min_lectures_per_head": 5,
    })
    locked.refresh_from_db()
    assert locked.min_lectures_per_head == 1
