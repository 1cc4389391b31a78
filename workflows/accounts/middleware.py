"""Per-request identity rules: the second factor for those who need it, session time limits, and a password that
must be changed before anything else."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from workflows.audit.services import record_event

from . import twofactor
from .passwords import password_change_message, password_change_required
from .sessions import expiry_reason

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


class SecondFactorRequiredMiddleware:
    """Ends a session whose user needs the second factor but did not give it at log-in, whatever way they came in
    (only the log-in pages ask for it): such a session is never accepted, on the site or the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not twofactor.session_cleared(request):
            record_event(action="auth.second_factor_missing", actor=request.user, data={"path": request.path[:200]})
            logout(request)
            message = _("该账号须使用动态验证码登录，请通过登录页重新登录。")
            if _is_api(request):
                return JsonResponse({"code": "second_factor_required", "detail": message, "fields": {}}, status=401)
            messages.warning(request, message)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class SessionLimitsMiddleware:
    """Ends a session idle for SESSION_IDLE_MINUTES or older than SESSION_MAX_HOURS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = expiry_reason(request)
            if reason:
                return self.expired(request, reason)
        return self.get_response(request)

    def expired(self, request, reason: str):
        user = request.user
        record_event(action="auth.session_expired", actor=user, data={"reason": reason})
        logout(request)
        if reason == "idle":
            message = _("您已超过%(n)d分钟未操作，为保障安全已自动退出，请重新登录。") % {
                "n": settings.SESSION_IDLE_MINUTES}
        else:
            message = _("本次登录已超过%(n)d小时，为保障安全已自动退出，请重新登录。") % {
                "n": settings.SESSION_MAX_HOURS}
        if _is_api(request):
            return JsonResponse({"code": "session_expired", "detail": message, "fields": {}}, status=401)
        messages.warning(request, message)
        return redirect_to_login(request.get_full_path())


class PasswordChangeRequiredMiddleware:
    """A user whose password must change reaches only the change-password page (and log-out) until it is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not self.exempt(request) and password_change_required(user):
            message = password_change_message(user)
            if _is_api(request):
                return JsonResponse({"code": "password_change_required", "detail": message, "fields": {}},
                                    status=403)
            messages.warning(request, message)
            return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def exempt(request) -> bool:
        path = request.path_info
        allowed = (reverse("password_change"), reverse("password_change_done"), reverse("logout"),
                   reverse("javascript-catalog"), "/i18n/", "/" + settings.STATIC_URL.lstrip("/"))
        return any(path.startswith(prefix) for prefix in allowed)
