"""The authoritative PDF: Django renders the HTML template, WeasyPrint lays it out.

One ``FontConfiguration`` and one parsed stylesheet serve every document of the process: building
them costs more than a whole document, and one shared configuration keeps memory flat.
WeasyPrint is not thread-safe, so renders in one process take turns.
"""

import threading
from functools import cache
from hashlib import md5
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine

from .. import fonts

TEMPLATE_DIR = Path(settings.BASE_DIR) / "doc_templates" / "html"
BASE_CSS = TEMPLATE_DIR / "gbt9704.css"
_render_lock = threading.Lock()
# Decoded images by URL, shared by every render: seals are decoded once per process. The QR codes are
# data URIs, different for every document, so they are dropped after each render.
_image_cache: dict = {}


@cache
def _template_engine() -> Engine:
    # Its own engine: document templates are not pages, and must not pick up app templates.
    return Engine(dirs=[str(TEMPLATE_DIR)], autoescape=True, debug=False)


@cache
def _weasyprint():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css = CSS(string=fonts.font_face_css() + BASE_CSS.read_text(encoding="utf-8"), font_config=font_config)
    return font_config, css


def render_html(template_name: str, context: dict) -> str:
    return _template_engine().get_template(template_name).render(Context(context))


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_html(template_name, context)
    with _render_lock:
        font_config, css = _weasyprint()
        try:
            return HTML(string=html, base_url=TEMPLATE_DIR.as_uri() + "/").write_pdf(
                stylesheets=[css], font_config=font_config, cache=_image_cache)
        finally:
            _drop_per_document_images()


def _drop_per_document_images() -> None:
    """Forget data-URI images and what WeasyPrint derived from them (keyed by the URI's MD5)."""
    for url in [key for key in _image_cache if key.startswith("data:")]:
        image_id = md5(url.encode(), usedforsecurity=False).hexdigest()
        for key in [key for key in _image_cache if key == url or key.startswith(image_id)]:
            del _image_cache[key]


def warm_up() -> None:
    """Build the fonts and the stylesheet now rather than on the first document."""
    with _render_lock:
        _weasyprint()
