"""Scale: 5,000 units and 100,000 items over 10 half-years on PostgreSQL (bulk inserts), then 40,000 units.

Measures, p50/p95 and SQL per request (Django's test client, in process): a department reviewer's queue (page
and API), the office's workbench, compliance overview and board, a list API page and the record list; the
compliance evaluation of one half-year; and, on the same data, the baseline of filtering a list with
guardian's ``user.has_perm(perm, obj)`` per row. Then 35,000 more units (a whole city) with the evaluated and
the current half-year, and the evaluation and the queue again, to show how the cost grows.

Usage: .venv/bin/python bench/scale.py [--units 5000] [--periods 10] [--city 40000] [--runs 10]
                                       [--quick] [--json PATH]
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
os.environ.setdefault("DEBUG", "0")  # time the pages as served, not with the template debugger

import argparse
import statistics
import sys

from common import CURRENT, EVALUATED, Figures, Timer, load_average, percentile, scratch_database
from district import add_items, add_units
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

PAGE_TARGET_MS = 300


class StatementCounter:
    """Counts SQL statements through an execute wrapper (Django's query log keeps only the last 9,000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(runs: int, action) -> tuple[list[float], int]:
    """Seconds of each run after one warm-up, and the SQL statements of the last."""
    action()
    seconds, queries = [], 0
    for _ in range(runs):
        counter = StatementCounter()
        with connection.execute_wrapper(counter), Timer() as timer:
            action()
        seconds.append(timer.seconds)
        queries = counter.count
    return seconds, queries


def ms(seconds: list[float]) -> tuple[float, float]:
    values = [s * 1000 for s in seconds]
    return statistics.median(values), percentile(values, 0.95)


class Pages:
    """Logged-in test clients of the people whose pages are measured."""

    def __init__(self):
        from rest_framework.authtoken.models import Token

        User = get_user_model()
        self.web, self.api = {}, {}
        for username in ("dept01.reviewer", "office.reviewer"):
            user = User.objects.get(username=username)
            client = Client()
            client.force_login(user)
            self.web[username] = client
            token = Token.objects.get_or_create(user=user)[0].key
            self.api[username] = Client(headers={"Authorization": f"Token {token}"})

    def get(self, username: str, path: str, *, api: bool = False):
        def action():
            response = (self.api if api else self.web)[username].get(path, secure=True)
            assert response.status_code == 200, (path, response.status_code)
        return action


def measure_pages(pages: Pages, runs: int, figures: Figures, label: str, which: list[str]) -> dict[str, float]:
    requests = {
        "department queue (page)": ("dept01.reviewer", "/ladder/tasks/?level=department", False),
        "department queue (API)": ("dept01.reviewer", "/api/v1/tasks/?level=department&page_size=20", True),
        "office workbench": ("office.reviewer", "/workbench/", False),
        "office compliance overview": ("office.reviewer", f"/compliance/?period={EVALUATED}", False),
        "office board": ("office.reviewer", "/ladder/board/", False),
        "list API page (office, plans)": ("office.reviewer", "/api/v1/plans/?page_size=20&page=3", True),
        "list API page (department, plans)": ("dept01.reviewer", "/api/v1/plans/?page_size=20", True),
        "record list page (department)": ("dept01.reviewer", "/lectures/records/", False),
    }
    p95s = {}
    for name in which:
        username, path, api = requests[name]
        seconds, queries = timed(runs, pages.get(username, path, api=api))
        p50, p95 = ms(seconds)
        p95s[name] = p95
        print(f"  {name:36} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries:3d} SQL")
        figures.add(f"{label}: {name}", f"{p50:.0f} / {p95:.0f}", "ms p50 / p95", target=f"p95 ≤ {PAGE_TARGET_MS} ms",
                    met=p95 <= PAGE_TARGET_MS, note=f"{queries} SQL")
    return p95s


def measure_evaluation(runs: int, figures: Figures, label: str) -> float:
    from workflows.campaigns.models import Period
    from workflows.compliance.evaluation import unit_statuses
    from workflows.compliance.models import Finding
    from workflows.compliance.services import evaluate_period

    period = Period.objects.get(code=EVALUATED)

    def evaluate():
        Finding.objects.filter(period=period).delete()  # a first evaluation each time, not timed
        counter = StatementCounter()
        with connection.execute_wrapper(counter), Timer() as timer:
            result = evaluate_period(period=Period.objects.get(code=EVALUATED))
        return timer.seconds, counter.count, result

    statuses_seconds, statuses_sql = timed(runs, lambda: unit_statuses(Period.objects.get(code=EVALUATED)))
    evaluations = [evaluate() for _ in range(max(2, runs // 2))]
    evaluation_seconds = [seconds for seconds, _sql, _result in evaluations[1:]]
    _seconds, evaluation_sql, result = evaluations[-1]
    for name, seconds, sql in (("unit_statuses (read)", statuses_seconds, statuses_sql),
                               ("evaluate_period (read + findings)", evaluation_seconds, evaluation_sql)):
        p50, p95 = ms(seconds)
        print(f"  {name:36} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {sql:3d} SQL")
        figures.add(f"{label}: {name}", f"{p50:.0f} / {p95:.0f}", "ms p50 / p95",
                    note=f"{sql} SQL; {result.evaluation.units} units, {result.evaluation.new_findings} findings")
    return ms(evaluation_seconds)[0]


def guardian_baseline(figures: Figures, label: str, runs: int) -> None:
    """The department reviewer's record list of one half-year: our selector (ids first, one filter) against
    filtering the same rows with guardian's per-row ``has_perm`` — the first page of 30 and the total count."""
    from workflows.lectures.models import LectureRecord
    from workflows.lectures.selectors import visible_records

    user = get_user_model().objects.get(username="dept01.reviewer")
    rows = LectureRecord.objects.filter(period__code=CURRENT).select_related("unit__parent").order_by(
        "-updated_at", "-pk")

    def ours():
        fresh = get_user_model().objects.get(pk=user.pk)  # per request: the id lists are read again
        items = visible_records(fresh).filter(period__code=CURRENT).order_by("-updated_at", "-pk")
        return items.count(), [item.pk for item in items[:30]]

    def per_row():
        fresh = get_user_model().objects.get(pk=user.pk)
        seen = [item for item in rows if fresh.has_perm("organisations.view_own_items", item.unit)
                or (item.version > 0 and (fresh.has_perm("organisations.review_items", item.unit) or (
                    item.unit.parent_id and fresh.has_perm("organisations.review_items", item.unit.parent))))]
        return len(seen), [item.pk for item in seen[:30]]

    assert ours() == per_row(), "the baseline must select the same rows"
    our_seconds, our_sql = timed(runs, ours)
    base_seconds, base_sql = timed(max(1, runs // 5), per_row)
    our_p50, base_p50 = ms(our_seconds)[0], ms(base_seconds)[0]
    count = ours()[0]
    print(f"  record list of {CURRENT} for dept01.reviewer ({count} of {rows.count()} rows visible): "
          f"ours {our_p50:.1f} ms ({our_sql} SQL), guardian has_perm per row {base_p50:.0f} ms ({base_sql} SQL): "
          f"{base_p50 / our_p50:.0f}× slower")
    figures.add(f"{label}: department record list, ids first", f"{our_p50:.1f}", "ms p50", baseline="guardian has_perm "
                "per row", ratio=round(base_p50 / our_p50, 1),
                note=f"{our_sql} SQL; baseline {base_p50:.0f} ms, {base_sql} SQL over {rows.count()} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--periods", type=int, default=10, help="half-years of items, the latest the current one")
    parser.add_argument("--city", type=int, default=40000, help="units in the second step (0 skips it)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="CI size: 300 units, 2 half-years, city of 600")
    parser.add_argument("--json", help="write the figures here (for bench/run.py)")
    args = parser.parse_args()
    if args.quick:
        args.units, args.periods, args.city, args.runs = 300, 2, 600, 3

    from workflows.campaigns.models import Period
    from workflows.organisations.models import Organisation

    figures = Figures("scale")
    with scratch_database():
        if connection.vendor != "postgresql":
            sys.exit("bench/scale.py measures PostgreSQL (DATABASE_URL)")
        periods = list(Period.objects.filter(code__lte=CURRENT).order_by("-starts")[:args.periods])
        evaluated, current = Period.objects.get(code=EVALUATED), Period.objects.get(code=CURRENT)
        print(f"load average before building: {load_average()}")
        with Timer() as built:
            existing = Organisation.objects.exclude(kind="office").count()
            district = add_units(args.units - existing, prefix="s")
            counts = add_items(district, periods, current=current)
        items = counts["plans"] + counts["records"] + counts["reports"]
        units = Organisation.objects.exclude(kind="office").count()
        print(f"{units} units; {items} items over {len(periods)} half-years ({counts['plans']} plans, "
              f"{counts['records']} records, {counts['reports']} reports), {counts['processes']} processes, "
              f"{counts['tasks']} tasks: built in {built.seconds:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        figures.add(f"{units} units: data", f"{items} items", note=f"{len(periods)} half-years, {counts['tasks']} "
                    f"viewflow tasks, built in {built.seconds:.0f} s")
        label = f"{units} units"
        pages = Pages()
        all_pages = ["department queue (page)", "department queue (API)", "office workbench",
                     "office compliance overview", "office board", "list API page (office, plans)",
                     "list API page (department, plans)", "record list page (department)"]
        small = measure_pages(pages, args.runs, figures, label, all_pages)
        small_eval = measure_evaluation(args.runs, figures, label)
        guardian_baseline(figures, label, args.runs)

        if args.city > units:
            with Timer() as grown:
                city = add_units(args.city - units, prefix="t", seed=8)
                more = add_items(city, [evaluated, current], current=current, seed=12)
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            units_now = Organisation.objects.exclude(kind="office").count()
            added = more["plans"] + more["records"] + more["reports"]
            print(f"\n{units_now} units (+{added} items in {EVALUATED} and {CURRENT}, {more['tasks']} tasks): "
                  f"built in {grown.seconds:.0f} s")
            label = f"{units_now} units"
            figures.add(f"{label}: data", f"{items + added} items", note=f"+{added} items in {EVALUATED} and "
                        f"{CURRENT}, built in {grown.seconds:.0f} s")
            large = measure_pages(Pages(), args.runs, figures, label, ["department queue (page)",
                                                                       "department queue (API)",
                                                                       "office compliance overview",
                                                                       "list API page (office, plans)"])
            large_eval = measure_evaluation(args.runs, figures, label)
            growth = units_now / units
            print(f"  {growth:.0f}× the units: evaluation {large_eval / small_eval:.1f}× the time, department queue "
                  f"page p95 {large['department queue (page)'] / small['department queue (page)']:.1f}×")
            figures.add(f"growth {units} → {units_now} units", f"evaluation {large_eval / small_eval:.1f}×, "
                        f"queue p95 {large['department queue (page)'] / small['department queue (page)']:.1f}×",
                        note=f"{growth:.0f}× the units")
    figures.write(args.json)


if __name__ == "__main__":
    main()
