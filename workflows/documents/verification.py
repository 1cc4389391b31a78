"""Short verification codes and the QR code every PDF carries to the public verification page."""

import secrets

import segno
from django.conf import settings
from django_ratelimit.core import get_usage

# No 0/O, 1/I/L: the code is read off paper and typed in. 31 symbols, 10 of them: about 49 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_verify_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed, upper-cased and without spaces or dashes."""
    return "".join(char for char in text.upper() if char.isalnum())


def display_code(code: str) -> str:
    """ABCDE-FGHJK: easier to read aloud."""
    return f"{code[:5]}-{code[5:]}"


def verify_url(code: str) -> str:
    return f"{settings.DOCUMENTS_VERIFY_BASE_URL}/verify/{code}/"


def qr_data_uri(url: str) -> str:
    """A PNG data URI of the QR code (PNG renders faster in WeasyPrint than SVG)."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=4, border=0)


# One counter per client address for every verification lookup, on the page and in the API.
RATE_GROUP = "anquan.verify"


def lookup_wait(request) -> int | None:
    """Count one verification lookup from the request's address; the seconds to wait when over
    DOCUMENTS_VERIFY_RATE, else None."""
    usage = get_usage(request, group=RATE_GROUP, key="ip", rate=settings.DOCUMENTS_VERIFY_RATE, increment=True)
    return max(1, int(usage["time_left"])) if usage and usage["should_limit"] else None
