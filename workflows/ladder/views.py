"""The ladder's pages: 待办 (inbox and queue), a task page, 已办, the board, the flow chart, and the
POST actions. Every page reads through the scoped selectors; every action goes through a service."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView
from viewflow.workflow.status import STATUS

from workflows.common.numbers import posted_ids
from workflows.documents.selectors import visible_documents_about
from workflows.evidence.selectors import evidence_of
from workflows.organisations.permissions import can_submit

from . import registry, selectors, services
from .errors import LadderError
from .forms import ApproveForm, BatchApproveForm, ReassignForm, ReturnForm
from .models import ItemState, Level


def _refuse(request, error: LadderError):
    messages.error(request, error.message)


class TaskListView(LoginRequiredMixin, ListView):
    """待办: tasks claimed by the user and the unclaimed ones in their organisations' queues."""

    template_name = "ladder/task_list.html"
    paginate_by = 50

    def filters(self) -> dict:
        get = self.request.GET
        overdue = {"1": True, "0": False}.get(get.get("overdue", ""))
        return {"kind": get.get("kind", ""), "level": get.get("level", ""), "overdue": overdue}

    def get_queryset(self):
        return selectors.filter_tasks(selectors.actionable_tasks(self.request.user), **self.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tasks"] = selectors.attach_items(context["object_list"])
        # Only review tasks can be approved in a batch; a liaison's 修改后重新报送 cannot.
        context["can_batch_approve"] = any(task.level for task in context["tasks"])
        context["kinds"] = registry.kinds()
        context["levels"] = [*Level.choices, ("revise", _("待修改"))]
        context["filters"] = self.request.GET
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class BatchApproveView(LoginRequiredMixin, View):
    def post(self, request):
        ids = posted_ids(request.POST.getlist("tasks"))
        form = BatchApproveForm(request.POST, task_ids=ids)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return HttpResponseRedirect(reverse("ladder:tasks"))
        results = services.batch_approve(task_ids=form.cleaned_data["tasks"], user=request.user,
                                         comment=form.cleaned_data["comment"])
        done = [r for r in results if r.ok]
        if done:
            messages.success(request, _("批量审批：%(n)d 项已通过。") % {"n": len(done)})
        for refused in (r for r in results if not r.ok):
            messages.error(request, _("待办 #%(id)d 未通过：%(reason)s") % {"id": refused.task_id,
                                                                     "reason": refused.message})
        return HttpResponseRedirect(reverse("ladder:tasks"))


class TaskDetailView(LoginRequiredMixin, TemplateView):
    """One task: the item with its evidence, its history and chart, and the actions this user may take."""

    template_name = "ladder/task_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        task = selectors.visible_task(user, pk)
        if task is None:
            raise Http404
        item = task.item
        is_open = task.status in services.OPEN and task.level is not None
        may_act = is_open and services.may_act(user, item, task.level)
        context = super().get_context_data(**kwargs)
        context.update(
            task=task, item=item, kind=registry.kind_of(item), may_act=may_act, evidence_items=evidence_of(item),
            claimed_by_me=task.owner_id == user.pk, is_open=is_open,
            approve_form=ApproveForm(), return_form=ReturnForm(),
            reassign_form=ReassignForm(colleagues=services.colleagues_for(task, user)) if may_act else None,
            panel=item_panel(item, user),
        )
        return context


class TaskActionView(LoginRequiredMixin, View):
    """POST claim / release / approve / return / reassign on one task."""

    def post(self, request, pk, action):
        task = selectors.visible_task(request.user, pk)
        if task is None:
            raise Http404
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            raise Http404
        try:
            message, stay = handler(request, task)
        except LadderError as error:
            _refuse(request, error)
            return HttpResponseRedirect(reverse("ladder:task", args=[task.pk]))
        messages.success(request, message)
        return HttpResponseRedirect(reverse("ladder:task", args=[task.pk]) if stay else reverse("ladder:tasks"))

    def do_claim(self, request, task):
        services.claim(task=task, user=request.user)
        return _("已认领，请办理。"), True

    def do_release(self, request, task):
        services.release(task=task, user=request.user)
        return _("已放回待认领队列。"), False

    def do_approve(self, request, task):
        form = ApproveForm(request.POST)
        if not form.is_valid():
            raise services.Invalid(" ".join(form.errors.get("comment", [])))
        services.approve(task=task, user=request.user, comment=form.cleaned_data["comment"])
        return _("已审批通过。"), False

    def do_return(self, request, task):
        form = ReturnForm(request.POST)
        if not form.is_valid():
            raise services.Invalid(" ".join(form.errors.get("comment", [])))
        services.return_for_revision(task=task, user=request.user, comment=form.cleaned_data["comment"])
        return _("已退回报送人修改。"), False

    def do_reassign(self, request, task):
        form = ReassignForm(request.POST, colleagues=services.colleagues_for(task, request.user))
        if not form.is_valid():
            raise services.Invalid(" ".join(form.errors.get("to_user", [])))
        to_user = form.cleaned_data["to_user"]
        services.reassign(task=task, user=request.user, to_user=to_user)
        return _("已转交给%(name)s。") % {"name": to_user.get_full_name()}, False


class ArchiveView(LoginRequiredMixin, ListView):
    """已办: what the user handled, on items they may still see."""

    template_name = "ladder/archive.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.archived_tasks(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tasks"] = selectors.attach_items(context["object_list"])
        return context


class BoardView(LoginRequiredMixin, TemplateView):
    """看板: submitted items waiting at each level, within the user's sight."""

    template_name = "ladder/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        columns = selectors.pending_by_level(self.request.user)
        context["columns"] = [(Level(level).label, count, items) for level, (count, items) in columns.items()]
        return context


def visible_item_or_404(user, kind_code: str, pk: int):
    kind = registry.kind_by_code(kind_code)
    if kind is None:
        raise Http404
    item = selectors.visible_items(kind.model, user).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


class ChartView(LoginRequiredMixin, View):
    def get(self, request, kind, pk):
        item = visible_item_or_404(request.user, kind, pk)
        response = HttpResponse(selectors.flow_chart_svg(item), content_type="image/svg+xml; charset=utf-8")
        response["Cache-Control"] = "private, no-store"
        return response


class ItemActionView(LoginRequiredMixin, View):
    """POST submit / withdraw / urge on an item, for every item kind."""

    actions = {
        "submit": (services.submit, _("已报送。")),
        "withdraw": (services.withdraw, _("已撤回。")),
        "urge": (services.urge, _("已催办。")),
    }

    def post(self, request, kind, pk, action):
        item = visible_item_or_404(request.user, kind, pk)
        if action not in self.actions:
            raise Http404
        service, message = self.actions[action]
        try:
            service(item=item, user=request.user)
        except LadderError as error:
            _refuse(request, error)
        else:
            messages.success(request, message)
        return HttpResponseRedirect(item.get_absolute_url())


def item_panel(item, user) -> dict:
    """What every item page shows below the item: actions for this user, history, documents, versions, chart."""
    task = services.open_task(item)
    my_task = None
    level = task.flow_task.level if task is not None else None
    if level and (task.owner_id == user.pk or (task.status == STATUS.NEW and services.may_act(user, item, level))):
        my_task = task
    liaison = can_submit(user, item.unit)
    return {
        "item": item,
        "kind": registry.kind_of(item),
        "history": selectors.item_history(item),
        "documents": visible_documents_about(user, item),
        "versions": selectors.item_versions(item),
        "open_task": task,
        "my_task": my_task,
        "can_submit": liaison and item.is_editable,
        "can_withdraw": services.withdraw_actor(item) == user,
        "can_urge": liaison and item.state == ItemState.PENDING,
    }
