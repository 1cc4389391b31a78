"""A lost database connection or unwritable storage becomes a clear 503 (page or API JSON), not a traceback."""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .errors import ServiceUnavailable

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


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
    """Answers a view's database or storage failure with 503: JSON under /api/, a plain page elsewhere.

    The page is rendered without the request's context processors: they would query the database again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        message = _message(exception)
        if message is None:
            return None
        logger.warning("503 for %s %s: %r", request.method, request.path, exception)
        if request.path.startswith("/api/"):
            response = JsonResponse({"code": "unavailable", "detail": message, "fields": {}}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
