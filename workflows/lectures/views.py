"""Lecture plan pages. Lists and pages read through visible_plans; writes go through the services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from workflows.ladder.errors import LadderError
from workflows.ladder.models import ItemState
from workflows.ladder.views import item_panel
from workflows.organisations.permissions import can_submit

from . import services
from .forms import PlanForm
from .models import LecturePlan
from .selectors import units_filing_for, visible_plans


class PlanListView(LoginRequiredMixin, ListView):
    template_name = "lectures/plan_list.html"
    paginate_by = 30
    context_object_name = "plans"

    def get_queryset(self):
        plans = visible_plans(self.request.user).order_by("-updated_at")
        get = self.request.GET
        if get.get("period"):
            plans = plans.filter(period__code=get["period"])
        if get.get("state") in ItemState.values:
            plans = plans.filter(state=get["state"])
        if get.get("q"):
            plans = plans.filter(unit__name__icontains=get["q"][:50])
        return plans

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = units_filing_for(self.request.user).exists()
        context["states"] = ItemState.choices
        context["filters"] = self.request.GET
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class PlanFormMixin(LoginRequiredMixin):
    form_class = PlanForm
    template_name = "lectures/plan_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units"] = units_filing_for(self.request.user)
        return kwargs

    def form_valid(self, form):
        try:
            plan = self.save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except LadderError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("宣讲计划已保存。请核对后点击“报送”。"))
        return HttpResponseRedirect(plan.get_absolute_url())


class PlanCreateView(PlanFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not units_filing_for(request.user).exists():
            messages.error(request, _("只有单位联络员可以填报宣讲计划。"))
            return HttpResponseRedirect(reverse("lectures:plans"))
        return super().dispatch(request, *args, **kwargs)

    def save(self, data):
        fields = {name: data[name] for name in services.PLAN_FIELDS if name in data}
        return services.create_plan(unit=data["unit"], user=self.request.user, **fields)


class PlanUpdateView(PlanFormMixin, FormView):
    def get_plan(self) -> LecturePlan:
        plan = visible_plans(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if plan is None:
            raise Http404
        return plan

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.plan = self.get_plan()
        if not (self.plan.is_editable and can_submit(request.user, self.plan.unit)):
            messages.error(request, _("该宣讲计划当前不能修改。"))
            return HttpResponseRedirect(self.plan.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.plan
        return kwargs

    def save(self, data):
        fields = {name: data[name] for name in services.PLAN_FIELDS if name in data}
        return services.update_plan(plan=self.plan, user=self.request.user, **fields)


class PlanDetailView(LoginRequiredMixin, DetailView):
    template_name = "lectures/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return visible_plans(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        context["panel"] = item_panel(plan, self.request.user)
        context["can_edit"] = plan.is_editable and can_submit(self.request.user, plan.unit)
        return context
