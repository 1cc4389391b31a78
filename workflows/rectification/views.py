"""Rectification pages: notices (list, detail, drafting, batch issue, void, re-issue, escalation), the unit's
answer, and the department's re-check form. Reads through the scoped selectors, writes through services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from workflows.campaigns.selectors import started_period
from workflows.common.numbers import posted_ids
from workflows.evidence.forms import EvidenceUploadForm
from workflows.evidence.selectors import evidence_of
from workflows.ladder import selectors as ladder_selectors
from workflows.ladder.errors import LadderError
from workflows.ladder.item_views import ItemDetailView
from workflows.organisations.permissions import can_issue, can_review, can_sign_off, can_submit

from . import services
from .forms import AnswerForm, DraftForm, EscalationForm, RecheckForm, VoidForm
from .models import Notice
from .selectors import overdue_reason, visible_answers, visible_notices


def _back(request, notice):
    return HttpResponseRedirect(notice.get_absolute_url())


class NoticeListView(LoginRequiredMixin, ListView):
    template_name = "rectification/notice_list.html"
    paginate_by = 50
    context_object_name = "notices"

    def get_queryset(self):
        notices = visible_notices(self.request.user).order_by("-drafted_at")
        status = self.request.GET.get("status", "")
        if status in Notice.Status.values:
            notices = notices.filter(status=status)
        return notices

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        office = services.office()
        rows = [(notice, overdue_reason(notice)) for notice in context["notices"]]
        if self.request.GET.get("overdue") == "1":
            rows = [row for row in rows if row[1]]
        context.update(rows=rows, statuses=Notice.Status.choices, filters=self.request.GET,
                       is_director=can_issue(self.request.user, office),
                       is_office=can_review(self.request.user, office))
        return context


class DraftNoticesView(LoginRequiredMixin, View):
    def post(self, request):
        period = started_period(request.POST.get("period", ""))
        if period is None:
            raise Http404
        try:
            drafts = services.draft_notices(period=period, actor=request.user)
        except LadderError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已起草 %(n)d 份整改通知，请审核后提交主任签发。") % {"n": len(drafts)})
        return HttpResponseRedirect(reverse("rectification:notices") + "?status=draft")


class IssueNoticesView(LoginRequiredMixin, View):
    def post(self, request):
        ids = posted_ids(request.POST.getlist("notices"))
        visible = set(visible_notices(request.user).filter(pk__in=ids).values_list("pk", flat=True))
        results = services.issue_notices(notice_ids=[pk for pk in ids if pk in visible], actor=request.user)
        issued = [r for r in results if r.ok]
        if issued:
            messages.success(request, _("已签发 %(n)d 份整改通知：%(numbers)s") % {
                "n": len(issued), "numbers": "、".join(r.message for r in issued)})
        for refused in (r for r in results if not r.ok):
            messages.error(request, refused.message)
        if not results:
            messages.error(request, _("请至少选择一份草稿。"))
        return HttpResponseRedirect(reverse("rectification:notices"))


class NoticeDetailView(LoginRequiredMixin, TemplateView):
    template_name = "rectification/notice_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        notice = visible_notices(user).filter(pk=pk).first()
        if notice is None:
            raise Http404
        office = services.office()
        answer = notice.answers.first()
        if answer is not None and not visible_answers(user).filter(pk=answer.pk).exists():
            answer = None
        unit_member = can_submit(user, notice.unit) or can_sign_off(user, notice.unit)
        context = super().get_context_data(**kwargs)
        context.update(
            notice=notice, findings=notice.findings.select_related("period"), answer=answer,
            rechecks=notice.rechecks.select_related("document"), escalations=notice.escalations.select_related("by"),
            overdue=overdue_reason(notice), is_office=can_review(user, office), is_director=can_issue(user, office),
            can_acknowledge=unit_member and notice.status == Notice.Status.ISSUED,
            can_answer=can_submit(user, notice.unit) and notice.status in (Notice.Status.ACKNOWLEDGED,
                                                                             Notice.Status.ANSWERED),
            draft_form=DraftForm(initial={"basis": notice.basis, "requirements": notice.requirements,
                                          "deadline": notice.deadline}),
            escalation_form=EscalationForm(initial={"done_on": timezone.localdate()}), void_form=VoidForm(),
            reissued=Notice.objects.filter(reissue_of=notice).first(),
        )
        return context


class NoticeActionView(LoginRequiredMixin, View):
    """POST acknowledge / answer / edit / issue / void / reissue / escalate on one notice."""

    def post(self, request, pk, action):
        notice = visible_notices(request.user).filter(pk=pk).first()
        handler = getattr(self, f"do_{action}", None)
        if notice is None or handler is None:
            raise Http404
        try:
            return handler(request, notice)
        except LadderError as error:
            messages.error(request, error.message)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return _back(request, notice)

    def do_acknowledge(self, request, notice):
        services.acknowledge(notice=notice, actor=request.user)
        messages.success(request, _("已签收。"))
        return _back(request, notice)

    def do_answer(self, request, notice):
        answer = services.start_answer(notice=notice, actor=request.user)
        return HttpResponseRedirect(answer.get_absolute_url())

    def do_edit(self, request, notice):
        form = DraftForm(request.POST)
        if not form.is_valid():
            raise services.Invalid(" ".join(e for errors in form.errors.values() for e in errors))
        services.update_draft(notice=notice, actor=request.user, **form.cleaned_data)
        messages.success(request, _("草稿已保存。"))
        return _back(request, notice)

    def do_issue(self, request, notice):
        issued = services.issue_notice(notice=notice, actor=request.user)
        messages.success(request, _("已签发：%(number)s") % {"number": issued.number})
        return _back(request, notice)

    def do_void(self, request, notice):
        form = VoidForm(request.POST)
        if not form.is_valid():
            raise services.Invalid(_("请填写作废原因。"))
        services.void_notice(notice=notice, reason=form.cleaned_data["reason"], actor=request.user)
        messages.success(request, _("已作废。"))
        return _back(request, notice)

    def do_reissue(self, request, notice):
        draft = services.reissue(notice=notice, actor=request.user)
        messages.success(request, _("已重新起草，请审核后签发。"))
        return HttpResponseRedirect(draft.get_absolute_url())

    def do_escalate(self, request, notice):
        form = EscalationForm(request.POST)
        if not form.is_valid():
            raise services.Invalid(" ".join(e for errors in form.errors.values() for e in errors))
        services.escalate(notice=notice, actor=request.user, **form.cleaned_data)
        messages.success(request, _("督办措施已记录。"))
        return _back(request, notice)


class AnswerDetailView(ItemDetailView):
    kind_code = "answer"
    selector = staticmethod(visible_answers)
    template_name = "rectification/answer_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        answer = self.object
        context["evidence_items"] = evidence_of(answer)
        if context["can_edit"]:
            context["answer_form"] = AnswerForm(answer=answer)
            context["upload_form"] = EvidenceUploadForm()
        context["rows"] = [(finding, answer.measure_for(finding.pk)) for finding in answer.notice.pending_findings()]
        return context


class AnswerActionView(LoginRequiredMixin, View):
    """POST save (measures) / upload (evidence) on an editable answer."""

    def post(self, request, pk, action):
        answer = visible_answers(request.user).filter(pk=pk).first()
        if answer is None or action not in ("save", "upload"):
            raise Http404
        try:
            if action == "save":
                form = AnswerForm(request.POST, answer=answer)
                if not form.is_valid():
                    raise services.Invalid(" ".join(e for errors in form.errors.values() for e in errors))
                services.update_answer(answer=answer, actor=request.user, measures=form.measures(),
                                       summary=form.cleaned_data["summary"])
                messages.success(request, _("整改报告已保存。"))
            else:
                form = EvidenceUploadForm(request.POST, request.FILES)
                if not form.is_valid():
                    raise ValidationError([e for errors in form.errors.values() for e in errors])
                services.add_answer_evidence(answer=answer, actor=request.user, kind=form.cleaned_data["kind"],
                                             upload=form.cleaned_data["file"])
                messages.success(request, _("已上传。"))
        except LadderError as error:
            messages.error(request, error.message)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return HttpResponseRedirect(answer.get_absolute_url())


class RecheckView(LoginRequiredMixin, View):
    """The department's 复查 of an answer waiting at its level (the task page shows this form)."""

    def post(self, request, task_pk):
        task = ladder_selectors.visible_task(request.user, task_pk)
        if task is None or task.item is None or task.item.kind != "answer":
            raise Http404
        answer = task.item
        form = RecheckForm(request.POST, findings=answer.notice.pending_findings())
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return HttpResponseRedirect(reverse("ladder:task", args=[task.pk]))
        decisions = [services.Decision(finding_id=f.pk, accepted=form.cleaned_data[f"accepted_{f.pk}"],
                                       note=form.cleaned_data[f"note_{f.pk}"]) for f in form.findings]
        try:
            result = services.recheck(task=task, actor=request.user, reviewers=form.reviewer_names(),
                                      checked_on=form.cleaned_data["checked_on"], decisions=decisions,
                                      opinion=form.cleaned_data["opinion"],
                                      new_deadline=form.cleaned_data["new_deadline"])
        except LadderError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(reverse("ladder:task", args=[task.pk]))
        messages.success(request, _("复查通过，已报区安委会办公室销号。") if result.passed
                         else _("复查未通过，已退回单位继续整改。"))
        return HttpResponseRedirect(answer.notice.get_absolute_url())
