"""The per-address limit on log-in attempts (django-ratelimit), shared by the web form, its second-factor step
and the API token endpoint: one counter per client address, whatever the user name."""

from django.conf import settings
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

GROUP = "anquan.login"


def login_rate_limited(request) -> bool:
    """Count this attempt and say whether the address is over LOGIN_RATE_PER_IP."""
    return is_ratelimited(request, group=GROUP, key="ip", rate=settings.LOGIN_RATE_PER_IP, method="POST",
                          increment=True)


def rate_limited_message() -> str:
    return _("来自您所在网络地址的登录尝试过于频繁，请稍后再试。")
