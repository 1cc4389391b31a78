"""When a password must be changed before anything else: an administrator asked for it, or it is older than the
rotation."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


def password_expired(user) -> bool:
    days = settings.PASSWORD_MAX_AGE_DAYS
    return days > 0 and user.password_changed_at < timezone.now() - dt.timedelta(days=days)


def password_change_required(user) -> bool:
    return bool(user.must_change_password) or password_expired(user)


def password_change_message(user) -> str:
    if user.must_change_password:
        return _("管理员要求您在本次登录后修改密码，请先修改密码后再继续使用系统。")
    return _("您的密码已超过%(days)d天未修改，请先修改密码后再继续使用系统。") % {
        "days": settings.PASSWORD_MAX_AGE_DAYS}
