"""The TOTP second factor (django-otp): who needs it, their device, enrolment, and the code a device expects."""

import base64

import segno
from django.conf import settings
from django.utils.safestring import mark_safe
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from workflows.organisations.selectors import roles_of

DEVICE_NAME = "TOTP"


def two_factor_required(user) -> bool:
    """Whether the user is a superuser or holds a role listed in TWO_FACTOR_REQUIRED_ROLES."""
    return user.is_superuser or bool(roles_of(user) & set(settings.TWO_FACTOR_REQUIRED_ROLES))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def needs_second_factor(user) -> bool:
    """Required by role, or chosen by the user (an enrolled device is always asked for)."""
    return confirmed_device(user) is not None or two_factor_required(user)


# What the session's log-in established, kept in the session so that no request pays for a device lookup:
# "passed" (the code was given) or "not_required". A session without it logged in some other way.
SESSION_KEY = "anquan_second_factor"
PASSED, NOT_REQUIRED = "passed", "not_required"


def mark_session(request, *, passed: bool) -> None:
    request.session[SESSION_KEY] = PASSED if passed else NOT_REQUIRED


def session_cleared(request) -> bool:
    """Whether the session's user may go on: they gave the code at log-in, or did not need one. A session that
    logged in another way is judged once, then remembered."""
    if request.session.get(SESSION_KEY):
        return True
    if needs_second_factor(request.user):
        return False
    mark_session(request, passed=False)
    return True


def enrolment_device(user) -> TOTPDevice:
    """The user's unconfirmed device, created with a fresh secret the first time (kept across page reloads)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def verify(device: TOTPDevice, code: str) -> bool:
    """Check a code (django-otp refuses a code used before and slows down repeated failures)."""
    code = (code or "").strip()
    return code.isdigit() and len(code) == device.digits and device.verify_token(code)


def confirm(device: TOTPDevice) -> None:
    """Keep one confirmed device per user: enrolling again replaces the old one."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code for an authenticator app."""
    return mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=False))


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in by hand."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def next_code(device: TOTPDevice) -> str:
    """The code the device accepts now: the current one, or the next step's if the current one was used."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    step = max(totp.t(), device.last_t + 1)
    return f"{hotp(device.bin_key, step, device.digits):0{device.digits}d}"
