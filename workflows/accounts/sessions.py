"""Session time limits (等保 2.0): an idle timeout and an absolute lifetime, both counted from stamps in the
session. The idle stamp is refreshed at most once a minute, so most requests do not write the session."""

import time

from django.conf import settings

LOGIN_AT = "anquan_login_at"
SEEN_AT = "anquan_seen_at"
REFRESH_SECONDS = 60


def start_clock(request) -> None:
    """Called when a session becomes authenticated."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def expiry_reason(request) -> str:
    """"idle" or "absolute" when the session is over, else "" (and the idle stamp is refreshed if due)."""
    session = request.session
    now = int(time.time())
    if LOGIN_AT not in session:  # a session authenticated another way (e.g. force_login): start counting now
        start_clock(request)
        return ""
    if now - session[LOGIN_AT] >= settings.SESSION_MAX_HOURS * 3600:
        return "absolute"
    if now - session.get(SEEN_AT, 0) >= settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    if now - session[SEEN_AT] >= REFRESH_SECONDS:
        session[SEEN_AT] = now
    return ""
