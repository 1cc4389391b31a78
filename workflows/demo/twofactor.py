"""Demo accounts that must use a second factor get a confirmed TOTP device with one fixed, documented secret,
so the demo and the tests can compute codes (``manage.py demo_totp office.director``). Never in production."""

import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from workflows.accounts.twofactor import DEVICE_NAME

DEMO_TOTP_SECRET = b"anquan-demo-totp-key"  # 20 bytes, the RFC 4226 key length
DEMO_TOTP_BASE32 = base64.b32encode(DEMO_TOTP_SECRET).decode("ascii")


def give_demo_totp_devices() -> int:
    """A confirmed device for each demo user whose role requires one and who has none; returns how many."""
    given = 0
    users = get_user_model().objects.filter(memberships__role__in=settings.TWO_FACTOR_REQUIRED_ROLES).distinct()
    for user in users:
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True, key=DEMO_TOTP_SECRET.hex())
            given += 1
    return given
