"""The demo tells its story relative to the day it is loaded (see ``story.assert_story_shape``)."""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .story import assert_story_shape

ROOT = Path(__file__).resolve().parents[2]
# The dates, and the first hours of both half-years (the story squeezed into what has passed).
DATES = ["2026-12-08T10:00", "2027-03-20T10:00", "2027-09-20T10:00", "2029-12-20T10:00", "2027-01-01T00:20",
         "2027-07-01T09:30"]


@pytest.mark.calendar
@pytest.mark.django_db
def test_the_demo_loaded_for_the_suite_tells_its_story_on_the_suites_clock(demo):
    assert_story_shape()


def _load_at(moment: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tests.demo.load_at", moment], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.calendar
@pytest.mark.slow
def test_the_demo_loads_with_its_story_on_any_day():
    """Each date in a fresh database, two at a time (a process each: the clock moves before Django starts)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = dict(zip(DATES, pool.map(_load_at, DATES), strict=True))
    failed = {moment: run.stdout + run.stderr[-3000:] for moment, run in runs.items() if run.returncode}
    assert not failed, failed
