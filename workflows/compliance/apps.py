from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "workflows.compliance"
    label = "compliance"
    verbose_name = _("检查考核")
