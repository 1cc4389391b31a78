"""The file formats evidence may have, recognised by their content (magic bytes), never by their name."""

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import filetype

# Enough for every signature filetype knows; OOXML containers are then opened to tell them apart.
HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileFormat:
    key: str
    label: str
    mime: str
    extensions: tuple[str, ...]  # the first one names the stored file
    pillow: str = ""  # Pillow's format name: the file is an image, decoded and re-encoded on upload

    @property
    def extension(self) -> str:
        return self.extensions[0]

    @property
    def is_image(self) -> bool:
        return bool(self.pillow)


JPEG = FileFormat("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"), pillow="JPEG")
PNG = FileFormat("png", "PNG", "image/png", (".png",), pillow="PNG")
WEBP = FileFormat("webp", "WebP", "image/webp", (".webp",), pillow="WEBP")
HEIC = FileFormat("heic", "HEIC", "image/heic", (".heic", ".heif"), pillow="HEIF")
PDF = FileFormat("pdf", "PDF", "application/pdf", (".pdf",))
DOCX = FileFormat("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
PPTX = FileFormat("pptx", "PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                  (".pptx",))
XLSX = FileFormat("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
MP4 = FileFormat("mp4", "MP4", "video/mp4", (".mp4",))

_BY_MIME = {
    "image/jpeg": JPEG, "image/png": PNG, "image/webp": WEBP, "image/heic": HEIC, "image/heif": HEIC,
    "application/pdf": PDF, "video/mp4": MP4,
}
# The main part's content type inside [Content_Types].xml; macro-enabled variants have other types.
_OOXML_MAIN_PARTS = {
    b"wordprocessingml.document.main+xml": DOCX,
    b"presentationml.presentation.main+xml": PPTX,
    b"spreadsheetml.sheet.main+xml": XLSX,
}
_ZIP_MIMES = {"application/zip", DOCX.mime, PPTX.mime, XLSX.mime}
EXECUTABLE_MIMES = frozenset({
    "application/x-executable", "application/x-msdownload", "application/x-mach-binary",
    "application/vnd.microsoft.portable-executable", "application/x-sharedlib", "application/x-elf",
})
# A real [Content_Types].xml is a few kilobytes; anything far bigger is not worth inflating.
_MAX_CONTENT_TYPES_BYTES = 1 << 20


@dataclass(frozen=True)
class Detection:
    format: FileFormat | None
    mime: str  # what the signature said, also when it is no format we accept
    executable: bool = False


def detect(fileobj: BinaryIO) -> Detection:
    """Recognise the file's format from its first bytes (and, for Office files, its part list)."""
    fileobj.seek(0)
    guess = filetype.guess(fileobj.read(HEAD_BYTES))
    mime = guess.mime if guess else ""
    if mime in _ZIP_MIMES:
        return Detection(_ooxml_format(fileobj), mime)
    return Detection(_BY_MIME.get(mime), mime, executable=mime in EXECUTABLE_MIMES)


def _ooxml_format(fileobj: BinaryIO) -> FileFormat | None:
    """DOCX, PPTX or XLSX by the main part its package declares; None for any other archive."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _MAX_CONTENT_TYPES_BYTES:
                return None
            content_types = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, EOFError):
        return None
    finally:
        fileobj.seek(0)
    for marker, file_format in _OOXML_MAIN_PARTS.items():
        if marker in content_types:
            return file_format
    return None
