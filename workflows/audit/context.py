"""Who is acting from where, for the request being served (set by the middleware)."""

from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
_serving: ContextVar[bool] = ContextVar("serving_request", default=False)


def enter_request(ip: str | None):
    """Mark a request as being served, from ``ip``; returns what ``leave_request`` needs."""
    return _client_ip.set(ip), _serving.set(True)


def leave_request(tokens) -> None:
    ip_token, serving_token = tokens
    _client_ip.reset(ip_token)
    _serving.reset(serving_token)


def client_ip() -> str | None:
    return _client_ip.get()


def serving_request() -> bool:
    """Whether a web or API request is being served (as opposed to a management command or the demo loader)."""
    return _serving.get()
