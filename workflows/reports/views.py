from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.campaigns.models import QUOTA_LABELS
from workflows.campaigns.workdays import workdays_between
from workflows.ladder.item_views import ItemDetailView, ItemFormView, ItemListView
from workflows.lectures.choices import Channel, Topic, labels

from . import services
from .forms import ReportForm
from .models import NARRATIVE_FIELDS
from .selectors import visible_reports


class ReportListView(ItemListView):
    kind_code = "report"
    selector = staticmethod(visible_reports)
    create_url_name = "reports:report_create"


class ReportFormView(ItemFormView):
    kind_code = "report"
    selector = staticmethod(visible_reports)
    form_class = ReportForm
    fields = ("period", *NARRATIVE_FIELDS)
    create_service = staticmethod(services.create_report)
    update_service = staticmethod(lambda item, user, **data: services.update_report(report=item, user=user, **data))
    saved_message = _("工作报告已保存。统计数据将在单位审签时依据已通过的宣讲记录自动生成。")


class ReportDetailView(ItemDetailView):
    kind_code = "report"
    selector = staticmethod(visible_reports)
    edit_url_name = "reports:report_edit"
    template_name = "reports/report_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        statistics = report.shown_statistics()
        context["statistics"] = statistics
        context["quota_rows"] = [(_("党组织主要负责人"), QUOTA_LABELS[statistics["quota"]["party_head"]],
                                  statistics["by_head"]["party_head"]),
                                 (_("行政主要负责人"), QUOTA_LABELS[statistics["quota"]["admin_head"]],
                                  statistics["by_head"]["admin_head"])]
        context["topic_labels"] = labels(Topic, statistics["topics"])
        context["channel_labels"] = labels(Channel, statistics["channels"])
        today = timezone.localdate()
        if not report.statistics_frozen_at:
            context["days_to_due"] = (report.period.report_due - today).days
            context["workdays_to_due"] = workdays_between(today, report.period.report_due)
        return context
