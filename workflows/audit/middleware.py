"""Remember the client address of the current request for the audit trail, and that a request is being served."""

from django.conf import settings

from .context import enter_request, leave_request


def request_ip(request) -> str | None:
    # Behind the reverse proxy named in settings, trust its X-Forwarded-For; otherwise the socket peer.
    if getattr(settings, "USE_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tokens = enter_request(request_ip(request))
        try:
            return self.get_response(request)
        finally:
            leave_request(tokens)
