"""Images: read the capture time, refuse decompression bombs, keep only the pixels, make a thumbnail.

Decoding is what costs memory (an 8000 × 6000 photo is 192 MB of pixels as Pillow holds them), so it keeps to a
budget: the pixel limit is checked from the header, before any pixel is decoded; a JPEG is decoded at the
smallest scale that still fills the stored size; the stored image is filled a band at a time, so the decoded
image is its only full-size buffer, released before encoding; and each process decodes only a few images at
once (``decode_slots``).
"""

import io
import math
import struct
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import BinaryIO
from zoneinfo import ZoneInfo

from PIL import Image, ImageCms, UnidentifiedImageError
from PIL.ExifTags import IFD, Base

from .formats import JPEG, PNG, WEBP, FileFormat

THUMBNAIL_SIDE = 320
_QUALITY = 90
# What Pillow raises for a truncated, malformed or hostile file.
_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError)
# Rows of the stored image made at a time: only a band of the decoded image this tall (times the scale) is
# converted and resized at once.
_BAND_ROWS = 256
# The EXIF orientation, as the transposition that makes the pixels upright.
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# How a turned band lands: its rows become columns, and the first row comes last.
_SWAPS_AXES = {Image.Transpose.TRANSPOSE, Image.Transpose.TRANSVERSE, Image.Transpose.ROTATE_90,
               Image.Transpose.ROTATE_270}
_REVERSES_ROWS = {Image.Transpose.ROTATE_180, Image.Transpose.FLIP_TOP_BOTTOM, Image.Transpose.ROTATE_270,
                  Image.Transpose.TRANSVERSE}


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


_slots: dict[int, threading.BoundedSemaphore] = {}


def decode_slots(count: int) -> threading.BoundedSemaphore:
    """The process's ``count`` places for decoding: ``with decode_slots(n):`` waits for one.

    No time-out: the waiting threads are the worker's own few, and each decode takes a second or two at most.
    """
    # dict.setdefault is atomic: threads racing at start-up all get the first semaphore stored.
    return _slots.setdefault(count, threading.BoundedSemaphore(count))


def clean_image(fileobj: BinaryIO, file_format: FileFormat, *, max_pixels: int, max_side: int,
                capture_tz: str) -> CleanImage:
    """Decode the image (only as ``file_format``), fit it within ``max_side`` pixels a side, make it upright, and
    re-encode its pixels.

    Every piece of metadata is dropped — EXIF (GPS, camera, owner), XMP, ICC, comments — after the EXIF capture
    time and orientation have been read.
    """
    fileobj.seek(0)
    try:
        # Pillow raises DecompressionBombError by itself past twice its MAX_IMAGE_PIXELS; our own,
        # lower limit is checked from the header, before a single pixel is decoded.
        with Image.open(fileobj, formats=[file_format.pillow]) as image:
            if image.width * image.height > max_pixels:
                raise ImageRefused("too_many_pixels", width=image.width, height=image.height)
            exif = _read_exif(image)
            captured_at = _read_capture_time(exif, capture_tz)
            image.seek(0)
            pixels = _decoded(image, max_side, exif.get(Base.Orientation))
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


def _read_exif(image: Image.Image) -> Image.Exif:
    """The EXIF block, or an empty one when it is missing or too broken to read (the pixels may be fine)."""
    try:
        return image.getexif()
    except (struct.error, *_DECODE_ERRORS):
        return Image.Exif()


def _read_capture_time(exif: Image.Exif, capture_tz: str) -> datetime | None:
    try:
        return capture_time(exif, capture_tz)
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


def fitted_size(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """``size`` scaled down, aspect kept, so that neither side exceeds ``max_side``."""
    width, height = size
    if max(width, height) <= max_side:
        return size
    scale = max_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _decoded(image: Image.Image, max_side: int, orientation) -> Image.Image:
    """The pixels, fitted within ``max_side`` and turned upright, in a new image holding nothing else (L, RGB or
    RGBA, in sRGB). It is filled a band at a time, so the decoded image is the only full-size buffer."""
    size = fitted_size(image.size, max_side)
    # JPEG only (other formats ignore it): decode at 1/2, 1/4 or 1/8 scale when that still fills ``size``.
    image.draft(None, size)
    image.load()
    mode, turn = _pixel_mode(image), _UPRIGHT.get(orientation)
    clean = Image.new(mode, size[::-1] if turn in _SWAPS_AXES else size)
    for top, band in _bands(image, size, mode, _srgb_transform(image)):
        offset = size[1] - top - band.height if turn in _REVERSES_ROWS else top
        clean.paste(band.transpose(turn) if turn is not None else band,
                    (offset, 0) if turn in _SWAPS_AXES else (0, offset))
    return clean


def _bands(image: Image.Image, size: tuple[int, int], mode: str, colour: ImageCms.ImageCmsTransform | None):
    """``(row, band)`` for each ``_BAND_ROWS`` rows of the image fitted to ``size``: cut from the decoded image with
    the rows around it that the bicubic filter reaches (so bands join without seams), converted, then resized."""
    scale = image.height / size[1]
    margin = math.ceil(2 * scale) + 1 if size != image.size else 0
    for top in range(0, size[1], _BAND_ROWS):
        rows = min(_BAND_ROWS, size[1] - top)
        first, last = top * scale, (top + rows) * scale
        cut_top = max(0, math.floor(first) - margin)
        band = image.crop((0, cut_top, image.width, min(image.height, math.ceil(last) + margin)))
        band = _converted(band, mode, colour)
        if size != image.size:
            band = band.resize((size[0], rows), Image.Resampling.BICUBIC,
                               box=(0, first - cut_top, image.width, last - cut_top))
        yield top, band


def _pixel_mode(image: Image.Image) -> str:
    """L, RGB or RGBA: what the stored image keeps of the decoded one."""
    if image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info:
        return "RGBA"
    return "L" if image.mode in {"1", "L", "I;16", "I"} else "RGB"


def _srgb_transform(image: Image.Image) -> ImageCms.ImageCmsTransform | None:
    """The conversion by the embedded colour profile (phones often write Display P3), made before it is dropped."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in {"RGB", "RGBA", "CMYK"}:
        return None
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.buildTransform(source, ImageCms.createProfile("sRGB"), image.mode, mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return None


def _converted(band: Image.Image, mode: str, colour: ImageCms.ImageCmsTransform | None) -> Image.Image:
    """One band in sRGB and in ``mode``."""
    if colour is not None:
        band = ImageCms.applyTransform(band, colour)
    if band.mode in {"I;16", "I"}:
        band = band.convert("I").point(lambda value: value * (1 / 256))  # 16-bit greyscale down to 8 bits
    return band.convert(mode)


def make_thumbnail(image: Image.Image) -> bytes:
    size = fitted_size(image.size, THUMBNAIL_SIDE)
    # Reduced by whole factors first, then resampled: as sharp as a plain resize at a fraction of the work.
    thumbnail = _flatten(image.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0))
    buffer = io.BytesIO()
    thumbnail.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent areas onto white, for JPEG."""
    if image.mode in {"RGB", "L"}:
        return image
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
