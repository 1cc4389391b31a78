"""Writes from the dashboards: urging units that are missing something, and the 通报's life — drafted by
office staff from the evaluation, reviewed by the director, who returns it or issues it (numbered, sealed)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.audit.models import AuditEvent
from workflows.audit.services import record_event
from workflows.campaigns.models import Period
from workflows.common.text import clean_user_text
from workflows.compliance.evaluation import unit_statuses
from workflows.documents.services import issue_document
from workflows.ladder.errors import Conflict, Invalid, NotAllowed
from workflows.notifications.services import notify
from workflows.organisations.models import Organisation
from workflows.organisations.roles import ISSUE, SIGN_OFF, SUBMIT
from workflows.organisations.selectors import grant_holders, supervised_organisation_ids

from .figures import shortfall_text
from .models import Bulletin
from .paperwork import bulletin_context, bulletin_figures, default_introduction, default_requirements
from .selectors import is_office_director, is_office_staff, office

URGE_ACTION = "dashboards.urge"


@dataclass
class UrgeResult:
    urged: list[Organisation] = field(default_factory=list)
    skipped: list[tuple[Organisation, str]] = field(default_factory=list)


def _urged_today(unit_ids, period: Period) -> set[int]:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return {int(pk) for pk in AuditEvent.objects.filter(
        action=URGE_ACTION, target_type="organisations.organisation", target_id__in=[str(pk) for pk in unit_ids],
        at__gte=start, data__period=period.code).values_list("target_id", flat=True)}


@transaction.atomic
def urge_units(*, units: list[Organisation], period: Period, actor) -> UrgeResult:
    """Remind each unit's liaison and heads of what it still owes this half-year (once a day per unit)."""
    supervised = supervised_organisation_ids(actor)
    if any(unit.pk not in supervised for unit in units):
        raise NotAllowed(_("只能催办本部门（街道）主管的单位。"))
    ids = [unit.pk for unit in units]
    statuses = {status.unit_id: status for status in unit_statuses(period, scope=Q(pk__in=ids))}
    already = _urged_today(ids, period)
    result = UrgeResult()
    for unit in units:
        status = statuses.get(unit.pk)
        if status is None or status.compliant:
            result.skipped.append((unit, _("已完成全部任务")))
            continue
        if unit.pk in already:
            result.skipped.append((unit, _("今天已催办过")))
            continue
        missing = shortfall_text(status, period)
        notify(recipients=[*grant_holders(SUBMIT, unit), *grant_holders(SIGN_OFF, unit)],
               title=_("催办：请抓紧完成%(period)s“领导干部讲安全”工作（%(missing)s）") % {
                   "period": period.label, "missing": missing},
               body=_("半年工作报告截止日期：%(due)s。") % {"due": period.report_due}, url="/")
        record_event(action=URGE_ACTION, actor=actor, organisation=unit, target=unit,
                     data={"period": period.code, "missing": missing})
        result.urged.append(unit)
    return result


# ------------------------------------------------------------------ the half-year 通报


def _require_staff(actor) -> None:
    if not is_office_staff(actor):
        raise NotAllowed(_("只有区安委会办公室工作人员可以起草通报。"))


def _require_director(actor) -> None:
    if not is_office_director(actor):
        raise NotAllowed(_("只有区安委会办公室主任可以审核、印发通报。"))


def _locked(bulletin: Bulletin) -> Bulletin:
    return Bulletin.objects.select_for_update().get(pk=bulletin.pk)


def _audit(action: str, bulletin: Bulletin, actor, **data) -> None:
    record_event(action=f"bulletin.{action}", actor=actor, organisation=office(), target=bulletin,
                 data={"period": bulletin.period.code, **data})


@transaction.atomic
def draft_bulletin(*, period: Period, actor) -> Bulletin:
    """A draft 通报 with the half-year's figures; only once its reports are due."""
    _require_staff(actor)
    if period.report_due >= timezone.localdate():
        raise Invalid(_("%(period)s工作报告截止日期（%(due)s）尚未过，暂不能通报。") % {
            "period": period.label, "due": period.report_due})
    if Bulletin.objects.filter(period=period).exclude(status=Bulletin.Status.ISSUED).exists():
        raise Conflict(_("该半年已有未印发的通报草稿，请在原稿上修改。"))
    bulletin = Bulletin.objects.create(period=period, figures=bulletin_figures(period), figures_at=timezone.now(),
                                       introduction=default_introduction(period),
                                       requirements=default_requirements(), drafted_by=actor)
    _audit("draft", bulletin, actor)
    return bulletin


@transaction.atomic
def refresh_figures(*, bulletin: Bulletin, actor) -> Bulletin:
    """Take the figures again from the evaluation (after late approvals or a re-evaluation)."""
    _require_staff(actor)
    bulletin = _locked(bulletin)
    if not bulletin.is_editable:
        raise Conflict(_("通报已送审或已印发，不能修改。"))
    bulletin.figures, bulletin.figures_at = bulletin_figures(bulletin.period), timezone.now()
    bulletin.save(update_fields=["figures", "figures_at"])
    _audit("refresh", bulletin, actor)
    return bulletin


@transaction.atomic
def update_bulletin(*, bulletin: Bulletin, actor, introduction: str, requirements: str) -> Bulletin:
    _require_staff(actor)
    bulletin = _locked(bulletin)
    if not bulletin.is_editable:
        raise Conflict(_("通报已送审或已印发，不能修改。"))
    bulletin.introduction = clean_user_text(introduction, max_length=2000)
    bulletin.requirements = clean_user_text(requirements, max_length=4000)
    if not bulletin.introduction or not bulletin.requirements:
        raise Invalid(_("请填写导语和工作要求。"))
    bulletin.save(update_fields=["introduction", "requirements"])
    _audit("edit", bulletin, actor)
    return bulletin


@transaction.atomic
def submit_bulletin(*, bulletin: Bulletin, actor) -> Bulletin:
    """Send the draft to the director for review."""
    _require_staff(actor)
    bulletin = _locked(bulletin)
    if not bulletin.is_editable:
        raise Conflict(_("通报已送审或已印发。"))
    bulletin.status, bulletin.submitted_at = Bulletin.Status.SUBMITTED, timezone.now()
    bulletin.save(update_fields=["status", "submitted_at"])
    notify(recipients=grant_holders(ISSUE, office()), title=_("待审核：%(period)s工作开展情况通报") % {
        "period": bulletin.period.label}, url=bulletin.get_absolute_url())
    _audit("submit", bulletin, actor)
    return bulletin


@transaction.atomic
def return_bulletin(*, bulletin: Bulletin, actor, comment: str) -> Bulletin:
    """The director sends it back with what to change."""
    _require_director(actor)
    comment = clean_user_text(comment, max_length=1000)
    if not comment:
        raise Invalid(_("退回须填写审核意见。"))
    bulletin = _locked(bulletin)
    if bulletin.status != Bulletin.Status.SUBMITTED:
        raise Conflict(_("只有待审核的通报可以退回。"))
    bulletin.status, bulletin.review_comment, bulletin.reviewed_by = Bulletin.Status.RETURNED, comment, actor
    bulletin.save(update_fields=["status", "review_comment", "reviewed_by"])
    notify(recipients=[bulletin.drafted_by], title=_("通报被退回：%(comment)s") % {"comment": comment[:80]},
           url=bulletin.get_absolute_url())
    _audit("return", bulletin, actor, comment=comment)
    return bulletin


@transaction.atomic
def issue_bulletin(*, bulletin: Bulletin, actor, comment: str = "") -> Bulletin:
    """The director issues the reviewed 通报: an office document, numbered and sealed."""
    _require_director(actor)
    bulletin = _locked(bulletin)
    if bulletin.status != Bulletin.Status.SUBMITTED:
        raise Conflict(_("只有待审核的通报可以印发。"))
    document = issue_document(kind="bulletin", issuer=office(), subject=bulletin, level="office",
                              context=bulletin_context(bulletin), numbered=True, actor=actor)
    bulletin.status, bulletin.document, bulletin.issued_at = Bulletin.Status.ISSUED, document, timezone.now()
    bulletin.reviewed_by, bulletin.review_comment = actor, clean_user_text(comment, max_length=1000)
    bulletin.save(update_fields=["status", "document", "issued_at", "reviewed_by", "review_comment"])
    _audit("issue", bulletin, actor, number=document.number, document=document.pk)
    return bulletin
