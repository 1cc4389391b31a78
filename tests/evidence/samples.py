"""Sample files built in memory for the evidence tests."""

import io
import struct
import zipfile
import zlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.ExifTags import GPS, IFD, Base

SHANGHAI = ZoneInfo("Asia/Shanghai")
LECTURE_DATE = date(2026, 3, 15)


def stored_paths(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def jpeg(*, taken: str | None = "2026:03:15 09:30:00", gps: bool = True, orientation: int = 1,
         size=(64, 48), colour=(30, 120, 200), offset: str | None = None) -> bytes:
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[Base.Make] = "SecretCam"
    exif[Base.Orientation] = orientation
    if taken:
        exif.get_ifd(IFD.Exif)[Base.DateTimeOriginal] = taken
    if offset:
        exif.get_ifd(IFD.Exif)[Base.OffsetTimeOriginal] = offset
    if gps:
        gps_ifd = exif.get_ifd(IFD.GPSInfo)
        gps_ifd[GPS.GPSLatitudeRef] = "N"
        gps_ifd[GPS.GPSLatitude] = (39.0, 54.0, 20.0)
        gps_ifd[GPS.GPSLongitudeRef] = "E"
        gps_ifd[GPS.GPSLongitude] = (116.0, 23.0, 30.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"secret comment")
    return buffer.getvalue()


def png(size=(40, 30), colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG claiming ``width`` × ``height`` pixels in a few dozen bytes: a decompression bomb's calling card."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def mp4() -> bytes:
    return (struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 512) + b"isomiso2"
            + struct.pack(">I", 8) + b"free" + struct.pack(">I", 16) + b"mdat" + b"\0" * 8)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def docx() -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("安全生产法学习讲义")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def ooxml(main_part: str, content_type: str) -> bytes:
    """A minimal Office package declaring ``main_part`` with ``content_type``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml",
                         f'<Types><Override PartName="/{main_part}" ContentType="{content_type}"/></Types>')
        archive.writestr(main_part, "<x/>")
    return buffer.getvalue()


def pptx() -> bytes:
    return ooxml("ppt/presentation.xml",
                 "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")


def pptm() -> bytes:
    return ooxml("ppt/presentation.xml", "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml")


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


def at_shanghai(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)
