"""The paper ledgers (台账) the office and departments hand to inspectors, as sheets: 宣讲台账, 发文登记簿 and
the rectification register. Each reads through the owning app's scoped selector."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.campaigns.models import Period
from workflows.documents.selectors import register_entries
from workflows.lectures.choices import Topic
from workflows.lectures.selectors import visible_records
from workflows.organisations.models import Organisation
from workflows.rectification.selectors import overdue_reason, visible_notices

from .xlsx import Sheet


def topic_marks(codes) -> str:
    """（一）（二）（七）: the notice's item numbers; the cover sheet spells them out."""
    return "".join(str(label).split("）")[0] + "）" for value, label in Topic.choices if value in set(codes or ()))


def topic_legend() -> list[tuple[str, str]]:
    return [(_("宣讲内容 %(mark)s") % {"mark": str(label).split("）")[0] + "）"}, str(label).split("）", 1)[1])
            for _value, label in Topic.choices]


def _local(moment):
    return timezone.localtime(moment) if moment else None


def lecture_ledger(user, period: Period) -> Sheet:
    """宣讲台账: every lecture record of the half-year the user may see."""
    records = (visible_records(user).filter(period=period).select_related("supervisor")
               .annotate(evidence_count=Count("evidence")).order_by("unit__code", "held_on", "id"))
    rows = [[number, record.unit.name, record.supervisor.display_name if record.supervisor_id else "",
             record.lecturer_display, record.held_on,
             f"{record.starts_at:%H:%M}–{record.ends_at:%H:%M}", record.venue, record.get_form_display(),
             record.theme, record.get_audience_display(), record.attendees, topic_marks(record.topics),
             "、".join(record.channel_labels), record.evidence_count, str(record.state_label),
             _local(record.approved_at)]
            for number, record in enumerate(records, start=1)]
    columns = [_("序号"), _("单位"), _("主管部门"), _("宣讲人"), _("宣讲日期"), _("起止时间"), _("地点"), _("宣讲形式"),
               _("宣讲主题"), _("宣讲对象"), _("参加人数"), _("宣讲内容"), _("宣传渠道"), _("佐证材料（份）"),
               _("审批状态"), _("办结时间")]
    return Sheet(_("宣讲台账"), columns, rows)


def document_register(user, issuer: Organisation, year: int) -> Sheet:
    """发文登记簿 of one issuer and year: number, title, date, recipient, status — voided numbers included."""
    entries = [entry for entry in register_entries(user, issuer) if entry.year == year]
    entries.sort(key=lambda entry: (entry.serial == 0, entry.serial, entry.at))
    rows = [[number, entry.number or _("（不编号）"), entry.title or "", entry.document.kind_label if entry.document
             else "", entry.issued_on, entry.recipient, str(entry.status_label), entry.note]
            for number, entry in enumerate(entries, start=1)]
    columns = [_("序号"), _("发文字号"), _("标题"), _("文种"), _("成文日期"), _("主送单位"), _("状态"), _("备注")]
    return Sheet(_("发文登记簿"), columns, rows)


def rectification_register(user, period: Period | None = None) -> Sheet:
    """整改台账: notices with their state, dates and rounds, and why an open one is overdue."""
    notices = visible_notices(user).select_related("supervisor").prefetch_related("answers").annotate(
        finding_count=Count("findings", distinct=True)).order_by("period__starts", "unit__code", "id")
    if period is not None:
        notices = notices.filter(period=period)
    rows = [[number, notice.number or _("（草稿）"), notice.unit.name,
             notice.supervisor.display_name if notice.supervisor_id else "", notice.period.label,
             notice.finding_count, notice.round, str(notice.get_status_display()), _local(notice.issued_at),
             _local(notice.acknowledged_at), notice.deadline, _local(notice.closed_at), overdue_reason(notice),
             notice.voided_reason]
            for number, notice in enumerate(notices, start=1)]
    columns = [_("序号"), _("文号"), _("整改单位"), _("主管部门"), _("半年"), _("问题数"), _("整改轮次"), _("状态"),
               _("下发时间"), _("签收时间"), _("整改期限"), _("销号时间"), _("逾期情况"), _("作废原因")]
    return Sheet(_("整改台账"), columns, rows)
