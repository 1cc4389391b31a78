from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "workflows.campaigns"
    label = "campaigns"
    verbose_name = _("工作周期与规则")
