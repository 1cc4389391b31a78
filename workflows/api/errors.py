"""One error shape for the whole API: ``{"code": "…", "detail": "<中文说明>", "fields": {…}}``.

Ladder refusals keep their own code and status (Invalid 400, NotAllowed 403, Conflict 409); Django's
ValidationError from a service's ``full_clean()`` becomes 400 with the messages per field.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from workflows.ladder.errors import LadderError

# DRF's codes, renamed where the ladder already has a word for the same thing.
_CODES = {"permission_denied": "forbidden"}
# DRF's messages that carry a parser's English detail.
_MESSAGES = {
    "parse_error": _lazy("请求内容不是有效的 JSON。"),
    "unsupported_media_type": _lazy("请求内容类型不受支持：一般接口用 JSON（Content-Type: application/json），"
                                    "上传文件用 multipart/form-data。"),
}


class Locked(exceptions.APIException):
    """Too many failed log-ins for this user name (django-axes)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked"


class RateLimited(exceptions.APIException):
    """Too many log-in attempts from one address (django-ratelimit, shared with the web log-in)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "rate_limited"


class InvalidCredentials(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_credentials"


def error_body(code: str, detail: str, fields: dict | None = None) -> dict:
    return {"code": code, "detail": str(detail), "fields": fields or {}}


def _plain(value):
    """ErrorDetail trees (dicts and lists of lazy strings) as plain JSON."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return str(value)


def _field_errors(fields: dict) -> tuple[str, dict]:
    """The summary line and the per-field messages; errors not tied to one field become the summary."""
    fields = _plain(fields)
    general = fields.pop(NON_FIELD_ERRORS, []) + fields.pop("non_field_errors", [])
    summary = "；".join(general) if general else _("提交的内容有误，请按各字段的提示修改。")
    return summary, fields


def _django_validation_error(error: DjangoValidationError) -> Response:
    if hasattr(error, "error_dict"):
        summary, fields = _field_errors(error.message_dict)
    else:
        summary, fields = "；".join(error.messages), {}
    return Response(error_body("invalid", summary, fields), status=status.HTTP_400_BAD_REQUEST)


def exception_handler(exc, context):
    if isinstance(exc, LadderError):
        return Response(error_body(exc.code, exc.message), status=exc.http_status)
    if isinstance(exc, DjangoValidationError):
        return _django_validation_error(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {NON_FIELD_ERRORS: exc.detail}
        summary, fields = _field_errors(detail)
        response.data = error_body("invalid", summary, fields)
    elif isinstance(exc, exceptions.Throttled):
        response.data = error_body("throttled", _("请求过于频繁，请%(seconds)d秒后再试。") % {
            "seconds": int(exc.wait or 1)})
    else:
        code = exc.get_codes()
        response.data = error_body(_CODES.get(code, code), _MESSAGES.get(code, exc.detail))
    return response


def page_not_found(request, exception):
    """Django's 404 for a URL no route matches (``/api/v1/plans/null/``): under the API, the API's error shape in
    JSON; elsewhere Django's page."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(error_body("not_found", exceptions.NotFound.default_detail), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Django's 500 (an error no view caught): under the API, the error shape in JSON; elsewhere Django's page."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(error_body("server_error", _("服务器内部错误，请稍后再试。")), status=500)
    return defaults.server_error(request)
