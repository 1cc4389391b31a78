"""Pages: the document register (发文登记簿), permission-checked downloads, the public verification page."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from workflows.audit.services import record_event
from workflows.organisations.models import Organisation
from workflows.organisations.permissions import can_issue

from .forms import VerifyCodeForm, VerifyUploadForm
from .selectors import matches_issued_pdf, register_entries, register_issuers, verification_data, visible_documents
from .services import revoke_document
from .verification import lookup_wait, normalise_code

_FILE_FORMATS = {"pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@login_required
@require_GET
def register_index(request):
    """The registers the user may open, one per issuer."""
    return render(request, "documents/register_index.html", {"issuers": register_issuers(request.user)})


@login_required
@require_GET
def register(request, code: str):
    """One issuer's register: number, title, date, recipient and status of every document the user may see."""
    issuer = get_object_or_404(register_issuers(request.user), code=code)
    office = Organisation.objects.filter(kind=Organisation.Kind.OFFICE).first()
    return render(request, "documents/register.html",
                  {"issuer": issuer, "entries": register_entries(request.user, issuer),
                   "may_revoke": office is not None and can_issue(request.user, office)})


@login_required
@require_http_methods(["POST"])
def revoke(request, pk: int):
    """The office director revokes a document (reason required); it stays on record, marked revoked."""
    document = get_object_or_404(visible_documents(request.user), pk=pk)
    try:
        revoke_document(document=document, reason=request.POST.get("reason", ""), actor=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("已撤销：%(title)s") % {"title": document.number or document.title})
    return redirect("documents:register", code=document.issuer.code)


@login_required
@require_GET
def download(request, pk: int, file_format: str):
    """The PDF or DOCX of a document the user may see; 404 for any other, so nothing is given away."""
    if file_format not in _FILE_FORMATS:
        raise Http404
    document = get_object_or_404(visible_documents(request.user), pk=pk)
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", document.number or document.title)[:80]
    field = document.pdf if file_format == "pdf" else document.docx
    record_event(action="document.download", actor=request.user, organisation=document.issuer, target=document,
                 data={"format": file_format, "number": document.number})
    return FileResponse(field.open("rb"), as_attachment=True, filename=f"{stem}.{file_format}",
                        content_type=_FILE_FORMATS[file_format])


def _limited(request):
    return render(request, "documents/verify_limited.html", status=429)


@require_GET
def verify_index(request):
    """Type in the code printed under a document's QR code."""
    if lookup_wait(request):
        return _limited(request)
    form = VerifyCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("verify:detail", code=normalise_code(form.cleaned_data["code"]) or "-")
    return render(request, "documents/verify_index.html", {"form": form})


@require_http_methods(["GET", "POST"])
def verify(request, code: str):
    """The public record of one document, and a byte-for-byte check of an uploaded copy."""
    if lookup_wait(request):
        return _limited(request)
    data = verification_data(code)
    if data is None:
        return render(request, "documents/verify_unknown.html", status=404)
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    identical = None
    if request.method == "POST" and form.is_valid():
        identical = matches_issued_pdf(code, form.cleaned_data["pdf"])
    return render(request, "documents/verify.html", {"record": data, "form": form, "identical": identical})


