"""Every rectification action, one service each: draft, edit, issue (batch), acknowledge, answer, re-check,
close, void and re-issue, escalate. Issued notices are never edited."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.audit.services import record_event
from workflows.campaigns.workdays import add_workdays
from workflows.common.text import clean_user_text
from workflows.compliance.models import Finding
from workflows.compliance.rules import CAMPAIGN_BASIS
from workflows.documents.services import issue_document, revoke_document
from workflows.evidence.services import store_evidence
from workflows.ladder import services as ladder
from workflows.ladder.errors import Conflict, Invalid, LadderError, NotAllowed
from workflows.notifications.services import notify
from workflows.organisations.models import Organisation
from workflows.organisations.permissions import can_issue, can_review, can_sign_off, can_submit
from workflows.organisations.roles import REVIEW, SIGN_OFF, SUBMIT
from workflows.organisations.selectors import grant_holders

from .models import Escalation, Notice, Recheck, RectificationAnswer
from .paperwork import closing_context, notice_context, recheck_context

DEADLINE_WORKDAYS = 15
ACKNOWLEDGE_WORKDAYS = 3
DEFAULT_REQUIREMENTS = _(
    "请你单位高度重视，对照上述问题逐项整改：党政主要负责人须按要求开展安全生产宣讲，按期报送工作开展情况报告，"
    "整改完成后通过系统报送整改报告并附整改前后佐证材料。")
ACTIVE = (Notice.Status.DRAFT, Notice.Status.ISSUED, Notice.Status.ACKNOWLEDGED, Notice.Status.ANSWERED)


def office() -> Organisation:
    return Organisation.objects.get(kind=Organisation.Kind.OFFICE)


def _require_office_staff(user) -> None:
    if not can_review(user, office()):
        raise NotAllowed(_("只有区安委会办公室工作人员可以办理。"))


def _require_director(user) -> None:
    if not can_issue(user, office()):
        raise NotAllowed(_("只有区安委会办公室主任可以签发或作废整改通知。"))


def _require_unit_member(user, notice: Notice) -> None:
    if not (can_submit(user, notice.unit) or can_sign_off(user, notice.unit)):
        raise NotAllowed(_("只有被通知单位的联络员或主要负责人可以办理。"))


def _audit(action: str, *, notice: Notice, actor, organisation=None, **data) -> None:
    record_event(action=f"rectification.{action}", actor=actor, organisation=organisation or notice.unit,
                 target=notice, data={"number": notice.number, **data})


def _unit_people(unit):
    return [*grant_holders(SUBMIT, unit), *grant_holders(SIGN_OFF, unit)]


def default_deadline(today: dt.date | None = None) -> dt.date:
    return add_workdays(today or timezone.localdate(), DEADLINE_WORKDAYS).value


# ------------------------------------------------------------------ drafting and issuing


@transaction.atomic
def draft_notices(*, period, actor, unit_ids: list[int] | None = None) -> list[Notice]:
    """One draft notice per unit listing its open findings of ``period`` that no active notice lists yet."""
    _require_office_staff(actor)
    findings = (Finding.objects.filter(period=period, status=Finding.Status.OPEN)
                .exclude(notices__status__in=ACTIVE).select_related("unit").order_by("unit__code", "id"))
    if unit_ids is not None:
        findings = findings.filter(unit_id__in=unit_ids)
    by_unit: dict[int, list[Finding]] = {}
    for finding in findings:
        by_unit.setdefault(finding.unit_id, []).append(finding)
    drafts = []
    for unit_findings in by_unit.values():
        unit = unit_findings[0].unit
        notice = Notice.objects.create(unit=unit, supervisor=unit.parent, period=period, basis=str(CAMPAIGN_BASIS),
                                       requirements=str(DEFAULT_REQUIREMENTS), deadline=default_deadline(),
                                       drafted_by=actor)
        notice.findings.set(unit_findings)
        _audit("draft", notice=notice, actor=actor, findings=[f.pk for f in unit_findings])
        drafts.append(notice)
    return drafts


@transaction.atomic
def update_draft(*, notice: Notice, actor, basis: str, requirements: str, deadline: dt.date) -> Notice:
    """Office staff edit a draft before it is issued."""
    _require_office_staff(actor)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != Notice.Status.DRAFT:
        raise Conflict(_("整改通知下发后不能修改；如需更正，请作废后重新下发。"))
    notice.basis = clean_user_text(basis, max_length=2000) or str(CAMPAIGN_BASIS)
    notice.requirements = clean_user_text(requirements, max_length=4000)
    if not notice.requirements:
        raise Invalid(_("请填写整改要求。"))
    notice.deadline = deadline
    notice.full_clean()
    notice.save()
    _audit("edit", notice=notice, actor=actor)
    return notice


@transaction.atomic
def issue_notice(*, notice: Notice, actor) -> Notice:
    """The director issues a draft: a number, the sealed 整改通知书, the findings under rectification."""
    _require_director(actor)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != Notice.Status.DRAFT:
        raise Conflict(_("该整改通知已下发或已作废。"))
    if notice.deadline <= timezone.localdate():
        raise Invalid(_("整改期限须晚于今天，请先修改草稿。"))
    document = issue_document(kind="rectification_notice", issuer=office(), recipient=notice.unit, subject=notice,
                              level="office", context=notice_context(notice), numbered=True, actor=actor)
    notice.document, notice.number = document, document.number
    notice.status, notice.issued_by, notice.issued_at = Notice.Status.ISSUED, actor, timezone.now()
    notice.save()
    notice.findings.update(status=Finding.Status.IN_NOTICE)
    notify(recipients=[*_unit_people(notice.unit), *grant_holders(REVIEW, notice.supervisor)],
           title=_("整改通知：%(number)s，请于%(deadline)s前完成整改") % {"number": notice.number,
                                                                        "deadline": notice.deadline},
           url=notice.get_absolute_url())
    _audit("issue", notice=notice, actor=actor, organisation=office(), document=document.pk)
    return notice


@dataclass(frozen=True)
class BatchResult:
    notice_id: int
    ok: bool
    message: str


def issue_notices(*, notice_ids: list[int], actor) -> list[BatchResult]:
    """Issue several drafts; each in its own transaction, so a failure or a crash leaves no gap and no
    number without its document."""
    results = []
    for notice in Notice.objects.filter(pk__in=notice_ids).order_by("pk"):
        try:
            issued = issue_notice(notice=notice, actor=actor)
        except LadderError as refusal:
            results.append(BatchResult(notice.pk, False, refusal.message))
        else:
            results.append(BatchResult(notice.pk, True, issued.number))
    return results


@transaction.atomic
def void_notice(*, notice: Notice, reason: str, actor) -> Notice:
    """Void an issued notice (reason required): its document is revoked, its findings open again."""
    _require_director(actor)
    reason = clean_user_text(reason, max_length=200)
    if not reason:
        raise Invalid(_("请填写作废原因。"))
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status not in (Notice.Status.ISSUED, Notice.Status.ACKNOWLEDGED):
        raise Conflict(_("只有已下发、尚未报送整改报告的通知可以作废。"))
    answer = notice.answers.first()
    if answer is not None and answer.version > 0:
        raise Conflict(_("单位已报送整改报告，不能作废。"))
    revoke_document(document=notice.document, reason=reason, actor=actor)
    notice.status, notice.voided_at, notice.voided_reason = Notice.Status.VOIDED, timezone.now(), reason
    notice.save()
    notice.findings.update(status=Finding.Status.OPEN)
    _audit("void", notice=notice, actor=actor, organisation=office(), reason=reason)
    return notice


@transaction.atomic
def reissue(*, notice: Notice, actor) -> Notice:
    """A new draft from a voided notice, to be issued under a new number (the old one stays on record)."""
    _require_office_staff(actor)
    if notice.status != Notice.Status.VOIDED:
        raise Conflict(_("只有已作废的通知可以重新起草。"))
    if Notice.objects.filter(reissue_of=notice).exists():
        raise Conflict(_("该通知已重新起草。"))
    draft = Notice.objects.create(unit=notice.unit, supervisor=notice.supervisor, period=notice.period,
                                  basis=notice.basis, requirements=notice.requirements,
                                  deadline=max(notice.deadline, default_deadline()), drafted_by=actor,
                                  reissue_of=notice)
    draft.findings.set(notice.findings.all())
    _audit("reissue", notice=draft, actor=actor, organisation=office(), voided=notice.number)
    return draft


# ------------------------------------------------------------------ the unit's side


@transaction.atomic
def acknowledge(*, notice: Notice, actor) -> Notice:
    """签收: the unit confirms it received the notice."""
    _require_unit_member(actor, notice)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != Notice.Status.ISSUED:
        raise Conflict(_("该整改通知不需要签收（已签收或已作废）。"))
    notice.status, notice.acknowledged_by, notice.acknowledged_at = (
        Notice.Status.ACKNOWLEDGED, actor, timezone.now())
    notice.save()
    _audit("acknowledge", notice=notice, actor=actor)
    return notice


@transaction.atomic
def start_answer(*, notice: Notice, actor) -> RectificationAnswer:
    """The unit's 整改报告 for the notice (one per notice; later rounds revise it)."""
    if not can_submit(actor, notice.unit):
        raise NotAllowed(_("只有被通知单位的联络员可以填报整改报告。"))
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status == Notice.Status.ISSUED:
        raise Conflict(_("请先签收整改通知。"))
    if notice.status not in (Notice.Status.ACKNOWLEDGED, Notice.Status.ANSWERED):
        raise Conflict(_("该整改通知不在整改中。"))
    existing = notice.answers.first()
    if existing is not None:
        return existing
    answer = RectificationAnswer.objects.create(
        notice=notice, unit=notice.unit, supervisor=notice.supervisor, period=notice.period, round=notice.round,
        created_by=actor, measures=[{"finding": f.pk, "measures": "", "status": "done", "done_on": ""}
                                    for f in notice.pending_findings()])
    record_event(action="answer.create", actor=actor, organisation=notice.unit, target=answer)
    return answer


@transaction.atomic
def update_answer(*, answer: RectificationAnswer, actor, measures: list[dict], summary: str) -> RectificationAnswer:
    answer = RectificationAnswer.objects.select_for_update().get(pk=answer.pk)
    if not can_submit(actor, answer.unit):
        raise NotAllowed(_("只有本单位联络员可以修改整改报告。"))
    if not answer.is_editable:
        raise Conflict(_("整改报告正在审核中或已通过，不能修改。"))
    wanted = set(answer.notice.pending_findings().values_list("pk", flat=True))
    rows = []
    for row in measures:
        if row.get("finding") not in wanted:
            continue
        status = row.get("status") if row.get("status") in RectificationAnswer.MeasureStatus.values else "done"
        rows.append({"finding": row["finding"], "measures": clean_user_text(row.get("measures"), max_length=2000),
                     "status": status, "done_on": str(row.get("done_on") or "")[:10]})
    answer.measures, answer.summary = rows, clean_user_text(summary, max_length=4000)
    answer.round = answer.notice.round
    answer.save()
    record_event(action="answer.update", actor=actor, organisation=answer.unit, target=answer, version=answer.version)
    return answer


@transaction.atomic
def add_answer_evidence(*, answer: RectificationAnswer, actor, kind: str, upload):
    answer = RectificationAnswer.objects.select_for_update().get(pk=answer.pk)
    if not answer.is_editable:
        raise Conflict(_("整改报告正在审核中或已通过，不能再上传材料。"))
    return store_evidence(owner=answer, unit=answer.unit, kind=kind, upload=upload, uploaded_by=actor)


# ------------------------------------------------------------------ re-check, close, escalate


@dataclass(frozen=True)
class Decision:
    finding_id: int
    accepted: bool
    note: str = ""


@transaction.atomic
def recheck(*, task, actor, reviewers: list[str], checked_on: dt.date, decisions: list[Decision], opinion: str,
            new_deadline: dt.date | None = None) -> Recheck:
    """复查 by the supervising department: finding by finding, at least two reviewers named. All accepted →
    the answer goes on to the office for 销号; otherwise it is returned for another round with a new deadline.
    Either way the department issues a 整改复查意见书."""
    answer = task.process.coerced.item
    notice = answer.notice
    if not ladder.may_act(actor, answer, "department"):
        raise NotAllowed(_("只有主管部门的审核人员可以复查。"))
    names = [name for name in dict.fromkeys(clean_user_text(n, max_length=30) for n in reviewers) if name]
    pending = list(notice.pending_findings().values_list("pk", flat=True))
    by_finding = {decision.finding_id: decision for decision in decisions}
    opinion = clean_user_text(opinion, max_length=2000)
    if len(names) < 2:
        raise Invalid(_("复查须至少两名复查人员。"))
    if set(pending) - set(by_finding):
        raise Invalid(_("请对每个问题给出复查意见。"))
    if checked_on > timezone.localdate():
        raise Invalid(_("复查日期不能晚于今天。"))
    if not opinion:
        raise Invalid(_("请填写复查意见。"))
    passed = all(by_finding[pk].accepted for pk in pending)
    if not passed and (new_deadline is None or new_deadline <= timezone.localdate()):
        raise Invalid(_("复查未通过时须给出晚于今天的新整改期限。"))
    round_number = notice.round
    if passed:
        ladder.approve(task=task, user=actor, comment=opinion, kind_rules=True)
    else:
        ladder.return_for_revision(task=task, user=actor, comment=opinion, kind_rules=True)
    result = Recheck.objects.create(
        answer=answer, notice=notice, round=round_number, checked_on=checked_on, reviewers=names, passed=passed,
        decisions=[{"finding": pk, "accepted": by_finding[pk].accepted,
                    "note": clean_user_text(by_finding[pk].note, max_length=500)} for pk in pending],
        opinion=opinion, new_deadline=None if passed else new_deadline, by=actor)
    result.document = issue_document(kind="recheck_opinion", issuer=notice.supervisor, recipient=notice.unit,
                                     subject=notice, level="department", context=recheck_context(result),
                                     numbered=True, actor=actor)
    result.save(update_fields=["document"])
    if not passed:  # another round: the unit is rectifying again
        Notice.objects.filter(pk=notice.pk).update(round=round_number + 1, deadline=new_deadline,
                                                   status=Notice.Status.ACKNOWLEDGED)
    _audit("recheck", notice=notice, actor=actor, organisation=notice.supervisor, passed=passed,
           round=round_number, document=result.document.pk)
    return result


def close_notice(*, answer: RectificationAnswer, actor) -> Notice:
    """销号 (the office approved the answer): every finding resolved, the closing notice issued."""
    notice = Notice.objects.select_for_update().get(pk=answer.notice_id)
    now = timezone.now()
    notice.findings.update(status=Finding.Status.RESOLVED, resolved_at=now, resolution=_("整改到位，销号。"))
    notice.closing_document = issue_document(kind="closing_notice", issuer=office(), recipient=notice.unit,
                                             subject=notice, level="office", context=closing_context(notice),
                                             numbered=True, actor=actor)
    notice.status, notice.closed_at = Notice.Status.CLOSED, now
    notice.save()
    notify(recipients=_unit_people(notice.unit), title=_("整改通知 %(number)s 已销号") % {"number": notice.number},
           url=notice.get_absolute_url())
    _audit("close", notice=notice, actor=actor, organisation=office(), document=notice.closing_document.pk)
    return notice


@transaction.atomic
def escalate(*, notice: Notice, actor, kind: str, note: str, done_on: dt.date) -> Escalation:
    """Record what the office did about an overdue notice (约谈, 通报, 督促提醒)."""
    _require_office_staff(actor)
    if not notice.is_open:
        raise Conflict(_("该整改通知不在整改中。"))
    note = clean_user_text(note, max_length=2000)
    if kind not in Escalation.Kind.values or not note:
        raise Invalid(_("请选择督办方式并填写情况说明。"))
    escalation = Escalation.objects.create(notice=notice, kind=kind, note=note, done_on=done_on, by=actor)
    _audit("escalate", notice=notice, actor=actor, organisation=office(), kind=kind)
    return escalation
