"""Serving evidence files to those who may see them; everyone else gets 404, as if the file did not exist."""

import logging

from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from workflows.audit.services import record_event

from .filenames import content_disposition
from .selectors import visible_evidence

logger = logging.getLogger(__name__)


@require_safe
@login_required
def download(request, pk: int):
    evidence = get_object_or_404(visible_evidence(request.user), pk=pk)
    response = _file_response(evidence.file, evidence.mime_type)
    response["Content-Disposition"] = content_disposition(evidence.original_name, fallback_stem=f"evidence-{pk}")
    response["Cache-Control"] = "private, no-cache"
    record_event(action="evidence.download", actor=request.user, organisation=evidence.unit, target=evidence)
    return response


@require_safe
@login_required
def thumbnail(request, pk: int):
    evidence = get_object_or_404(visible_evidence(request.user).exclude(thumbnail=""), pk=pk)
    response = _file_response(evidence.thumbnail, "image/jpeg")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _file_response(field: FieldFile, content_type: str) -> FileResponse:
    try:
        handle = field.storage.open(field.name, "rb")
    except FileNotFoundError:
        logger.error("evidence file missing from storage: %s", field.name)
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Whatever the file holds, a browser opening it must not run it as a page of this site.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
