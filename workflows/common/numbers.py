"""Reading ids and whole numbers from request parameters, in one place: ASCII digits only (``"²".isdigit()`` is
true, ``int("²")`` fails) and never beyond a database integer (a bigger one overflows SQLite and PostgreSQL)."""

from django.core.exceptions import BadRequest

MAX_ID = 2**63 - 1


def parse_int(value, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """``value`` as a whole number within ``low``..``high``, or None."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if low <= number <= high else None


def parse_id(value) -> int | None:
    """``value`` as a row id (1 … 2**63 − 1), or None."""
    return parse_int(value, low=1)


def parse_ids(values) -> list[int] | None:
    """Every value as an id, in order without repeats; None if any is not an id."""
    ids = [parse_id(value) for value in values]
    return None if None in ids else list(dict.fromkeys(ids))


def posted_ids(values) -> list[int]:
    """The ids a form posted (checkboxes of rows); a value that is not an id is a tampered form: 400."""
    ids = parse_ids(values)
    if ids is None:
        raise BadRequest("not an id")
    return ids

