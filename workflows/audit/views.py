"""The auditor's pages: search the trail, and export exactly what the search found (itself an audit event)."""

import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from workflows.dashboards.xlsx import Sheet, build_workbook, xlsx_response

from .filters import AuditEventFilter
from .selectors import can_read_audit, visible_events
from .services import record_event

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


class AuditorOnlyMixin(LoginRequiredMixin):
    """The audit area already answers 403 to anyone but the auditor (portal.site.AuditApp); the views check
    again so that mounting them elsewhere cannot open them."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_read_audit(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def search(self) -> AuditEventFilter:
        return AuditEventFilter(self.request.GET or None, queryset=visible_events(self.request.user))


def _query_string(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class EventListView(AuditorOnlyMixin, TemplateView):
    template_name = "audit/events.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = self.search()
        events = (search.qs if search.is_valid() else search.queryset.none()).select_related("organisation")
        page = Paginator(events, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(search=search, form=search.form, events=page.object_list, page_obj=page,
                       query_string=_query_string(self.request))
        return context


COLUMNS = (_("编号"), _("时间"), _("用户名"), _("单位"), _("角色"), _("操作"), _("对象类型"), _("对象编号"),
           _("版本"), _("意见"), _("IP 地址"), _("详情"), _("哈希"))


def _row(event) -> list:
    return [event.pk, event.at, event.actor_username, event.organisation.name if event.organisation else "",
            event.role_label, event.action, event.target_type, event.target_id, event.version, event.comment,
            event.ip or "", json.dumps(event.data, ensure_ascii=False) if event.data else "", event.hash]


class EventExportView(AuditorOnlyMixin, View):
    """The filtered events as XLSX, newest first; a filter the form refuses exports nothing."""

    def get(self, request):
        search = self.search()
        if not search.is_valid():
            return HttpResponseBadRequest(_("筛选条件有误，未导出：%(errors)s") % {
                "errors": "；".join(str(error) for errors in search.errors.values() for error in errors)})
        events = search.qs.select_related("organisation")
        total = events.count()
        if total > EXPORT_LIMIT:
            return HttpResponseBadRequest(
                _("符合条件的事件有 %(n)d 条，超过一次导出的上限 %(max)d 条，请缩小时间范围。")
                % {"n": total, "max": EXPORT_LIMIT})
        rows = [_row(event) for event in events.iterator(chunk_size=2000)]
        filters = {name: value for name, value in request.GET.items() if value and name != "page"}
        sheet = Sheet(_("审计事件"), [str(column) for column in COLUMNS], rows)
        described = "；".join(f"{name}={value}" for name, value in filters.items()) or _("无（全部事件）")
        content = build_workbook([sheet], about=[(_("筛选条件"), described)], user=request.user)
        record_event(action="audit.export", actor=request.user, data={"rows": len(rows), "filters": filters})
        return xlsx_response(content, f"审计事件_{timezone.localdate():%Y%m%d}.xlsx")
