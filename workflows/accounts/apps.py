from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "workflows.accounts"
    label = "accounts"
    verbose_name = _("用户")

    def ready(self):
        from . import signals  # noqa: F401
