"""Compliance pages: the office evaluates and sees every unit; a department its units; an inspector
looks an enterprise up. Every page reads through the scoped selectors."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from workflows.campaigns.models import QUOTA_LABELS, Period
from workflows.campaigns.selectors import latest_due_period, started_period, started_periods
from workflows.ladder.errors import LadderError
from workflows.lectures.models import LectureRecord
from workflows.organisations.models import Organisation
from workflows.organisations.permissions import can_review
from workflows.organisations.roles import INSPECT
from workflows.organisations.selectors import granted_organisation_ids, heads_of

from . import services
from .evaluation import unit_statuses
from .forms import ManualFindingForm
from .models import Evaluation, Finding
from .rules import Rule
from .selectors import unit_by_name_or_code, visible_findings, visible_unit_statuses


def chosen_period(request) -> Period:
    period = started_period(request.GET.get("period", "")) or latest_due_period()
    if period is None:
        raise Http404
    return period


def is_office_staff(user) -> bool:
    office = Organisation.objects.filter(kind=Organisation.Kind.OFFICE).first()
    return office is not None and can_review(user, office)


class ComplianceView(LoginRequiredMixin, TemplateView):
    """The half-year's compliance: the totals, then the units a page at a time (shortfalls first) and their findings."""

    template_name = "compliance/overview.html"
    units_per_page = 100

    def get_context_data(self, **kwargs):
        user = self.request.user
        period = chosen_period(self.request)
        statuses = visible_unit_statuses(user, period)
        if not statuses and not is_office_staff(user):
            raise Http404
        compliant = sum(status.compliant for status in statuses)
        ordered = [s for s in statuses if not s.compliant] + [s for s in statuses if s.compliant]
        page = Paginator(ordered, self.units_per_page).get_page(self.request.GET.get("page"))
        findings = visible_findings(user).filter(period=period)
        context = super().get_context_data(**kwargs)
        context.update(
            period=period, periods=started_periods(),
            statuses=page.object_list, page_obj=page, query_string=urlencode({"period": period.code}),
            unit_count=len(statuses), compliant=compliant,
            rate=round(100 * compliant / len(statuses), 1) if statuses else 0,
            quota_labels=QUOTA_LABELS, rules=dict(Rule.choices),
            findings=findings.filter(unit_id__in=[s.unit_id for s in page.object_list]).order_by("unit__code", "rule"),
            has_findings=findings.exists(),
            last_evaluation=Evaluation.objects.filter(period=period).first(),
            is_office=is_office_staff(user),
        )
        return context


class EvaluateView(LoginRequiredMixin, View):
    def post(self, request):
        period = started_period(request.POST.get("period", ""))
        if period is None:
            raise Http404
        try:
            result = services.evaluate_period(period=period, actor=request.user)
        except LadderError as error:
            messages.error(request, error.message)
        else:
            evaluation = result.evaluation
            messages.success(request, _("考核评估完成：%(units)d 家单位，%(ok)d 家达标，新发现问题 %(new)d 项，"
                                        "自动核销 %(gone)d 项。") % {
                "units": evaluation.units, "ok": evaluation.compliant_units, "new": evaluation.new_findings,
                "gone": evaluation.dismissed_findings})
        return HttpResponseRedirect(reverse("compliance:overview") + f"?period={period.code}")


class FindingCreateView(LoginRequiredMixin, FormView):
    """An inspector or office staff member records a finding for a unit."""

    template_name = "compliance/finding_form.html"
    form_class = ManualFindingForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not services.may_record_findings(request.user):
                raise Http404
            self.unit = Organisation.objects.filter(pk=kwargs["unit_pk"], is_active=True).exclude(
                kind=Organisation.Kind.OFFICE).first()
            if self.unit is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.add_manual_finding(
                unit=self.unit, period=form.cleaned_data["period"], description=form.cleaned_data["description"],
                basis=form.cleaned_data["basis"], inspected_on=form.cleaned_data["inspected_on"],
                inspectors=form.inspector_names(), source=form.cleaned_data["source"], actor=self.request.user)
        except LadderError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("问题已登记。"))
        return HttpResponseRedirect(reverse("compliance:lookup") + f"?q={self.unit.credit_code or self.unit.name}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unit"] = self.unit
        return context


class LookupView(LoginRequiredMixin, TemplateView):
    """执法检查查询: an enterprise's heads, their approved lectures this and last half-year, open notices."""

    template_name = "compliance/lookup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (granted_organisation_ids(request.user, INSPECT)
                                                  or is_office_staff(request.user)):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "")
        units = list(unit_by_name_or_code(query).select_related("parent")[:20])
        periods = list(started_periods()[:2])  # this half-year and the one before
        context.update(query=query, results=[self.card(unit, periods) for unit in units], searched=bool(query))
        return context

    def card(self, unit, periods) -> dict:
        from workflows.rectification.selectors import open_notices_of

        lectures = (LectureRecord.objects.filter(unit=unit, period__in=periods, state="approved")
                    .select_related("period", "lecturer").order_by("-held_on"))
        status = {p.code: unit_statuses(p, scope=Q(pk=unit.pk))[0] for p in periods}
        return {"unit": unit, "heads": heads_of(unit), "lectures": lectures, "periods": periods, "status": status,
                "notices": open_notices_of(unit), "findings": Finding.objects.filter(unit=unit).exclude(
                    status__in=[Finding.Status.RESOLVED, Finding.Status.DISMISSED]).select_related("period")}
