from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LadderConfig(AppConfig):
    name = "workflows.ladder"
    label = "ladder"
    verbose_name = _("三级审批")
