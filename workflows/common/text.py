"""User text in, safely: whatever is typed is kept literally, except what no database or document can hold."""

import re

# C0 controls except tab, line feed and carriage return; DEL; C1 controls. PostgreSQL refuses NUL,
# XML 1.0 (DOCX) refuses the rest.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_user_text(value: str | None, *, max_length: int | None = None) -> str:
    """Strip forbidden control characters and surrounding white space; cut to ``max_length``."""
    text = _FORBIDDEN.sub("", value or "").strip()
    if max_length is not None:
        text = text[:max_length]
    return text
