"""What a locked-out user is told (django-axes calls ``lockout_response``): the log-in page with the reason,
or the API's JSON error. The lock itself is counted per user name by axes, for the web and the API alike."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from viewflow.contrib.auth import AuthenticationForm

API_PREFIX = "/api/"


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("该账号连续%(limit)d次登录失败，已被锁定，请%(minutes)d分钟后再试，或联系安全管理员解锁。") % {
        "limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"code": "locked", "detail": lockout_message(), "fields": {}}, status=status)
    username = (credentials or {}).get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    return render(request, "registration/login.html", {"form": form, "lockout_message": lockout_message()},
                  status=status)
