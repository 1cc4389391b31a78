"""Remember the client address of the current request for the audit trail."""

from workflows.common.clientip import client_ip

from .context import reset_client_ip, set_client_ip


def request_ip(request) -> str | None:
    return client_ip(request) or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_client_ip(request_ip(request))
        try:
            return self.get_response(request)
        finally:
            reset_client_ip(token)
