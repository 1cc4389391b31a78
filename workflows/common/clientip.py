"""The client's address, the one way the audit trail, the rate limits, the log-in lock and DRF's throttles read it.

Behind ``TRUSTED_PROXIES`` reverse proxies, each appending the address it saw to ``X-Forwarded-For``, the client is
the entry that many places from the right; anything further left was written by the client and is not trusted.
With no proxy (the default) it is the socket's peer, ``REMOTE_ADDR``.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies and _is_address(hops[-proxies]):
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
