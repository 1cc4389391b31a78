"""File names: the user's name cleaned for display, the stored name generated, the download header."""

import unicodedata
import uuid
from urllib.parse import quote

from django.utils import timezone

DISPLAY_NAME_MAX_LENGTH = 120
UNNAMED = "未命名文件"
STORAGE_DIR = "evidence"


def display_name(raw: str | None, max_length: int = DISPLAY_NAME_MAX_LENGTH) -> str:
    """The last path part of ``raw`` without control or format characters, trimmed, at most ``max_length`` long.

    Format characters (category Cf) include the right-to-left override that disguises ``exe.jpg`` names.
    """
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(name.split()).strip(" .")
    if not name:
        return UNNAMED
    if len(name) <= max_length:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        return name[:max_length]
    return stem[: max_length - len(extension) - 1].rstrip(" .") + "." + extension


def extension_of(name: str) -> str:
    """The lower-case extension with its dot (``.jpg``), or an empty string."""
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and stem else ""


def stored_name(extension: str, *, folder: str = "") -> str:
    """A fresh random name under ``evidence/`` by month; nothing of the user's file name goes into it."""
    month = timezone.localdate().strftime("%Y/%m")
    parts = [STORAGE_DIR, folder, month, f"{uuid.uuid4().hex}{extension}"]
    return "/".join(part for part in parts if part)


def content_disposition(name: str, *, fallback_stem: str) -> str:
    """An attachment header with an ASCII ``filename`` for old clients and the UTF-8 ``filename*`` of RFC 5987/6266.

    A name that is not plain ASCII gets ``<fallback_stem><extension>`` as its ASCII form.
    """
    plain = name.isascii() and name.isprintable() and not set(name) & set('"\\;')
    ascii_name = name if plain else fallback_stem + extension_of(name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
