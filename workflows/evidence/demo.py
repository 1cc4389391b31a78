"""Generated evidence for demo records: lecture photos with an EXIF capture time and a sign-in sheet.

Everything drawn is fictional and marked 演示. The demo loader calls ``attach_demo_evidence``.
"""

import io
import random
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont
from PIL.ExifTags import IFD, Base

from workflows.demo.names import demo_name
from workflows.organisations.models import Organisation

from .kinds import Kind
from .models import Evidence
from .services import store_evidence

_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
_DEPARTMENTS = ("安全管理部", "生产部", "设备部", "综合办公室", "后勤保障部", "质量部", "财务部", "销售部")


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A CJK font from Debian's fonts-noto-cjk when installed; Pillow's own font (no Chinese glyphs) otherwise."""
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


def demo_photo(*, captured_at: datetime, caption: str = "领导干部讲安全", seed: int = 0,
               size: tuple[int, int] = (800, 600), name: str = "") -> SimpleUploadedFile:
    """A JPEG of a lecture scene (speaker, banner, audience) whose EXIF DateTimeOriginal is ``captured_at``."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, (rng.randint(200, 235), rng.randint(205, 235), rng.randint(210, 240)))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(height * 0.62), width, height], fill=(150 + rng.randint(0, 40), 120, 90))
    draw.rectangle([int(width * 0.08), int(height * 0.06), int(width * 0.92), int(height * 0.2)], fill=(183, 28, 28))
    draw.text((width // 2, int(height * 0.13)), caption, fill=(255, 235, 59), font=_font(height // 14), anchor="mm")
    podium_x = int(width * (0.35 + rng.random() * 0.3))
    draw.rounded_rectangle([podium_x - 30, int(height * 0.35), podium_x + 30, int(height * 0.45)], radius=12,
                           fill=(30, 45, 80))  # the speaker behind the podium
    draw.ellipse([podium_x - 18, int(height * 0.29), podium_x + 18, int(height * 0.36)], fill=(60, 40, 30))
    draw.rectangle([podium_x - 40, int(height * 0.42), podium_x + 40, int(height * 0.62)], fill=(120, 72, 40))
    for _ in range(rng.randint(14, 26)):  # the audience, seen from behind
        x, y = rng.randint(10, width - 10), rng.randint(int(height * 0.66), height - 10)
        radius = rng.randint(12, 20)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(rng.randint(20, 70),) * 3)
    draw.text((width - 12, height - 12), "演示", fill=(255, 255, 255), font=_font(height // 14), anchor="rd")
    exif = Image.Exif()
    exif[Base.Make] = "DemoCam"
    exif.get_ifd(IFD.Exif)[Base.DateTimeOriginal] = timezone.localtime(captured_at).strftime("%Y:%m:%d %H:%M:%S")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif)
    return SimpleUploadedFile(name or f"现场照片_{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def demo_signin_sheet(*, unit_name: str, held_on: date, topic: str = "领导干部讲安全专题宣讲", attendees: int = 12,
                      seed: int = 0, name: str = "") -> SimpleUploadedFile:
    """A JPEG sign-in sheet (签到表) with a table of fictional attendees and their “signatures”."""
    rng = random.Random(seed)
    row_height, top = 44, 250
    width, height = 1240, top + row_height * (attendees + 1) + 120
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((width // 2, 60), "签 到 表", fill="black", font=_font(48), anchor="mm")
    for line, text in enumerate((f"单位：{unit_name}", f"主题：{topic}", f"日期：{held_on:%Y年%m月%d日}")):
        draw.text((80, 110 + 40 * line), text, fill="black", font=_font(26))
    columns = (80, 200, 440, 760, width - 80)
    headers = ("序号", "姓名", "部门", "签名")
    for row in range(attendees + 2):
        y = top + row * row_height
        draw.line([(columns[0], y), (columns[-1], y)], fill="black", width=2)
    bottom = top + (attendees + 1) * row_height
    for x in columns:
        draw.line([(x, top), (x, bottom)], fill="black", width=2)
    for i, header in enumerate(headers):
        draw.text(((columns[i] + columns[i + 1]) // 2, top + row_height // 2), header, fill="black",
                  font=_font(24), anchor="mm")
    for row in range(1, attendees + 1):
        y = top + row * row_height + row_height // 2
        person = demo_name(f"{unit_name}-{held_on}-{seed}-{row}")
        cells = (str(row), person, rng.choice(_DEPARTMENTS))
        for i, text in enumerate(cells):
            draw.text(((columns[i] + columns[i + 1]) // 2, y), text, fill="black", font=_font(22), anchor="mm")
        draw.text(((columns[3] + columns[4]) // 2 + rng.randint(-40, 40), y + rng.randint(-4, 4)), person,
                  fill=(20, 40, 140), font=_font(26), anchor="mm")  # the signature, in blue ink
    draw.text((width - 80, height - 50), "演示材料（虚构人员）", fill=(150, 150, 150), font=_font(20), anchor="rm")
    buffer = io.BytesIO()
    # A scanned sheet: JPEG, as most scanners and phones deliver (and ten times quicker to make than PNG).
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name or f"签到表_{held_on:%Y%m%d}.jpg", buffer.getvalue(), content_type="image/jpeg")


def attach_demo_evidence(*, owner: models.Model, unit: Organisation, uploaded_by, held_at: datetime,
                         photos: int = 2, seed: int = 0) -> list[Evidence]:
    """Give a demo item its photos (taken during the lecture) and a sign-in sheet, through ``store_evidence``."""
    lecture_date = timezone.localdate(held_at)
    uploads = [(Kind.PHOTO, demo_photo(captured_at=held_at + timedelta(minutes=7 + 11 * i), seed=seed * 10 + i))
               for i in range(photos)]
    uploads.append((Kind.SIGNIN_SHEET, demo_signin_sheet(unit_name=unit.name, held_on=lecture_date, seed=seed)))
    return [store_evidence(owner=owner, unit=unit, kind=kind, upload=upload, uploaded_by=uploaded_by,
                           lecture_date=lecture_date) for kind, upload in uploads]
