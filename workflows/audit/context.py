"""Who is acting from where, for the request being served (set by the middleware)."""

from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def set_client_ip(ip: str | None):
    return _client_ip.set(ip)


def reset_client_ip(token) -> None:
    _client_ip.reset(token)


def client_ip() -> str | None:
    return _client_ip.get()
