"""Refusals answered before a view runs or after it failed: a body too large for its route (413), and a lost
database connection or unwritable storage (503, not a traceback). Each is JSON under /api/, a plain page elsewhere."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from .errors import ServiceUnavailable
from .sizes import megabytes

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30
# Room for what comes with a file in a multipart body: boundaries, part headers, the CSRF token, the kind.
MULTIPART_ALLOWANCE = 64 * 1024


def _refusal(request, *, status: int, code: str, message: str, template: str) -> HttpResponse:
    """The API's error shape under /api/, else a plain page rendered without the request's context processors
    (they would query the database, which may be what failed)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "detail": message, "fields": {}}, status=status)
    return HttpResponse(render_to_string(template, {"message": message}), status=status)


def body_limit(path: str) -> int:
    """The most a request to ``path`` may send: its route's ``REQUEST_BODY_LIMITS``, else form fields' limit."""
    try:
        view_name = resolve(path).view_name
    except Resolver404:
        view_name = ""
    return settings.REQUEST_BODY_LIMITS.get(view_name, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def _content_length(request) -> int:
    """The declared body size; Django reads no more than that, and nothing when it is missing or malformed."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    """Answers 413 to a request declaring a body over its route's limit, before anything reads a byte of it.

    Django would stream any file to a temporary file, whatever its size, before the form could refuse it. A body
    within the form fields' limit passes without the route being looked up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = _content_length(request)
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE + MULTIPART_ALLOWANCE:
            limit = body_limit(request.path_info)
            if length > limit + MULTIPART_ALLOWANCE:
                logger.warning("413 for %s %s: %d bytes, limit %d", request.method, request.path, length, limit)
                message = _("上传的内容为 %(size)s，超过此处 %(limit)s 的上限，已拒绝。") % {
                    "size": megabytes(length), "limit": megabytes(limit)}
                return _refusal(request, status=413, code="too_large", message=message, template="413.html")
        return self.get_response(request)


def _drop_broken_connections() -> None:
    """Close connections the failure left unusable, so the next request opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def _message(exception) -> str | None:
    if isinstance(exception, ServiceUnavailable):
        return exception.message
    if isinstance(exception, OperationalError | InterfaceError):
        _drop_broken_connections()
        return _("数据库连接中断，本次操作没有保存，请稍后重试。")
    return None


class ServiceUnavailableMiddleware:
    """Answers a view's database or storage failure with 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        message = _message(exception)
        if message is None:
            return None
        logger.warning("503 for %s %s: %r", request.method, request.path, exception)
        response = _refusal(request, status=503, code="unavailable", message=message, template="503.html")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
