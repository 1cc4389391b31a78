"""Lecture plan and record pages: the shared item pages with each kind's forms and services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import View

from workflows.common.numbers import parse_id
from workflows.evidence.forms import EvidenceUploadForm
from workflows.evidence.selectors import evidence_of
from workflows.ladder.errors import LadderError
from workflows.ladder.item_views import ItemDetailView, ItemFormView, ItemListView
from workflows.organisations.permissions import can_submit

from . import services
from .forms import PlanForm, RecordForm, record_initial_from_plan
from .selectors import visible_plans, visible_records


class PlanListView(ItemListView):
    kind_code = "plan"
    selector = staticmethod(visible_plans)
    create_url_name = "lectures:plan_create"


class PlanFormView(ItemFormView):
    kind_code = "plan"
    selector = staticmethod(visible_plans)
    form_class = PlanForm
    fields = services.PLAN_FIELDS
    create_service = staticmethod(services.create_plan)
    update_service = staticmethod(lambda item, user, **data: services.update_plan(plan=item, user=user, **data))
    saved_message = _("宣讲计划已保存。请核对后点击“报送”。")


class PlanDetailView(ItemDetailView):
    kind_code = "plan"
    selector = staticmethod(visible_plans)
    edit_url_name = "lectures:plan_edit"


class RecordListView(ItemListView):
    kind_code = "record"
    selector = staticmethod(visible_records)
    create_url_name = "lectures:record_create"


class RecordFormView(ItemFormView):
    kind_code = "record"
    selector = staticmethod(visible_records)
    form_class = RecordForm
    fields = services.RECORD_FIELDS
    create_service = staticmethod(services.create_record)
    update_service = staticmethod(lambda item, user, **data: services.update_record(record=item, user=user, **data))
    saved_message = _("宣讲记录已保存。请上传至少 2 张现场照片和 1 份签到表后报送。")

    def get_initial(self):
        initial = super().get_initial()
        plan_id = parse_id(self.request.GET.get("plan"))
        if self.item is None and plan_id:
            plan = visible_plans(self.request.user).filter(pk=plan_id).first()
            if plan is not None:
                initial.update(record_initial_from_plan(plan))
        return initial


class RecordDetailView(ItemDetailView):
    kind_code = "record"
    selector = staticmethod(visible_records)
    edit_url_name = "lectures:record_edit"
    template_name = "lectures/record_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evidence_items"] = evidence_of(self.object)
        if context["can_edit"]:
            context["upload_form"] = EvidenceUploadForm()
        return context


class RecordEvidenceView(View):
    """POST an upload to an editable record, or remove one of its files."""

    def post(self, request, pk, action):
        if not request.user.is_authenticated:
            raise Http404
        record = visible_records(request.user).filter(pk=pk).first()
        if record is None or action not in ("upload", "remove"):
            raise Http404
        try:
            if action == "upload":
                self.upload(request, record)
            else:
                self.remove(request, record)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            messages.error(request, str(error) or _("您不能修改这条宣讲记录的材料。"))
        except LadderError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(record.get_absolute_url())

    def upload(self, request, record):
        form = EvidenceUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.add_record_evidence(record=record, user=request.user, kind=form.cleaned_data["kind"],
                                     upload=form.cleaned_data["file"])
        messages.success(request, _("已上传。"))

    def remove(self, request, record):
        if not can_submit(request.user, record.unit):
            raise Http404
        evidence = evidence_of(record).filter(pk=request.POST.get("evidence", "0")).first()
        if evidence is None:
            raise ValidationError(_("没有找到该材料。"))
        services.remove_record_evidence(record=record, user=request.user, evidence=evidence)
        messages.success(request, _("已删除。"))
