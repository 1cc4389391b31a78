"""The half-year 通报: its figures, frozen from the evaluation when drafted, and the document built from them."""

import datetime as dt

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.campaigns.models import QUOTA_MET, Period
from workflows.compliance.evaluation import UnitStatus, period_end, unit_statuses
from workflows.documents.content import build_content, heading, paragraph, table
from workflows.documents.kinds import DocumentKind, register
from workflows.ladder.models import ItemState
from workflows.lectures.choices import HEAD_ROLES
from workflows.lectures.models import LectureRecord
from workflows.organisations.models import Organisation

from .figures import completion, completion_by_department, department_of, percent_text, shortfall_text

COMMEND_DAYS_EARLY = 5
ADDRESSEE = gettext_lazy("各行业主管部门、各街道办事处，各有关单位")


def _build(data, document):
    return build_content(data, addressee=str(ADDRESSEE), closing=str(_("特此通报。")),
                         printed_by=document.issuer.name)


register(DocumentKind("bulletin", gettext_lazy("通报"), _build))


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def commend_cutoff(period: Period) -> dt.datetime:
    """Met early: by the end of the day ``COMMEND_DAYS_EARLY`` days before the report is due."""
    day = period.report_due - dt.timedelta(days=COMMEND_DAYS_EARLY)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def _first_approvals(period: Period, unit_ids) -> dict[tuple[int, str], dt.datetime]:
    """When each unit's first counted lecture of each head was approved."""
    rows = (LectureRecord.objects.filter(period=period, unit_id__in=unit_ids, state=ItemState.APPROVED,
                                         approved_at__lte=period_end(period), lecturer_role__in=HEAD_ROLES)
            .values("unit_id", "lecturer_role").annotate(first=Min("approved_at")).order_by())
    return {(row["unit_id"], row["lecturer_role"]): row["first"] for row in rows}


def met_early(status: UnitStatus, first: dict, cutoff: dt.datetime) -> bool:
    """Compliant, the report signed off by the cutoff, and every required head's lecture approved by it."""
    if not status.compliant or not status.report_signed_off_at or status.report_signed_off_at > cutoff:
        return False
    needed = [role for role, verdict in status.quota.items() if verdict == QUOTA_MET]
    times = {role: first.get((status.unit_id, role)) for role in HEAD_ROLES}
    if status.combined_heads:  # one lecture counts for both
        earliest = min((t for t in times.values() if t), default=None)
        return not needed or (earliest is not None and earliest <= cutoff)
    return all(times[role] is not None and times[role] <= cutoff for role in needed)


def bulletin_figures(period: Period) -> dict:
    """The numbers the 通报 reports, as JSON-ready data (kept on the draft, so the document says what was reviewed)."""
    statuses = unit_statuses(period)
    departments = list(Organisation.objects.filter(kind__in=Organisation.SUPERVISOR_KINDS).order_by("code"))
    names = {department.pk: department.display_name for department in departments}
    department_ids = set(names)
    total = completion(statuses, period)
    first = _first_approvals(period, [status.unit_id for status in statuses])
    cutoff = commend_cutoff(period)

    def unit_row(status):
        return {"name": status.name, "department": names.get(department_of(status, department_ids), "")}

    by_department = [{"name": row.department.name, "units": c.units, "compliant": c.compliant,
                      "rate": percent_text(c.rate), "party_rate": percent_text(c.party_rate),
                      "admin_rate": percent_text(c.admin_rate), "report_rate": percent_text(c.report_rate)}
                     for row in completion_by_department(statuses, period, departments) for c in [row.completion]]
    return {
        "period": period.code, "label": str(period.label), "due": period.report_due.isoformat(),
        "units": total.units, "compliant": total.compliant, "rate": percent_text(total.rate),
        "party_rate": percent_text(total.party_rate), "admin_rate": percent_text(total.admin_rate),
        "report_rate": percent_text(total.report_rate), "never_active": total.never_active,
        "departments": by_department,
        "commended": [unit_row(s) for s in statuses if met_early(s, first, cutoff)],
        "criticised": [{**unit_row(s), "shortfalls": shortfall_text(s, period)} for s in statuses if not s.compliant],
        "commend_days": COMMEND_DAYS_EARLY,
    }


def default_introduction(period: Period) -> str:
    return _("根据区安委会办公室《关于开展“领导干部讲安全”工作的通知》（示范安生办〔2020〕14号）要求，区安委会办公室"
             "对各单位%(period)s“领导干部讲安全”工作开展情况进行了检查考核。现将有关情况通报如下：") % {
        "period": period.label}


def default_requirements() -> str:
    return _("各单位要进一步提高思想认识，党政主要负责人要带头讲安全，按要求每半年至少开展 1 次安全生产宣讲，并按期报送"
             "工作开展情况报告。被通报批评的单位要认真分析原因，按照整改通知要求限期整改到位；各行业主管部门、各街道要加强"
             "督促指导，确保工作落实。")


def bulletin_context(bulletin) -> dict:
    figures = bulletin.figures
    due = dt.date.fromisoformat(figures["due"])
    overview = _("全区应考核单位 %(units)d 家，党政主要负责人宣讲和半年工作报告全部达标的 %(compliant)d 家，达标率"
                 " %(rate)s。其中，党组织主要负责人宣讲完成率 %(party)s，行政主要负责人宣讲完成率 %(admin)s，按期报送"
                 "工作开展情况报告 %(report)s；%(never)d 家单位全半年未在系统中填报任何事项。") % {
        "units": figures["units"], "compliant": figures["compliant"], "rate": figures["rate"],
        "party": figures["party_rate"], "admin": figures["admin_rate"], "report": figures["report_rate"],
        "never": figures["never_active"]}
    departments = [[str(i), row["name"], str(row["units"]), str(row["compliant"]), row["rate"]]
                   for i, row in enumerate(figures["departments"], start=1)]
    commended = figures["commended"]
    praise = (_("以下 %(n)d 家单位党政主要负责人提前完成宣讲任务，并于截止日期（%(due)s）%(days)d 日前报送工作开展情况"
                "报告，予以通报表扬：%(names)s。") % {"n": len(commended), "due": _date(due),
                                                  "days": figures["commend_days"],
                                                  "names": "、".join(row["name"] for row in commended)}
              if commended else _("本半年没有提前完成全部任务的单位。"))
    criticised = figures["criticised"]
    body = [bulletin.introduction, heading(1, _("总体情况")), paragraph(overview),
            table([_("序号"), _("主管部门（街道）"), _("应考核单位"), _("达标单位"), _("达标率")], departments,
                  title=_("各主管部门（街道）完成情况")),
            heading(1, _("表扬单位")), paragraph(praise), heading(1, _("存在问题的单位"))]
    if criticised:
        body += [paragraph(_("以下 %(n)d 家单位未完成本半年工作任务，予以通报批评：") % {"n": len(criticised)}),
                 table([_("序号"), _("单位"), _("主管部门（街道）"), _("存在问题")],
                       [[str(i), row["name"], row["department"], row["shortfalls"]]
                        for i, row in enumerate(criticised, start=1)], title=_("未完成工作任务的单位"))]
    else:
        body.append(paragraph(_("各单位均完成了本半年工作任务。")))
    body += [heading(1, _("工作要求")), paragraph(bulletin.requirements)]
    return {"title": _("关于%(period)s“领导干部讲安全”工作开展情况的通报") % {"period": figures["label"]}, "body": body}
