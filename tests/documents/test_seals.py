import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from workflows.documents.seals import DEMO_WORD, demo_seal_png, demo_seal_svg, give_demo_seals, rim_layout, seal_for
from workflows.organisations.models import Organisation

from .helpers import docx_text, pdf_bytes

pytestmark = pytest.mark.django_db


def test_the_demo_seal_has_ring_star_rim_name_and_the_word_demo():
    svg = demo_seal_svg("示范区安全生产委员会办公室")
    assert "<circle" in svg and "<polygon" in svg and DEMO_WORD in svg
    rim = re.findall(r'<text transform="rotate\(([-\d.]+) [^"]*"[^>]*>(.)</text>', svg)
    assert "".join(char for _angle, char in rim) == "示范区安全生产委员会办公室"
    angles = [float(angle) for angle, _char in rim]
    assert angles == sorted(angles) and len(set(angles)) == len(angles)  # one rotation per character, clockwise
    assert "textPath" not in svg  # WeasyPrint cannot draw it


def test_longer_names_spread_wider_and_condense_more():
    short, long = rim_layout("示范区第一中学"), rim_layout("示范区瑞丰危险化学品储运有限公司")
    assert long[-1].angle - long[0].angle > short[-1].angle - short[0].angle
    assert long[0].condense < short[0].condense


def test_the_demo_seal_png_is_a_transparent_red_round_image():
    image = Image.open(io.BytesIO(demo_seal_png("示范区应急管理局")))
    assert image.mode == "RGBA" and image.size == (600, 600)
    assert image.getpixel((0, 0))[3] == 0  # transparent corner
    red, green, blue, alpha = image.getpixel((300, 300 - 3))  # the star's centre
    assert alpha > 200 and red > 180 and green < 60 and blue < 60


def test_load_demo_gives_every_demo_organisation_a_seal_once(demo):
    assert not Organisation.objects.filter(seal="").exists()
    names = dict(Organisation.objects.values_list("code", "seal"))
    call_command("load_demo", "--quiet-logins", verbosity=0)
    assert dict(Organisation.objects.values_list("code", "seal")) == names
    assert give_demo_seals() == 0


def test_without_an_uploaded_seal_a_generated_demo_seal_is_used(demo):
    organisation = Organisation.objects.get(code="unit003")
    organisation.seal = ""
    seal = seal_for(organisation)
    assert seal.pdf.suffix == ".svg" and seal.docx.suffix == ".png"
    svg = seal.pdf.read_text()
    assert all(f">{char}</text>" in svg for char in organisation.name)


def test_an_uploaded_seal_is_printed_in_both_formats(issue, org, user):
    unit = org("unit001")
    marker = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    marker.putpixel((150, 150), (12, 34, 56, 255))
    upload = io.BytesIO()
    marker.save(upload, format="PNG")
    unit.seal.save("uploaded-seal.png", ContentFile(upload.getvalue()), save=True)
    document = issue(kind="submission", issuer=unit, recipient=org("dept01"), numbered=False,
                     actor=user("unit001.party"), level="unit")
    with document.docx.open("rb") as handle:
        archive = zipfile.ZipFile(handle)
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert any(archive.read(name) == upload.getvalue() for name in media)
    assert b"/SMask" in pdf_bytes(document)  # the transparent PNG, not the vector demo seal
    assert "示范区恒安化工贸易有限公司" in docx_text(document)


def test_a_stored_demo_seal_is_printed_from_its_vector_original(demo):
    organisation = Organisation.objects.get(code="dept01")
    assert organisation.seal.name.endswith(".png")
    seal = seal_for(organisation)
    assert seal.pdf.suffix == ".svg" and seal.docx.read_bytes() == organisation.seal.read()
