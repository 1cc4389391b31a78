"""Remember the client address of the current request for the audit trail, and that a request is being served."""

from workflows.common.clientip import client_ip

from .context import enter_request, leave_request


def request_ip(request) -> str | None:
    return client_ip(request) or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tokens = enter_request(request_ip(request))
        try:
            return self.get_response(request)
        finally:
            leave_request(tokens)
