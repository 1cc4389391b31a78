"""Compliance evaluation time for many units (default 5,000), with its query count.

Builds the district with bulk inserts (not the services) in a scratch database: units with both heads,
approved lectures for most, signed-off reports for most; then times ``unit_statuses`` and
``evaluate_period`` for one half-year.

Usage: .venv/bin/python bench/compliance.py [--units 5000] [--runs 5]   (DATABASE_URL picks the database)
"""

import argparse
import datetime as dt
import random
import statistics

from common import EVALUATED, Figures, Timer, percentile, scratch_database, summary_ms
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def build(units: int, period) -> None:
    from workflows.ladder.models import ItemState
    from workflows.lectures.models import LectureRecord
    from workflows.organisations.credit_code import make_credit_code
    from workflows.organisations.models import Membership, Organisation
    from workflows.reports.models import HalfYearReport

    rng = random.Random(7)
    office = Organisation.objects.get(kind="office")
    departments = list(Organisation.objects.filter(kind__in=["department", "subdistrict"]))
    creator = get_user_model().objects.get(username="office.reviewer")
    orgs = Organisation.objects.bulk_create([
        Organisation(code=f"b{n:06d}", name=f"基准测试单位{n:06d}", short_name=f"单位{n}", kind="enterprise",
                     parent=departments[n % len(departments)], credit_code=make_credit_code(f"91990100BM{n:07d}"))
        for n in range(units)])
    password = make_password(None)
    User = get_user_model()
    people = User.objects.bulk_create([User(username=f"b{n:06d}.{role}", full_name=f"负责人{n}", password=password)
                                       for n in range(units) for role in ("party", "admin")])
    Membership.objects.bulk_create([
        Membership(user=people[2 * i + j], organisation=org, role=role, position="负责人")
        for i, org in enumerate(orgs) for j, role in enumerate(("party_head", "admin_head"))])
    approved_at = timezone.make_aware(dt.datetime.combine(period.ends, dt.time(9)))
    records = []
    for org in orgs:
        for role in ("party_head", "admin_head"):
            if rng.random() < 0.9:
                records.append(LectureRecord(
                    unit=org, supervisor=org.parent, period=period, state=ItemState.APPROVED, version=1,
                    created_by=creator, approved_at=approved_at, held_on=period.starts + dt.timedelta(days=30),
                    starts_at=dt.time(9), ends_at=dt.time(10), venue="会议室", lecturer_role=role, form="seminar",
                    theme="基准", audience="frontline", attendees=30, topics=["1"], channels=["onsite"],
                    summary="基准" * 60))
    LectureRecord.objects.bulk_create(records, batch_size=2000)
    frozen = timezone.make_aware(dt.datetime.combine(period.report_due, dt.time(9)))
    HalfYearReport.objects.bulk_create([
        HalfYearReport(unit=org, supervisor=org.parent, period=period, state=ItemState.APPROVED, version=1,
                       created_by=creator, statistics_frozen_at=frozen, situation="x", practices="x", problems="x",
                       next_steps="x") for org in orgs if rng.random() < 0.93], batch_size=2000)
    del office


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="CI size: 300 units, 2 runs")
    parser.add_argument("--json", help="write the figures here (for bench/run.py)")
    args = parser.parse_args()
    if args.quick:
        args.units, args.runs = 300, 2

    from workflows.campaigns.models import Period
    from workflows.compliance.evaluation import unit_statuses
    from workflows.compliance.models import Finding
    from workflows.compliance.services import evaluate_period

    with scratch_database():
        period = Period.objects.get(code=EVALUATED)
        with Timer() as built:
            build(args.units, period)
        statuses_times, evaluation_times = [], []
        for _ in range(args.runs):
            fresh = Period.objects.get(code=EVALUATED)
            reset_queries()
            with CaptureQueriesContext(connection) as reads, Timer() as timer:
                statuses = unit_statuses(fresh)
            statuses_times.append(timer.seconds)
            Finding.objects.all().delete()
            with CaptureQueriesContext(connection) as writes, Timer() as timer:
                result = evaluate_period(period=fresh)
            evaluation_times.append(timer.seconds)
        units = len(statuses)
        print(f"database: {connection.vendor}; units judged: {units} (built in {built.seconds:.1f} s)")
        print(f"unit_statuses:   {summary_ms(statuses_times)}, {len(reads)} SQL queries")
        print(f"evaluate_period: {summary_ms(evaluation_times)}, {len(writes)} SQL queries, "
              f"{result.evaluation.compliant_units} compliant, {result.evaluation.new_findings} findings")
    figures = Figures("compliance")
    for name, seconds, sql in (("unit_statuses", statuses_times, len(reads)),
                               ("evaluate_period", evaluation_times, len(writes))):
        values = [value * 1000 for value in seconds]
        figures.add(f"{name} of one half-year, {units} units", f"{statistics.median(values):.0f} / "
                    f"{percentile(values, 0.95):.0f}", "ms p50 / p95", note=f"{sql} SQL")
    figures.write(args.json)


if __name__ == "__main__":
    main()
