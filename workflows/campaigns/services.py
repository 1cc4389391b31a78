"""Creating the campaign calendar: the periods up to a given year, each with its rule set."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import Campaign, Period, RuleSet

CAMPAIGN_SLUG = "lingdao-ganbu-jiang-anquan"


def half_year_bounds(year: int, half: int) -> tuple[dt.date, dt.date, dt.date]:
    """Start, end and report due date of an ordinary half-year (due 15 June / 15 December)."""
    if half == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30), dt.date(year, 6, 15)
    return dt.date(year, 7, 1), dt.date(year, 12, 31), dt.date(year, 12, 15)


@transaction.atomic
def ensure_campaign() -> Campaign:
    """The “领导干部讲安全” campaign and its two rule-set versions, created once."""
    campaign, _created = Campaign.objects.get_or_create(
        slug=CAMPAIGN_SLUG,
        defaults={
            "name": "领导干部讲安全",
            "started_on": dt.date(2020, 12, 23),
            "first_report_due": dt.date(2020, 12, 30),
            "notice_number": "示范安生办〔2020〕14号",
        },
    )
    RuleSet.objects.get_or_create(version=1, defaults={
        "name": "2020年下半年（启动期，不考核宣讲次数）", "quota_enforced": False,
        "notes": "通知于 2020 年 12 月 23 日印发，当期只要求 12 月 30 日前报送工作开展情况。",
    })
    RuleSet.objects.get_or_create(version=2, defaults={
        "name": "常态化考核", "quota_enforced": True,
        "notes": "党政主要负责人每半年至少各进行 1 次安全生产宣讲；6 月 15 日、12 月 15 日前报送工作开展情况。",
    })
    return campaign


def next_half_year(day: dt.date) -> tuple[int, int]:
    """(year, half) of the half-year after the one containing ``day``."""
    return (day.year, 2) if day.month <= 6 else (day.year + 1, 1)


@transaction.atomic
def ensure_periods(*, campaign: Campaign, through_year: int | None = None) -> list[Period]:
    """Create every missing half-year from the campaign start up to the end of ``through_year``, by default up to
    the half-year after today's, so that the next one exists on its first day (plans are filed for it ahead)."""
    last = (through_year, 2) if through_year else next_half_year(timezone.localdate())
    first_rules = RuleSet.objects.get(version=1)
    standard_rules = RuleSet.objects.get(version=2)
    existing = set(campaign.periods.values_list("code", flat=True))
    created = []
    start = campaign.started_on
    first_half = 1 if start.month <= 6 else 2
    for year in range(start.year, last[0] + 1):
        for half in (1, 2):
            if (year == start.year and half < first_half) or (year, half) > last:
                continue
            code = f"{year}H{half}"
            if code in existing:
                continue
            starts, ends, due = half_year_bounds(year, half)
            rules = standard_rules
            if year == start.year and half == first_half:
                starts, due, rules = start, campaign.first_report_due, first_rules
            period = Period(campaign=campaign, code=code, year=year, half=half, starts=starts, ends=ends,
                            report_due=due, rule_set=rules)
            period.full_clean()
            period.save()
            created.append(period)
    return created
