"""Remember the client address of the current request for the audit trail."""

from django.conf import settings

from .context import reset_client_ip, set_client_ip


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
        token = set_client_ip(request_ip(request))
        try:
            return self.get_response(request)
        finally:
            reset_client_ip(token)
