"""The documents of plans and records at each approved level: one context builder per kind."""

from django.utils.translation import gettext as _

from workflows.documents.content import heading, paragraph, table
from workflows.evidence.selectors import evidence_of

from .choices import Audience


def _opinion(level: str, comment: str) -> str:
    if level == "department":
        return comment or _("经审核，同意。")
    return comment or _("同意备案。")


def plan_context(plan, level: str, comment: str) -> dict:
    unit = plan.unit
    lecturer = f"{plan.get_lecturer_role_display()} {plan.lecturer.get_full_name() if plan.lecturer else ''}"
    rows = [[_("宣讲人"), lecturer.strip()],
            [_("计划日期"), f"{plan.planned_date:%Y年%-m月%-d日}"], [_("地点"), plan.venue],
            [_("宣讲对象"), str(Audience(plan.audience).label)], [_("预计参加人数"), str(plan.expected_attendees)],
            [_("宣讲内容"), "；".join(plan.topic_labels)], [_("宣传渠道"), "、".join(plan.channel_labels)]]
    if plan.theme:
        rows.insert(1, [_("宣讲主题"), plan.theme])
    details = table([_("项目"), _("内容")], rows, title=_("宣讲计划"))
    if level == "unit":
        return {"title": _("关于报送%(period)s领导干部讲安全宣讲计划的函") % {"period": plan.period.label},
                "body": [_("根据区安委会办公室《关于开展“领导干部讲安全”工作的通知》要求，现将我单位%(period)s"
                           "宣讲计划报送如下：") % {"period": plan.period.label}, details]}
    subject = _("%(unit)s%(period)s宣讲计划") % {"unit": unit.name, "period": plan.period.label}
    if level == "department":
        return {"title": _("关于%(subject)s的审核意见") % {"subject": subject},
                "body": [_("你单位报送的%(subject)s（第 %(v)d 版）收悉。") % {"subject": subject, "v": plan.version},
                         heading(1, _("审核意见")), paragraph(_opinion(level, comment)), details]}
    return {"title": _("关于%(subject)s的备案通知") % {"subject": subject},
            "body": [_("你单位报送的%(subject)s（第 %(v)d 版）经主管部门审核，已予备案。请按计划组织实施，"
                       "宣讲结束后及时填报宣讲记录并上传佐证材料。") % {"subject": subject, "v": plan.version},
                     paragraph(_opinion(level, comment)), details]}


def record_context(record, level: str, comment: str) -> dict:
    unit = record.unit
    details = table([_("项目"), _("内容")], [
        [_("宣讲时间"), f"{record.held_on:%Y年%-m月%-d日} {record.starts_at:%H:%M}—{record.ends_at:%H:%M}"],
        [_("地点"), record.venue], [_("宣讲人"), record.lecturer_display],
        [_("宣讲形式"), str(record.get_form_display())],
        [_("宣讲主题"), record.theme], [_("宣讲对象"), str(Audience(record.audience).label)],
        [_("参加人数"), str(record.attendees)], [_("宣讲内容"), "；".join(record.topic_labels)],
    ], title=_("宣讲情况"))
    subject = _("%(unit)s%(date)s宣讲情况") % {"unit": unit.name, "date": f"{record.held_on:%Y年%-m月%-d日}"}
    if level == "unit":
        return {"title": _("关于报送领导干部讲安全宣讲情况的函"),
                "body": [_("我单位于%(date)s开展领导干部讲安全宣讲，现将宣讲情况及佐证材料报送如下：") % {
                    "date": f"{record.held_on:%Y年%-m月%-d日}"}, details, heading(1, _("内容摘要")),
                    paragraph(record.summary)]}
    if level == "department":
        return {"title": _("关于%(subject)s的审核意见") % {"subject": subject},
                "body": [_("你单位报送的%(subject)s（第 %(v)d 版）收悉。") % {"subject": subject, "v": record.version},
                         heading(1, _("审核意见")), paragraph(_opinion(level, comment)), details]}
    evidence = [[str(i), str(e.get_kind_display()), e.original_name, e.sha256]
                for i, e in enumerate(evidence_of(record), start=1)]
    return {"title": _("宣讲情况确认单"),
            "body": [_("经审核，%(subject)s属实，确认计入%(period)s领导干部讲安全宣讲。") % {
                "subject": subject, "period": record.period.label}, paragraph(_opinion(level, comment)), details,
                table([_("序号"), _("类型"), _("文件名"), _("SHA-256")], evidence, title=_("佐证材料"))]}
