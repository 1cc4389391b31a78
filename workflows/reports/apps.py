from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "workflows.reports"
    label = "reports"
    verbose_name = _("半年工作报告")

    def ready(self):
        from workflows.ladder import registry

        from . import receivers  # noqa: F401
        from .models import HalfYearReport

        registry.register(code="report", model=HalfYearReport, label=_("半年工作报告"),
                          detail_url_name="reports:report", summary_template="reports/_report_fields.html")
