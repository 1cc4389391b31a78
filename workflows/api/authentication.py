"""Token log-in that refuses an expired token (401) and a user whose password must be changed first (403 with the
reason)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.authentication import TokenAuthentication

from workflows.accounts.passwords import password_change_message, password_change_required
from workflows.accounts.services import token_expired


class PasswordChangeRequired(exceptions.APIException):
    """The password was set by somebody else or is past its rotation: change it on the web first."""

    status_code = status.HTTP_403_FORBIDDEN
    default_code = "password_change_required"


class PasswordCheckingTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新登录取得新令牌。"), code="token_expired")
        if password_change_required(user):
            raise PasswordChangeRequired(password_change_message(user) + _("请先在网页上登录并修改密码。"))
        return user, token
