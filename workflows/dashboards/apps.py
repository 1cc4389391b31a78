from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "workflows.dashboards"
    label = "dashboards"
    verbose_name = _("统计分析")

    def ready(self):
        from . import paperwork, receivers  # noqa: F401  (the 通报 kind; outcomes dropped on re-evaluation)
