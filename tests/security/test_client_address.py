"""One reading of the client's address (issue 14): X-Forwarded-For is trusted only as far as TRUSTED_PROXIES
reverse proxies wrote it, for the audit trail and the log-in rate limit alike."""

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from workflows.audit.models import AuditEvent
from workflows.common.clientip import client_ip

pytestmark = pytest.mark.django_db


class Request:
    def __init__(self, remote: str, forwarded: str = ""):
        self.META = {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (0, "6.6.6.6", "10.0.0.1"),                     # no proxy: the header is the client's own words
    (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),     # one proxy appended the address it saw
    (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
    (1, "", "10.0.0.1"),                             # a request that did not come through the proxy
    (1, "not-an-address", "10.0.0.1"),
])
def test_the_client_is_as_many_entries_from_the_right_as_there_are_trusted_proxies(settings, proxies, forwarded,
                                                                                    expected):
    settings.TRUSTED_PROXIES = proxies
    assert client_ip(Request("10.0.0.1", forwarded)) == expected


def test_a_spoofed_header_neither_escapes_the_rate_limit_nor_reaches_the_audit_trail(client, demo, settings):
    settings.LOGIN_RATE_PER_IP = "3/m"
    cache.clear()
    with time_machine.travel(timezone.now(), tick=False):
        codes = [client.post("/accounts/login/", {"username": "unit001.liaison", "password": f"wrong-{n}"},
                             HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]
    failed = AuditEvent.objects.filter(action="auth.login_failed").order_by("-id").first()
    assert failed.ip == "127.0.0.1"


def test_behind_one_proxy_each_client_is_counted_on_its_own(client, demo, settings):
    settings.LOGIN_RATE_PER_IP = "2/m"
    settings.TRUSTED_PROXIES = 1
    cache.clear()
    with time_machine.travel(timezone.now(), tick=False):
        codes = [client.post("/accounts/login/", {"username": f"unit00{n}.liaison", "password": "wrong"},
                             HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 203.0.113.{n % 2}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 200, 429]  # two addresses, two each; the fifth is the first's third
    assert AuditEvent.objects.filter(action="auth.login_failed").order_by("-id").first().ip == "203.0.113.1"
