"""The rectification documents: 整改通知书, 整改复查意见书 and 销号通知 — one context builder each."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.documents.content import build_content, heading, paragraph, table
from workflows.documents.kinds import DocumentKind, register


def _recipient(document):
    return document.recipient.name if document.recipient else ""


def _build(closing):
    def build(data, document):
        return build_content(data, addressee=_recipient(document), closing=str(closing),
                             printed_by=document.issuer.name)

    return build


register(DocumentKind("rectification_notice", gettext_lazy("整改通知书"), _build(gettext_lazy("特此通知。"))))
register(DocumentKind("recheck_opinion", gettext_lazy("整改复查意见书"), _build(gettext_lazy("特此通知。"))))
register(DocumentKind("closing_notice", gettext_lazy("销号通知"), _build(gettext_lazy("特此通知。"))))


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_context(notice) -> dict:
    findings = list(notice.findings.select_related("period").order_by("id"))
    body = [_("经查，你单位存在下列问题：")]
    body += [paragraph(f"{i}. {finding.description}") for i, finding in enumerate(findings, start=1)]
    body += [heading(1, _("依据")), paragraph(notice.basis), heading(1, _("整改要求")), paragraph(notice.requirements),
             paragraph(_("请于%(deadline)s前完成整改，并通过系统报送整改报告及整改前后佐证材料。逾期未整改或整改不到位的，"
                         "将按有关规定予以约谈、通报。") % {"deadline": _date(notice.deadline)})]
    return {"title": _("关于“领导干部讲安全”工作存在问题限期整改的通知"), "body": body}


def recheck_context(recheck) -> dict:
    notice = recheck.notice
    by_id = {finding.pk: finding for finding in notice.findings.all()}
    rows = [[str(i), by_id[row["finding"]].description if row["finding"] in by_id else "",
             _("已整改") if row["accepted"] else _("未整改到位"), row.get("note", "")]
            for i, row in enumerate(recheck.decisions, start=1)]
    body = [_("根据《%(title)s》（%(number)s），于%(date)s对你单位整改情况进行了复查，提出如下意见：") % {
        "title": _("关于“领导干部讲安全”工作存在问题限期整改的通知"), "number": notice.number,
        "date": _date(recheck.checked_on)},
        table([_("序号"), _("问题"), _("复查结论"), _("说明")], rows, title=_("逐项复查意见")),
        paragraph(recheck.opinion)]
    if recheck.passed:
        body.append(_("经复查，上述问题均已整改到位，报区安委会办公室销号。"))
    else:
        body.append(_("未整改到位的问题，请于%(deadline)s前继续整改并重新报送整改报告。") % {
            "deadline": _date(recheck.new_deadline)})
    body.append(_("复查人员：%(names)s") % {"names": "、".join(recheck.reviewers)})
    return {"title": _("整改复查意见书"), "body": body}


def closing_context(notice) -> dict:
    return {"title": _("关于“领导干部讲安全”工作问题整改销号的通知"),
            "body": [_("你单位按照《关于“领导干部讲安全”工作存在问题限期整改的通知》（%(number)s）要求，"
                       "对所列 %(n)d 项问题进行了整改，经主管部门复查合格，现予以销号。") % {
                "number": notice.number, "n": notice.findings.count()},
                _("请你单位举一反三，持续落实党政主要负责人安全生产宣讲责任，形成长效机制。")]}


def answer_context(answer) -> dict:
    notice = answer.notice
    rows = []
    for i, finding in enumerate(notice.pending_findings(), start=1):
        measure = answer.measure_for(finding.pk)
        status = str(dict(answer.MeasureStatus.choices).get(measure.get("status"), ""))
        rows.append([str(i), finding.description, measure.get("measures", ""), status, measure.get("done_on", "")])
    return {"title": _("关于“领导干部讲安全”工作问题整改情况的报告"),
            "body": [_("根据《关于“领导干部讲安全”工作存在问题限期整改的通知》（%(number)s）要求，我单位认真组织整改，"
                       "现将整改情况报告如下：") % {"number": notice.number},
                     table([_("序号"), _("问题"), _("整改措施"), _("完成情况"), _("完成日期")], rows,
                           title=_("逐项整改情况")), paragraph(answer.summary or _("特此报告。"))]}
