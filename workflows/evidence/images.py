"""Images: read the capture time, refuse decompression bombs, keep only the pixels, make a thumbnail."""

import io
import struct
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import BinaryIO
from zoneinfo import ZoneInfo

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from PIL.ExifTags import IFD, Base

from .formats import JPEG, PNG, WEBP, FileFormat

THUMBNAIL_SIZE = (320, 320)
_QUALITY = 90
# What Pillow raises for a truncated, malformed or hostile file.
_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError)


class ImageRefused(Exception):
    """The image cannot be accepted; ``code`` says why (``too_many_pixels`` or ``undecodable``)."""

    def __init__(self, code: str, *, width: int = 0, height: int = 0):
        super().__init__(code)
        self.code = code
        self.width = width
        self.height = height


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    format: FileFormat
    captured_at: datetime | None
    thumbnail: bytes
    width: int
    height: int


def clean_image(fileobj: BinaryIO, file_format: FileFormat, *, max_pixels: int, capture_tz: str) -> CleanImage:
    """Decode the image (only as ``file_format``), and re-encode its pixels with orientation applied.

    Every piece of metadata is dropped — EXIF (GPS, camera, owner), XMP, ICC, comments — after the
    EXIF capture time has been read.
    """
    fileobj.seek(0)
    try:
        # Pillow raises DecompressionBombError by itself past twice its MAX_IMAGE_PIXELS; our own,
        # lower limit is checked from the header, before a single pixel is decoded.
        with Image.open(fileobj, formats=[file_format.pillow]) as image:
            if image.width * image.height > max_pixels:
                raise ImageRefused("too_many_pixels", width=image.width, height=image.height)
            captured_at = _read_capture_time(image, capture_tz)
            image.seek(0)
            image.load()
            pixels = _pixels_only(_to_srgb(ImageOps.exif_transpose(image)))
    except Image.DecompressionBombError as error:
        raise ImageRefused("too_many_pixels") from error
    except _DECODE_ERRORS as error:
        raise ImageRefused("undecodable") from error
    output_format = _output_format(file_format)
    return CleanImage(
        content=_encode(pixels, output_format),
        format=output_format,
        captured_at=captured_at,
        thumbnail=make_thumbnail(pixels),
        width=pixels.width,
        height=pixels.height,
    )


def _read_capture_time(image: Image.Image, capture_tz: str) -> datetime | None:
    """The capture time, or None when the EXIF block is missing or too broken to read (the pixels may be fine)."""
    try:
        return capture_time(image.getexif(), capture_tz)
    except (struct.error, *_DECODE_ERRORS):
        return None


def capture_time(exif: Image.Exif, capture_tz: str) -> datetime | None:
    """EXIF DateTimeOriginal as an aware datetime; local time in ``capture_tz`` unless the photo gives an offset."""
    details = exif.get_ifd(IFD.Exif)
    raw = details.get(Base.DateTimeOriginal)
    if not isinstance(raw, str):
        return None
    try:
        taken = datetime.strptime(raw.strip("\x00 ")[:19].replace("-", ":"), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if not 1990 <= taken.year <= 2100:
        return None
    return taken.replace(tzinfo=_offset(details.get(Base.OffsetTimeOriginal)) or ZoneInfo(capture_tz))


def _offset(raw) -> timezone | None:
    """``+08:00`` as a fixed offset, or None when absent or malformed."""
    if not isinstance(raw, str) or len(raw.strip("\x00 ")) != 6:
        return None
    text = raw.strip("\x00 ")
    sign = {"+": 1, "-": -1}.get(text[0])
    hours, colon, minutes = text[1:3], text[3], text[4:6]
    if sign is None or colon != ":" or not (hours.isdigit() and minutes.isdigit()):
        return None
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def make_thumbnail(image: Image.Image) -> bytes:
    thumbnail = _flatten(image.copy())
    thumbnail.thumbnail(THUMBNAIL_SIZE)
    buffer = io.BytesIO()
    thumbnail.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert by the embedded colour profile (phones often write Display P3) before the profile is dropped."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in {"RGB", "RGBA", "CMYK"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding the pixels and nothing else, in L, RGB or RGBA."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    mode = "RGBA" if has_alpha else "L" if image.mode in {"1", "L", "I;16", "I"} else "RGB"
    if image.mode in {"I;16", "I"}:
        image = image.convert("I").point(lambda value: value * (1 / 256))  # 16-bit greyscale down to 8 bits
    converted = image.convert(mode)
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent areas onto white, for JPEG."""
    if image.mode != "RGBA":
        return image.convert("RGB") if image.mode != "L" else image
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def _output_format(file_format: FileFormat) -> FileFormat:
    """PNG and WebP stay as they are (scans keep their sharpness); JPEG and HEIC become JPEG."""
    return file_format if file_format in (PNG, WEBP) else JPEG


def _encode(image: Image.Image, output_format: FileFormat) -> bytes:
    buffer = io.BytesIO()
    if output_format is PNG:
        image.save(buffer, "PNG")
    elif output_format is WEBP:
        image.save(buffer, "WEBP", quality=_QUALITY)
    else:
        _flatten(image).save(buffer, "JPEG", quality=_QUALITY)
    return buffer.getvalue()
