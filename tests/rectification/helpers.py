import datetime as dt

from django.utils import timezone

from tests.ladder.helpers import open_task, person
from workflows.campaigns.models import Period
from workflows.compliance.services import evaluate_period
from workflows.evidence.demo import demo_photo
from workflows.ladder import services as ladder
from workflows.rectification import services
from workflows.rectification.models import Notice


def evaluated_period() -> Period:
    """The demo's half-year that is over and evaluated: the one before today's."""
    return Period.objects.filter(ends__lt=timezone.localdate()).order_by("-starts").first()


def issued_notice(unit_code="unit038") -> Notice:
    period = evaluated_period()
    evaluate_period(period=period, actor=person("office.reviewer"))
    drafts = services.draft_notices(period=period, actor=person("office.reviewer"))
    notice = next(d for d in drafts if d.unit.code == unit_code)
    return services.issue_notice(notice=notice, actor=person("office.director"))


def answered(notice: Notice):
    """Acknowledge, fill the measures, attach a photo, submit and sign off: the answer waits for the re-check."""
    liaison = person(f"{notice.unit.code}.liaison")
    if notice.status == Notice.Status.ISSUED:
        services.acknowledge(notice=notice, actor=liaison)
    answer = services.start_answer(notice=notice, actor=liaison)
    services.update_answer(answer=answer, actor=liaison, summary="已全部整改。", measures=[
        {"finding": f.pk, "measures": f"已落实：{f.get_rule_display()}", "status": "done", "done_on": "2026-11-25"}
        for f in notice.pending_findings()])
    if not answer.evidence.exists():
        services.add_answer_evidence(answer=answer, actor=liaison, kind="photo", upload=demo_photo(
            captured_at=timezone.make_aware(dt.datetime(2026, 11, 25, 10)), seed=notice.pk * 7 + notice.round))
    ladder.submit(item=answer, user=liaison)
    head = notice.unit.memberships.filter(role__in=["party_head", "admin_head"]).first().user
    ladder.approve(task=open_task(answer, "unit"), user=head)
    answer.refresh_from_db()
    return answer
