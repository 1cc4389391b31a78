"""File and request sizes in words."""

_KB = 1024
_MB = 1024 * _KB


def megabytes(size: int) -> str:
    """``15 MB``, ``40.5 MB``, or ``800 KB`` below a megabyte."""
    unit, label = (_MB, "MB") if size >= _MB else (_KB, "KB")
    return f"{size / unit:.1f} {label}".replace(".0 ", " ")
