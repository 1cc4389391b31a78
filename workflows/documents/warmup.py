"""Pay a process's first-document costs before it serves anyone (gunicorn's ``post_worker_init`` calls this).

The first document a fresh process issues takes seconds more than the next one — fonts and stylesheet,
templates, the seal, pyHanko's code and the signing key. A worker that renders one throw-away filing
notice of the office at start-up spares that wait to the first reviewer who approves something.
"""

import logging

from django.db import DatabaseError
from django.utils import timezone

from workflows.organisations.models import Organisation

from .kinds import get_kind
from .models import Document
from .rendering import render_document
from .rendering.pdf import warm_up
from .signing import sign_pdf

logger = logging.getLogger(__name__)
_SAMPLE = {"title": "预热", "body": ["预热文档，不保存。"]}


def warm_up_process() -> None:
    """Fonts and stylesheet always; with an office in the database, one sample document rendered and signed."""
    warm_up()
    try:
        office = Organisation.objects.filter(kind=Organisation.Kind.OFFICE).first()
    except DatabaseError:  # no database yet (first deployment before migrate): the fonts are enough
        logger.warning("document warm-up skipped: the database is not ready")
        return
    if office is None:
        return
    now = timezone.now()
    document = Document(kind="filing_notice", issuer=office, recipient=office, year=now.year, issued_at=now,
                        verify_code="WARMUP00", number="")
    content = get_kind("filing_notice").build(_SAMPLE, document)
    sign_pdf(render_document(document, content).pdf, issuer=office)
