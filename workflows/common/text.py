"""User text in, safely: whatever is typed is kept literally, except what no database or document can hold."""

import re

# C0 controls except tab, line feed and carriage return; DEL; C1 controls; lone surrogates; U+FFFE and U+FFFF.
# PostgreSQL refuses NUL, UTF-8 refuses lone surrogates, XML 1.0 (DOCX) refuses the rest. The forms and the API
# refuse NUL and lone surrogates before this (Django's and DRF's own CharField validators); this drops the rest.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_user_text(value: str | None, *, max_length: int | None = None) -> str:
    """Strip forbidden control characters and surrounding white space; cut to ``max_length``."""
    text = _FORBIDDEN.sub("", value or "").strip()
    if max_length is not None:
        text = text[:max_length]
    return text
