"""The two things reviewers are warned about: a photo taken on another day, and a file reused elsewhere."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from .kinds import DUPLICATE_CHECKED_KINDS, rule_for
from .models import Evidence


def capture_date_mismatch(*, kind: str, captured_at: datetime | None, lecture_date: date | None) -> bool:
    """True when a kind that checks it was captured (local time) on another day than the lecture."""
    if not (rule_for(kind).checks_capture_date and captured_at and lecture_date):
        return False
    return captured_at.astimezone(ZoneInfo(settings.EVIDENCE_CAPTURE_TIMEZONE)).date() != lecture_date


def _conflict(a: dict, b: dict) -> bool:
    """Two uses of one file clash when they belong to different items of different units or different days."""
    if (a["owner_type_id"], a["owner_id"]) == (b["owner_type_id"], b["owner_id"]):
        return False
    if a["unit_id"] != b["unit_id"]:
        return True
    return bool(a["lecture_date"] and b["lecture_date"] and a["lecture_date"] != b["lecture_date"])


def refresh_duplicate_flags(hashes: set[str]) -> None:
    """Recompute ``duplicate`` on every evidence sharing a hash (stored or uploaded) with ``hashes``."""
    rows: dict[int, dict] = {}
    pending = set(hashes)
    seen: set[str] = set()
    while pending:  # follow chains: a stored copy re-uploaded elsewhere has a third hash
        seen |= pending
        found = Evidence.objects.filter(Q(sha256__in=pending) | Q(upload_sha256__in=pending),
                                        kind__in=DUPLICATE_CHECKED_KINDS)
        new = {row["pk"]: row for row in found.values("pk", "owner_type_id", "owner_id", "unit_id", "lecture_date",
                                                      "sha256", "upload_sha256", "duplicate")}
        rows |= new
        pending = {h for row in new.values() for h in (row["sha256"], row["upload_sha256"])} - seen
    flagged = {
        pk for pk, row in rows.items()
        if any(_conflict(row, other) for other in rows.values()
               if {row["sha256"], row["upload_sha256"]} & {other["sha256"], other["upload_sha256"]})
    }
    to_set = [pk for pk, row in rows.items() if row["duplicate"] != (pk in flagged)]
    Evidence.objects.filter(pk__in=[pk for pk in to_set if pk in flagged]).update(duplicate=True)
    Evidence.objects.filter(pk__in=[pk for pk in to_set if pk not in flagged]).update(duplicate=False)
