"""System checks for the audit trail's settings."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.translation import gettext_lazy as _

MINIMUM_RETENTION_DAYS = 180


@register()
def retention_period(app_configs, **kwargs):
    days = getattr(settings, "AUDIT_RETENTION_DAYS", MINIMUM_RETENTION_DAYS)
    if isinstance(days, int) and days >= MINIMUM_RETENTION_DAYS:
        return []
    return [Error(_("AUDIT_RETENTION_DAYS 不得少于 %(min)d 天（当前为 %(days)r）。")
                  % {"min": MINIMUM_RETENTION_DAYS, "days": days},
                  hint=_("等级保护要求审计记录至少保存 6 个月。"), id="audit.E001")]
