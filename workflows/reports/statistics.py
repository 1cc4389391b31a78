"""A unit's half-year in numbers, from its approved lecture records only."""

from django.db.models import Count, Q, Sum

from workflows.campaigns.models import Period
from workflows.ladder.models import ItemState
from workflows.lectures.models import LectureRecord
from workflows.organisations.models import Organisation
from workflows.organisations.roles import Role
from workflows.organisations.selectors import heads_of


def combined_heads(unit: Organisation) -> bool:
    """一肩挑: one person holds both the party and the administrative head posts."""
    holders = {}
    for membership in heads_of(unit):
        holders.setdefault(membership.user_id, set()).add(membership.role)
    return any(roles == {Role.PARTY_HEAD, Role.ADMIN_HEAD} for roles in holders.values())


def compute_statistics(unit: Organisation, period: Period) -> dict:
    """Lectures in total and per head, attendees, topics and channels covered, and each head's quota."""
    records = LectureRecord.objects.filter(unit=unit, period=period, state=ItemState.APPROVED)
    totals = records.aggregate(
        lectures=Count("id"), attendees=Sum("attendees"),
        party=Count("id", filter=Q(lecturer_role="party_head")),
        admin=Count("id", filter=Q(lecturer_role="admin_head")),
        other=Count("id", filter=Q(lecturer_role="other")),
    )
    topics, channels = set(), set()
    rows = []
    for record in records.order_by("held_on", "id"):
        topics.update(record.topics)
        channels.update(record.channels)
        rows.append({"id": record.pk, "held_on": record.held_on.isoformat(), "lecturer": record.lecturer_display,
                     "theme": record.theme, "attendees": record.attendees, "form": record.get_form_display()})
    combined = combined_heads(unit)
    quota = period.rule_set.head_quota(has_party_organisation=unit.has_party_organisation, combined_heads=combined,
                                       party_lectures=totals["party"], admin_lectures=totals["admin"])
    return {
        "period": period.code,
        "lectures": totals["lectures"],
        "attendees": totals["attendees"] or 0,
        "by_head": {"party_head": totals["party"], "admin_head": totals["admin"], "other": totals["other"]},
        "topics": sorted(topics),
        "channels": sorted(channels),
        "combined_heads": combined,
        "quota": quota,
        "records": rows,
    }
