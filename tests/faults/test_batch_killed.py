"""The process issuing a batch of rectification notices is killed (SIGKILL) part-way, then the batch is re-run."""

import json
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from tests.backup.helpers import ROOT, instance_env
from tests.ladder.helpers import person
from workflows.campaigns.models import Period
from workflows.compliance.models import Finding
from workflows.compliance.rules import Rule
from workflows.organisations.models import Organisation
from workflows.rectification import services
from workflows.rectification.models import Notice

from .helpers import register_problems

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a second process needs a shared database"),
    pytest.mark.django_db(transaction=True),
]

# The director's batch issue, as the web page runs it, in a process of its own against the test database.
BATCH = """
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from workflows.rectification.services import issue_notices
director = get_user_model().objects.get(username="office.director")
results = issue_notices(notice_ids=[int(arg) for arg in sys.argv[1:]], actor=director)
print(json.dumps([[r.notice_id, r.ok, r.message] for r in results], ensure_ascii=False))
"""
NOTICES = 8


def _drafts() -> list[int]:
    """One draft notice per unit for NOTICES units, each listing an inspection finding."""
    period = Period.objects.get(code="2026H2")
    units = Organisation.objects.filter(code__startswith="unit").order_by("code")[:NOTICES]
    for unit in units:
        Finding.objects.create(unit=unit, supervisor=unit.parent, period=period, rule=Rule.INSPECTION,
                               source=Finding.Source.INSPECTION, description=f"{unit.name}现场检查未见宣讲记录。",
                               basis="示范区安委办〔2026〕1号")
    drafts = services.draft_notices(period=period, actor=person("office.reviewer"),
                                    unit_ids=[unit.pk for unit in units])
    assert len(drafts) == NOTICES
    return [draft.pk for draft in drafts]


def _batch(ids: list[int], output) -> subprocess.Popen:
    """The batch in its own process, writing to ``output`` (a file: a full pipe would stall it)."""
    env = {**instance_env(database=connection.settings_dict["NAME"], media_root=settings.MEDIA_ROOT),
           "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    return subprocess.Popen([sys.executable, "-c", BATCH, *map(str, ids)], cwd=ROOT, env=env, stdout=output,
                            stderr=subprocess.STDOUT, text=True)


def _last_json_line(output: str) -> str:
    return [line for line in output.splitlines() if line.startswith("[[")][-1]


def _issued(ids) -> int:
    return Notice.objects.filter(pk__in=ids, status=Notice.Status.ISSUED).count()


def test_a_batch_killed_part_way_leaves_no_gap_and_a_rerun_issues_the_rest(demo, tmp_path):
    ids = _drafts()
    process = _batch(ids, (tmp_path / "killed.log").open("w"))
    deadline = time.monotonic() + 300
    while process.poll() is None and _issued(ids) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    issued = _issued(ids)
    assert 2 <= issued < NOTICES, issued
    assert register_problems("office") == []
    for notice in Notice.objects.filter(pk__in=ids):
        if notice.status == Notice.Status.ISSUED:
            assert notice.document.number == notice.number and notice.document.is_valid
        else:
            assert notice.status == Notice.Status.DRAFT and not notice.number and notice.document is None

    log = tmp_path / "rerun.log"
    rerun = _batch(ids, log.open("w"))
    rerun.wait(timeout=600)
    out = log.read_text()
    assert rerun.returncode == 0, out
    results = {notice_id: ok for notice_id, ok, _message in json.loads(_last_json_line(out))}
    assert sum(results.values()) == NOTICES - issued, "the re-run issued something twice or left some out"
    assert _issued(ids) == NOTICES
    numbers = list(Notice.objects.filter(pk__in=ids).values_list("number", flat=True))
    assert len(set(numbers)) == NOTICES
    assert register_problems("office") == []
