"""Load the demo district into a fresh SQLite database at a given moment and check its story.

    python -m tests.demo.load_at 2027-09-20T10:00 [--keep DIR]

Run as a separate process by ``test_demo_dates.py``: a fresh database and a clock moved before Django starts.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("moment", help="ISO date-time, Asia/Shanghai when it has no offset")
    parser.add_argument("--data-dir", help="where the database goes (default: a temporary folder)")
    args = parser.parse_args()
    moment = dt.datetime.fromisoformat(args.moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("Asia/Shanghai"))
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="anquan-demo-at-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'db.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(data_dir / "media")
    os.environ["DOCUMENTS_PKI_DIR"] = str(data_dir / "pki")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    with time_machine.travel(moment, tick=True):
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        call_command("load_demo", "--quiet-logins", verbosity=0)
        from tests.demo.story import assert_story_shape

        assert_story_shape()
    print(f"demo story ok at {moment.isoformat()}")


if __name__ == "__main__":
    sys.exit(main())
