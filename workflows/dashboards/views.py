"""Dashboard pages, the compliance matrix, ledger exports, the organisation import and the 通报.

Every page reads through scoped selectors and answers 404 to anyone outside its scope; every export and
import is an audit event.
"""

import hashlib
import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from workflows.audit.services import record_event
from workflows.campaigns.models import Period
from workflows.campaigns.selectors import current_period, latest_due_period, started_period, started_periods
from workflows.common.numbers import parse_int, posted_ids
from workflows.compliance.selectors import visible_unit_statuses
from workflows.documents.selectors import register_issuers
from workflows.documents.storage import private_storage
from workflows.ladder.errors import LadderError
from workflows.organisations.models import Organisation
from workflows.organisations.selectors import supervised_organisation_ids

from . import importing, ledgers, services
from .checklist import unit_checklists
from .dashboard import build_dashboard
from .figures import shortfall_text
from .forms import BulletinTextForm, ImportUploadForm, ReviewCommentForm
from .matrix import COLUMNS, PAGE_SIZE, SORTABLE, STATES, MatrixQuery, matrix_rows
from .selectors import (
    department_scope,
    is_office_director,
    is_office_staff,
    office_scope,
    supervised_departments,
    unit_visible,
    visible_bulletins,
)
from .xlsx import Sheet, build_workbook, xlsx_response

IMPORT_SESSION_KEY = "dashboards_import"


def chosen_period(request, default=None) -> Period:
    """The half-year in ``?period=`` (one that has begun), else ``default``, else the last one due."""
    period = started_period(request.GET.get("period", request.POST.get("period", "")))
    period = period or default or latest_due_period()
    if period is None:
        raise Http404
    return period


def _audit_export(request, kind: str, rows: int, **data) -> None:
    record_event(action="dashboards.export", actor=request.user, data={"export": kind, "rows": rows, **data})


class IndexView(LoginRequiredMixin, View):
    """Where 统计分析 lands: the office's dashboard, a department's, the import page, or the workbench."""

    def get(self, request):
        if is_office_staff(request.user):
            return HttpResponseRedirect(reverse("dashboards:office"))
        department = supervised_departments(request.user).first()
        if department is not None:
            return HttpResponseRedirect(reverse("dashboards:department", args=[department.code]))
        if importing.may_import(request.user):
            return HttpResponseRedirect(reverse("dashboards:import"))
        return HttpResponseRedirect(reverse("dashboards:ledgers"))


class BoardView(LoginRequiredMixin, TemplateView):
    """Shared by the office and department dashboards: a half-year, a scope, the figures."""

    by_department = False

    def scope(self) -> tuple[Q | None, list[Organisation]]:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope, departments = self.scope()
        if scope is None:
            raise Http404
        period = chosen_period(self.request)
        board = build_dashboard(self.request.user, period, scope=scope, departments=departments,
                                by_department=self.by_department)
        context.update(period=period, periods=started_periods(), board=board, total=board.total,
                       never_active=board.never_active[:30], is_office=is_office_staff(self.request.user))
        return context


class OfficeDashboardView(BoardView):
    template_name = "dashboards/office.html"
    by_department = True

    def scope(self):
        scope = office_scope(self.request.user)
        return scope, list(supervised_departments(self.request.user)) if scope is not None else []


class DepartmentDashboardView(BoardView):
    template_name = "dashboards/department.html"

    def scope(self):
        self.department = get_object_or_404(Organisation, code=self.kwargs["code"],
                                            kind__in=Organisation.SUPERVISOR_KINDS)
        return department_scope(self.request.user, self.department), [self.department]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = context["board"]
        context.update(department=self.department,
                       shortfalls=[(status, shortfall_text(status, board.period)) for status in board.shortfalls])
        return context


class UrgeView(LoginRequiredMixin, View):
    """One click: remind one unit (or every unit still missing something) of a department."""

    def post(self, request, code):
        department = get_object_or_404(Organisation, code=code, kind__in=Organisation.SUPERVISOR_KINDS)
        scope = department_scope(request.user, department)
        if scope is None:
            raise Http404
        period = chosen_period(request)
        units = Organisation.objects.filter(scope)
        if request.POST.get("all") == "1":
            wanted = [s.unit_id for s in visible_unit_statuses(request.user, period, within=scope) if not s.compliant]
        else:
            wanted = posted_ids(request.POST.getlist("units"))
        units = list(units.filter(pk__in=wanted).order_by("code"))
        try:
            result = services.urge_units(units=units, period=period, actor=request.user)
        except LadderError as error:
            messages.error(request, error.message)
        else:
            if result.urged:
                messages.success(request, _("已催办 %(n)d 家单位：%(names)s") % {
                    "n": len(result.urged), "names": "、".join(unit.display_name for unit in result.urged)})
            for unit, reason in result.skipped:
                messages.info(request, _("%(unit)s：%(reason)s") % {"unit": unit.display_name, "reason": reason})
        return HttpResponseRedirect(reverse("dashboards:department", args=[code]) + f"?period={period.code}")


class UnitView(LoginRequiredMixin, TemplateView):
    """One unit's checklist for a half-year, for its own people, its department and the office."""

    template_name = "dashboards/unit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = get_object_or_404(Organisation, code=self.kwargs["code"])
        if not unit_visible(self.request.user, unit):
            raise Http404
        period = chosen_period(self.request, default=current_period())
        context.update(unit=unit, period=period, periods=started_periods(),
                       checklists=unit_checklists(self.request.user, period, unit_ids={unit.pk}))
        return context


# ------------------------------------------------------------------ the compliance matrix


def _matrix(request):
    """The user's matrix for the chosen half-year: (period, query, rows, departments); 404 for a unit's people."""
    user = request.user
    if not supervised_organisation_ids(user):
        raise Http404
    period = chosen_period(request)
    departments = {department.pk: department for department in supervised_departments(user)}
    query = MatrixQuery.from_params(request.GET, departments)
    rows = matrix_rows(visible_unit_statuses(user, period), period, departments, query)
    return period, query, rows, departments


class MatrixView(LoginRequiredMixin, TemplateView):
    template_name = "dashboards/matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period, query, rows, departments = _matrix(self.request)
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        keep = {"period": period.code}
        context.update(period=period, periods=started_periods(), query=query, rows=page.object_list, page_obj=page,
                       query_string=query.querystring(keep), total=len(rows), departments=departments.values(),
                       states=STATES.items(), export_query=query.querystring(keep),
                       columns=[(key, label, key in SORTABLE, query.sort_link(key, keep)) for key, label in COLUMNS])
        return context


class MatrixExportView(LoginRequiredMixin, View):
    """The matrix as XLSX: the same filters, order, columns and wording as the page."""

    def get(self, request):
        period, query, rows, departments = _matrix(request)
        sheet = Sheet(_("考核矩阵"), [str(label) for _key, label in COLUMNS], [row.texts() for row in rows])
        content = build_workbook([sheet], about=[(_("半年"), str(period.label)),
                                                 (_("筛选与排序"), query.describe(departments))], user=request.user)
        _audit_export(request, "matrix", len(rows), period=period.code, query=query.params())
        return xlsx_response(content, f"考核矩阵_{period.code}.xlsx")


# ------------------------------------------------------------------ ledgers


class LedgersView(LoginRequiredMixin, TemplateView):
    template_name = "dashboards/ledgers.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        this_year = timezone.localdate().year
        context.update(periods=started_periods(), period=chosen_period(self.request),
                       issuers=register_issuers(self.request.user), years=range(this_year, this_year - 6, -1))
        return context


class LectureLedgerView(LoginRequiredMixin, View):
    def get(self, request):
        period = chosen_period(request)
        sheet = ledgers.lecture_ledger(request.user, period)
        content = build_workbook([sheet], about=[(_("半年"), str(period.label)), *ledgers.topic_legend()],
                                 user=request.user)
        _audit_export(request, "lecture_ledger", len(sheet.rows), period=period.code)
        return xlsx_response(content, f"宣讲台账_{period.code}.xlsx")


class DocumentRegisterView(LoginRequiredMixin, View):
    def get(self, request):
        issuer = get_object_or_404(register_issuers(request.user), code=request.GET.get("issuer", ""))
        year = parse_int(request.GET.get("year"), low=1, high=9999) or timezone.localdate().year
        sheet = ledgers.document_register(request.user, issuer, year)
        content = build_workbook([sheet], about=[(_("发文机关"), issuer.name), (_("年度"), str(year))],
                                 user=request.user)
        _audit_export(request, "document_register", len(sheet.rows), issuer=issuer.code, year=year)
        return xlsx_response(content, f"发文登记簿_{issuer.code}_{year}.xlsx")


class RectificationRegisterView(LoginRequiredMixin, View):
    def get(self, request):
        period = chosen_period(request) if request.GET.get("period") else None
        sheet = ledgers.rectification_register(request.user, period)
        scope = str(period.label) if period else _("全部")
        content = build_workbook([sheet], about=[(_("半年"), scope)], user=request.user)
        _audit_export(request, "rectification_register", len(sheet.rows), period=period.code if period else "")
        return xlsx_response(content, f"整改台账_{period.code if period else '全部'}.xlsx")


# ------------------------------------------------------------------ importing organisations and users


class ImportMixin(LoginRequiredMixin):
    """The system and the security administrator; each one's rows are checked against their own duty."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not importing.may_import(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def _stored_name(token: str) -> str:
    return f"imports/{token}.xlsx"


def _forget_upload(request) -> None:
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if pending and private_storage().exists(_stored_name(pending["token"])):
        private_storage().delete(_stored_name(pending["token"]))


class ImportView(ImportMixin, View):
    """Download the template, upload a filled one, see the dry run."""

    template_name = "dashboards/import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ImportUploadForm()})

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        upload = form.cleaned_data["workbook"]
        try:
            data = importing.check_upload(upload)
            result = importing.run_import(data, actor=request.user, dry_run=True)
        except importing.ImportRefused as refusal:
            form.add_error("workbook", refusal.message)
            return render(request, self.template_name, {"form": form})
        digest = hashlib.sha256(data).hexdigest()
        record_event(action="dashboards.import_preview", actor=request.user,
                     data={"file": upload.name, "sha256": digest, **result.counts()})
        _forget_upload(request)
        token = ""
        if result.ok:
            token = uuid.uuid4().hex
            private_storage().save(_stored_name(token), ContentFile(data))
            request.session[IMPORT_SESSION_KEY] = {"token": token, "name": upload.name, "sha256": digest}
        return render(request, self.template_name, {"form": ImportUploadForm(), "result": result, "token": token,
                                                    "file_name": upload.name})


class ImportConfirmView(ImportMixin, View):
    """Write what the dry run showed — checked again, all rows or none; new users are e-mailed their
    set-password links (nobody here sees a password)."""

    def post(self, request):
        pending = request.session.get(IMPORT_SESSION_KEY)
        if (not pending or pending["token"] != request.POST.get("token")
                or not private_storage().exists(_stored_name(pending["token"]))):
            messages.error(request, _("导入预览已失效，请重新上传文件。"))
            return HttpResponseRedirect(reverse("dashboards:import"))
        with private_storage().open(_stored_name(pending["token"]), "rb") as handle:
            data = handle.read()
        result = importing.run_import(data, actor=request.user, dry_run=False)
        record_event(action="dashboards.import", actor=request.user,
                     data={"file": pending["name"], "sha256": pending["sha256"], "written": result.written,
                           **result.counts()})
        if result.written:
            _forget_upload(request)
        return render(request, "dashboards/import.html", {"form": ImportUploadForm(), "result": result,
                                                          "file_name": pending["name"], "imported": True})


class ImportTemplateView(ImportMixin, View):
    def get(self, request):
        _audit_export(request, "import_template", 0)
        return xlsx_response(importing.template_workbook(), "单位和用户导入模板.xlsx")


class ImportCurrentView(ImportMixin, View):
    """The organisations and users now in the system, in the template's layout (edit and import back)."""

    def get(self, request):
        content = importing.current_workbook()
        _audit_export(request, "organisations_and_users", Organisation.objects.count())
        return xlsx_response(content, f"单位和用户_{timezone.localdate():%Y%m%d}.xlsx")


# ------------------------------------------------------------------ the half-year 通报


class BulletinListView(LoginRequiredMixin, TemplateView):
    template_name = "dashboards/bulletin_list.html"

    def get_context_data(self, **kwargs):
        if not is_office_staff(self.request.user):
            raise Http404
        context = super().get_context_data(**kwargs)
        context.update(bulletins=visible_bulletins(self.request.user),
                       periods=started_periods().filter(report_due__lt=timezone.localdate()))
        return context

    def post(self, request):
        period = get_object_or_404(Period, code=request.POST.get("period", "")[:6])
        try:
            bulletin = services.draft_bulletin(period=period, actor=request.user)
        except LadderError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(reverse("dashboards:bulletins"))
        messages.success(request, _("已根据考核结果起草通报，请核对后送主任审核。"))
        return HttpResponseRedirect(bulletin.get_absolute_url())


class BulletinView(LoginRequiredMixin, TemplateView):
    template_name = "dashboards/bulletin_detail.html"

    def get_bulletin(self):
        return get_object_or_404(visible_bulletins(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bulletin = self.get_bulletin()
        context.update(bulletin=bulletin, figures=bulletin.figures, is_director=is_office_director(self.request.user),
                       text_form=kwargs.get("text_form") or BulletinTextForm(initial={
                           "introduction": bulletin.introduction, "requirements": bulletin.requirements}),
                       review_form=ReviewCommentForm())
        return context

    def post(self, request, pk):
        bulletin = self.get_bulletin()
        action = request.POST.get("action", "")
        try:
            if action == "edit":
                form = BulletinTextForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(text_form=form))
                services.update_bulletin(bulletin=bulletin, actor=request.user, **form.cleaned_data)
                messages.success(request, _("已保存。"))
            elif action in ("refresh", "submit"):
                service = {"refresh": services.refresh_figures, "submit": services.submit_bulletin}[action]
                service(bulletin=bulletin, actor=request.user)
                messages.success(request, _("已更新考核数据。") if action == "refresh" else _("已送主任审核。"))
            elif action in ("return", "issue"):
                comment = request.POST.get("comment", "")
                if action == "return":
                    services.return_bulletin(bulletin=bulletin, actor=request.user, comment=comment)
                    messages.success(request, _("已退回起草人修改。"))
                else:
                    issued = services.issue_bulletin(bulletin=bulletin, actor=request.user, comment=comment)
                    messages.success(request, _("通报已印发：%(number)s") % {"number": issued.document.number})
            else:
                raise Http404
        except LadderError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(bulletin.get_absolute_url())
