"""Office dashboard and compliance matrix for a large district: p50/p95 and SQL queries per page.

Builds --units units (default 5,000, a hundred per department) with --periods half-years of history
(default 10) by bulk_create in a scratch database, then requests each page through the whole Django stack
(middleware, templates) as the office director. The first view of the office dashboard judges and keeps the
ended half-years' outcomes; it is timed on its own ("cold").

Usage: scripts/with-postgres.sh .venv/bin/python bench/dashboards.py [--units N] [--periods N] [--runs N]
"""

import argparse
import statistics

from common import CURRENT, EVALUATED, Timer, percentile, scratch_database
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

PAGES = [
    ("office dashboard, ended half-year", f"/dashboards/office/?period={EVALUATED}"),
    ("office dashboard, running half-year", f"/dashboards/office/?period={CURRENT}"),
    ("matrix, page 1", f"/dashboards/matrix/?period={EVALUATED}"),
    ("matrix, filtered + sorted, page 2", f"/dashboards/matrix/?period={EVALUATED}&state=shortfall&sort=report&page=2"),
    ("matrix XLSX export (all rows)", f"/dashboards/matrix/export.xlsx?period={EVALUATED}"),
    ("department dashboard (100 units)", f"/dashboards/departments/bulk-d001/?period={EVALUATED}"),
]


def district(units: int, periods: int):
    """The office with a director and a reviewer, and the bulk district below it."""
    from django.contrib.auth import get_user_model

    from workflows.campaigns.services import ensure_campaign, ensure_periods
    from workflows.demo.bulk import build_bulk_district
    from workflows.organisations.models import Organisation
    from workflows.organisations.permissions import SYSTEM
    from workflows.organisations.roles import Role
    from workflows.organisations.services import add_membership

    ensure_periods(campaign=ensure_campaign())
    office = Organisation.objects.create(code="office", name="示范区安全生产委员会办公室", short_name="区安委会办公室",
                                         kind=Organisation.Kind.OFFICE, doc_prefix="示范安生办")
    User = get_user_model()
    director = User.objects.create(username="office.director", full_name="主任")
    add_membership(user=director, organisation=office, role=Role.OFFICE_DIRECTOR, by=SYSTEM)
    add_membership(user=User.objects.create(username="office.reviewer", full_name="审核员"), organisation=office,
                   role=Role.OFFICE_REVIEWER, by=SYSTEM)
    with Timer() as timer:
        built = build_bulk_district(units=units, periods=periods)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would have them after a bulk load
    print(f"built {units} units × {len(built.periods)} half-years ({built.periods[0].code}–{built.periods[-1].code}):"
          f" {built.rows} rows in {timer.seconds:.1f} s")
    return director


def request(client, url: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries, Timer() as timer:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return timer.seconds, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--periods", type=int, default=10)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    import project.wsgi  # noqa: F401  (the process as deployed: its gc.freeze() after start-up)

    with scratch_database(demo=False):
        client = Client()
        client.force_login(district(args.units, args.periods))
        seconds, queries = request(client, PAGES[0][1])
        print(f"database: {connection.vendor}; first view (keeps {args.periods - 1} ended half-years' outcomes): "
              f"{seconds * 1000:.0f} ms, {queries} queries")
        print(f"{'page':<40} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for label, url in PAGES:
            request(client, url)  # warm: outcomes kept, caches filled
            timings, counts = [], set()
            for _ in range(args.runs):
                seconds, queries = request(client, url)
                timings.append(seconds * 1000)
                counts.add(queries)
            count = counts.pop() if len(counts) == 1 else f"{min(counts)}–{max(counts)}"
            print(f"{label:<40} {statistics.median(timings):>8.1f} {percentile(timings, 0.95):>8.1f} {count:>8}")


if __name__ == "__main__":
    main()
