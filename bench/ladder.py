"""Full ladder climbs per second through the service layer (submit + 3 approvals), with SQL per action.

Usage: .venv/bin/python bench/ladder.py [--climbs N]      (DATABASE_URL picks SQLite or PostgreSQL)
"""

import argparse
import statistics
import time

from common import CURRENT, Figures, Timer, percentile, scratch_database, summary_ms
from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--climbs", type=int, default=100)
    parser.add_argument("--without-documents", action="store_true",
                        help="approve without issuing the level documents: the ladder alone")
    parser.add_argument("--quick", action="store_true", help="CI size: 5 climbs")
    parser.add_argument("--json", help="write the figures here (for bench/run.py)")
    args = parser.parse_args()
    if args.quick:
        args.climbs = 5

    from contextlib import nullcontext

    from workflows.campaigns.models import Period
    from workflows.documents.levels import level_documents_paused
    from workflows.ladder import services
    from workflows.ladder.flows import LadderFlow
    from workflows.lectures.services import create_plan
    from workflows.organisations.models import Organisation

    paused = level_documents_paused() if args.without_documents else nullcontext()
    with scratch_database(), paused:
        users = {u.username: u for u in get_user_model().objects.filter(
            username__in=["unit001.liaison", "unit001.party", "dept01.reviewer", "office.reviewer"])}
        unit = Organisation.objects.get(code="unit001")
        period = Period.objects.get(code=CURRENT)
        timings = {"submit": [], "unit": [], "department": [], "office": []}
        queries = {key: [] for key in timings}

        def timed(key, func):
            reset_queries()
            with CaptureQueriesContext(connection) as captured, Timer() as timer:
                result = func()
            timings[key].append(timer.seconds)
            queries[key].append(len(captured.captured_queries))
            return result

        started = time.perf_counter()
        for number in range(args.climbs):
            plan = create_plan(unit=unit, user=users["unit001.liaison"], period=period, lecturer_role="party_head",
                               planned_date=period.ends, venue=f"会议室 {number}", audience="frontline",
                               topics=["1"], channels=["onsite"], expected_attendees=20)
            plan = timed("submit", lambda plan=plan: services.submit(item=plan, user=users["unit001.liaison"]))
            for key, node, username in [("unit", LadderFlow.unit_sign_off, "unit001.party"),
                                        ("department", LadderFlow.department_review, "dept01.reviewer"),
                                        ("office", LadderFlow.office_review, "office.reviewer")]:
                task = services.open_task(plan, node=node)
                plan = timed(key, lambda task=task, username=username: services.approve(
                    task=task, user=users[username], comment="同意"))
            assert plan.state == "approved"
        elapsed = time.perf_counter() - started

        print(f"database: {connection.vendor}; level documents {'not ' if args.without_documents else ''}issued")
        print(f"full climbs: {args.climbs} in {elapsed:.2f} s = {args.climbs / elapsed:.1f} climbs/s "
              f"(create + submit + 3 approvals each)")
        for key in timings:
            print(f"  {key:<10} {summary_ms(timings[key])}, {max(queries[key])} SQL queries")

    label = "ladder alone" if args.without_documents else "ladder with documents"
    figures = Figures("ladder")
    figures.add(f"{label}: full climbs per second", round(args.climbs / elapsed, 2), "climbs/s",
                note=f"{args.climbs} climbs (create + submit + 3 approvals), one process")
    for key in timings:
        seconds = [value * 1000 for value in timings[key]]
        figures.add(f"{label}: {key}", f"{statistics.median(seconds):.0f} / {percentile(seconds, 0.95):.0f}",
                    "ms p50 / p95", note=f"{max(queries[key])} SQL")
    figures.write(args.json)


if __name__ == "__main__":
    main()
