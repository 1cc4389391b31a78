"""The documents of a half-year report: the report itself at unit level, then review opinion and filing."""

from django.utils.translation import gettext as _

from workflows.campaigns.models import QUOTA_LABELS
from workflows.documents.content import heading, paragraph, table


def _statistics_table(statistics: dict) -> dict:
    rows = [[row["held_on"], row["lecturer"], row["theme"], row["form"], str(row["attendees"])]
            for row in statistics.get("records", [])]
    return table([_("日期"), _("宣讲人"), _("主题"), _("形式"), _("人数")], rows, title=_("本半年宣讲情况一览"))


def _summary(statistics: dict) -> str:
    quota = statistics["quota"]
    return _("本半年经审核通过的宣讲共 %(n)d 次，参加 %(people)d 人次；党组织主要负责人宣讲 %(party)d 次（%(pq)s），"
             "行政主要负责人宣讲 %(admin)d 次（%(aq)s）。") % {
        "n": statistics["lectures"], "people": statistics["attendees"],
        "party": statistics["by_head"]["party_head"], "pq": QUOTA_LABELS[quota["party_head"]],
        "admin": statistics["by_head"]["admin_head"], "aq": QUOTA_LABELS[quota["admin_head"]]}


def report_context(report, level: str, comment: str) -> dict:
    statistics = report.shown_statistics()
    subject = _("%(unit)s%(period)s领导干部讲安全工作开展情况报告") % {"unit": report.unit.name,
                                                                 "period": report.period.label}
    if level == "unit":
        body = [heading(1, _("工作开展情况")), paragraph(report.situation), paragraph(_summary(statistics)),
                heading(1, _("主要做法")), paragraph(report.practices)]
        if report.results:
            body += [heading(1, _("取得成效")), paragraph(report.results)]
        body += [heading(1, _("存在问题")), paragraph(report.problems), heading(1, _("下一步打算")),
                 paragraph(report.next_steps)]
        if report.shortfall_explanation:
            body += [heading(1, _("未完成原因说明")), paragraph(report.shortfall_explanation)]
        body.append(_statistics_table(statistics))
        return {"title": _("关于%(period)s领导干部讲安全工作开展情况的报告") % {"period": report.period.label},
                "body": body}
    if level == "department":
        return {"title": _("关于%(subject)s的审核意见") % {"subject": subject},
                "body": [_("你单位报送的%(subject)s收悉。") % {"subject": subject}, heading(1, _("审核意见")),
                         paragraph(comment or _("经审核，同意。")), paragraph(_summary(statistics))]}
    late = _("该报告逾期 %(n)d 天报送。") % {"n": report.days_late} if report.is_late else _("该报告按期报送。")
    return {"title": _("关于%(subject)s的备案通知") % {"subject": subject},
            "body": [_("你单位报送的%(subject)s经主管部门审核，已予备案。") % {"subject": subject}, late,
                     paragraph(comment or _("同意备案。")), paragraph(_summary(statistics))]}
