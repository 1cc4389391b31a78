"""Shared set-up for benchmarks: Django configured, a scratch database created and dropped, figures recorded."""

import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
# A name of its own: Django's default test_<name> could clobber another run's scratch database on a shared server.
os.environ.setdefault("TEST_DATABASE_NAME", f"bench_{Path(sys.argv[0]).stem}_{os.getpid()}")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402


def half_year_codes() -> tuple[str, str]:
    """The half-year before today's and today's (``2026H1``, ``2026H2`` on 2026-12-08): the demo's evaluated and
    running half-years, which the benchmarks read."""
    from django.utils import timezone

    today = timezone.localdate()
    if today.month <= 6:
        return f"{today.year - 1}H2", f"{today.year}H1"
    return f"{today.year}H1", f"{today.year}H2"


EVALUATED, CURRENT = half_year_codes()

# bench/run.py loads the demo district once into this PostgreSQL database; scratch databases copy it.
TEMPLATE_ENV = "BENCH_DEMO_TEMPLATE"


@contextlib.contextmanager
def scratch_database(*, demo: bool = True):
    """A throw-away database (Django's test database for the configured engine), demo district loaded."""
    setup_test_environment()
    template = os.environ.get(TEMPLATE_ENV)
    try:
        if demo and template and connection.vendor == "postgresql":
            with _copied_database(template):
                yield
            return
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            if demo:
                call_command("load_demo", "--quiet-logins", verbosity=0)
            yield
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    finally:
        teardown_test_environment()


@contextlib.contextmanager
def _copied_database(template: str):
    """``CREATE DATABASE … TEMPLATE``: the demo district in a second instead of two minutes."""
    from django.conf import settings

    name = connection.creation._get_test_db_name()
    old_name = connection.settings_dict["NAME"]

    def maintenance(*statements):
        connection.close()
        with connection.creation._nodb_cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = old_name
        maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url() -> str:
    """The URL of the database Django is connected to now (for a server started against the scratch database)."""
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("a server shares the scratch database only on PostgreSQL")
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return (f"postgres://{settings.get('USER') or 'postgres'}{password}@{settings.get('HOST') or '127.0.0.1'}:"
            f"{settings.get('PORT') or 5432}/{settings['NAME']}")


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms"


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


class Figures:
    """The figures of one benchmark, for bench/run.py: ``--json PATH`` writes them as a list of rows."""

    def __init__(self, bench: str):
        self.bench = bench
        self.rows: list[dict] = []

    def add(self, name: str, value: float | int | str, unit: str = "", *, target: str = "", met: bool | None = None,
            baseline: str = "", ratio: float | None = None, note: str = "") -> None:
        self.rows.append({"bench": self.bench, "name": name, "value": value, "unit": unit, "target": target,
                          "met": met, "baseline": baseline, "ratio": ratio, "note": note})

    def write(self, path: str | None) -> None:
        if path:
            Path(path).write_text(json.dumps(self.rows, ensure_ascii=False, indent=1), encoding="utf-8")
