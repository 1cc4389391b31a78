"""The completion rate across half-years: ended half-years from their kept outcomes, the chosen one live."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from workflows.campaigns.models import Period
from workflows.compliance.evaluation import UnitStatus, unit_statuses
from workflows.organisations.models import Organisation

from .figures import percent
from .models import PeriodOutcome

TREND_LENGTH = 10


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    units: int
    compliant: int
    live: bool  # judged now (the chosen or a running half-year), not read from kept outcomes

    @property
    def rate(self) -> float | None:
        return percent(self.compliant, self.units)


def trend_window(chosen: Period) -> list[Period]:
    """The chosen half-year and the ones before it, oldest first, at most ``TREND_LENGTH``."""
    periods = Period.objects.filter(campaign_id=chosen.campaign_id, starts__lte=chosen.starts)
    return list(periods.select_related("rule_set").order_by("-starts")[:TREND_LENGTH])[::-1]


@transaction.atomic
def keep_outcomes(periods: list[Period]) -> None:
    """Judge every unit once for each ended half-year that has no kept outcomes yet."""
    ended = [period.pk for period in periods if period.has_ended]
    missing = Period.objects.filter(pk__in=ended).filter(~Exists(PeriodOutcome.objects.filter(period=OuterRef("pk"))))
    for period in missing.select_related("rule_set"):
        PeriodOutcome.objects.bulk_create(
            [PeriodOutcome(period=period, unit_id=status.unit_id, compliant=status.compliant, active=status.active)
             for status in unit_statuses(period)],
            batch_size=2000, ignore_conflicts=True)


def completion_trend(*, chosen: Period, statuses: list[UnitStatus], scope: Q) -> list[TrendPoint]:
    """The rate in each half-year of the window for the organisations matching ``scope`` (a Q on Organisation,
    already within the user's sight); ``statuses`` are the chosen half-year's."""
    window = trend_window(chosen)
    kept = [period for period in window if period.pk != chosen.pk and period.has_ended]
    keep_outcomes(kept)
    outcomes = PeriodOutcome.objects.filter(period__in=kept)
    if scope:
        outcomes = outcomes.filter(unit__in=Organisation.objects.filter(scope))
    counts = {row["period_id"]: row for row in outcomes.values("period_id").annotate(
        units=Count("id"), compliant=Count("id", filter=Q(compliant=True))).order_by()}
    points = []
    for period in window:
        if period.pk == chosen.pk:
            points.append(TrendPoint(period, len(statuses), sum(s.compliant for s in statuses), live=True))
        elif period.pk in counts:
            row = counts[period.pk]
            points.append(TrendPoint(period, row["units"], row["compliant"], live=False))
        elif not period.has_ended:  # a running half-year before the chosen one: only when a future one is chosen
            live = unit_statuses(period, scope=scope)
            points.append(TrendPoint(period, len(live), sum(s.compliant for s in live), live=True))
        else:
            points.append(TrendPoint(period, 0, 0, live=False))
    return points
