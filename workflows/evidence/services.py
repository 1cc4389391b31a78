"""Writes: attach a checked file to an item, remove it, and follow the item's date."""

import logging
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from workflows.audit.services import record_event
from workflows.organisations.models import Organisation
from workflows.organisations.permissions import can_submit

from .filenames import stored_name
from .flags import capture_date_mismatch, refresh_duplicate_flags
from .kinds import Kind, rule_for
from .models import Evidence
from .storage import evidence_storage
from .uploads import PreparedUpload, prepare_upload

logger = logging.getLogger(__name__)


def store_evidence(*, owner: models.Model, unit: Organisation, kind: str, upload: File, uploaded_by,
                   lecture_date: date | None = None) -> Evidence:
    """Check ``upload`` by content, store it under a generated name and attach it to ``owner``.

    Refusals raise ValidationError (PermissionDenied for a user who may not file for ``unit``) and leave
    no row and no file behind. The caller decides whether its item may still take evidence.
    """
    _check_may_file(uploaded_by, unit, owner)
    if kind not in Kind.values:
        raise ValidationError(_("未知的佐证材料类型：%(kind)s。") % {"kind": kind}, code="bad_kind")
    prepared = prepare_upload(upload, rule_for(kind))
    owner_type = ContentType.objects.get_for_model(owner)
    hashes = {prepared.sha256, prepared.upload_sha256}
    if _attached_to(owner_type, owner.pk).filter(Q(sha256__in=hashes) | Q(upload_sha256__in=hashes)).exists():
        raise ValidationError(_("“%(name)s”与本事项已上传的材料相同，无需重复上传。") % {"name": prepared.name},
                              code="already_attached")
    written: list[str] = []
    try:
        with transaction.atomic():
            evidence = Evidence(
                owner_type=owner_type, owner_id=owner.pk, unit=unit, kind=kind, lecture_date=lecture_date,
                original_name=prepared.name, mime_type=prepared.format.mime, size=prepared.size,
                sha256=prepared.sha256, upload_sha256=prepared.upload_sha256, captured_at=prepared.captured_at,
                width=prepared.width, height=prepared.height, uploaded_by=uploaded_by,
                capture_date_mismatch=capture_date_mismatch(kind=kind, captured_at=prepared.captured_at,
                                                            lecture_date=lecture_date),
            )
            _write_files(evidence, prepared, written)
            evidence.full_clean()
            evidence.save()
            refresh_duplicate_flags(hashes)
            evidence.refresh_from_db(fields=["duplicate"])
            record_event(action="evidence.store", actor=uploaded_by, organisation=unit, target=evidence,
                         data=_audit_data(evidence))
    except BaseException:
        _delete_files(written)
        raise
    return evidence


def remove_evidence(*, evidence: Evidence, removed_by) -> None:
    """Detach and delete a file (the owner's service decides whether its item still allows it)."""
    _check_may_file(removed_by, evidence.unit, None)
    names = [name for name in (evidence.file.name, evidence.thumbnail.name) if name]
    with transaction.atomic():
        record_event(action="evidence.remove", actor=removed_by, organisation=evidence.unit, target=evidence,
                     data=_audit_data(evidence))
        hashes = evidence.hashes
        evidence.delete()
        refresh_duplicate_flags(hashes)
        # The files go only once the deletion is certain.
        transaction.on_commit(lambda: _delete_files(names))


def set_evidence_date(*, owner: models.Model, lecture_date: date | None) -> int:
    """Follow a change of the owner's date: re-check capture dates and duplicates. Returns the number of files."""
    with transaction.atomic():
        items = list(_attached_to(ContentType.objects.get_for_model(owner), owner.pk).select_for_update())
        for evidence in items:
            evidence.lecture_date = lecture_date
            evidence.capture_date_mismatch = capture_date_mismatch(
                kind=evidence.kind, captured_at=evidence.captured_at, lecture_date=lecture_date)
        Evidence.objects.bulk_update(items, ["lecture_date", "capture_date_mismatch"])
        refresh_duplicate_flags({h for evidence in items for h in evidence.hashes})
    return len(items)


def _check_may_file(user, unit: Organisation, owner: models.Model | None) -> None:
    if not can_submit(user, unit):
        raise PermissionDenied(_("您不是该单位的填报人员，不能上传或删除佐证材料。"))
    owner_unit_id = getattr(owner, "unit_id", None)
    if owner_unit_id is not None and owner_unit_id != unit.pk:
        raise ValueError(f"evidence unit {unit.pk} differs from its owner's unit {owner_unit_id}")


def _attached_to(owner_type: ContentType, owner_id: int):
    return Evidence.objects.filter(owner_type=owner_type, owner_id=owner_id)


def _write_files(evidence: Evidence, prepared: PreparedUpload, written: list[str]) -> None:
    """Save the file (and thumbnail) under fresh names, noting each name so a failure can remove it."""
    content = ContentFile(prepared.content) if prepared.content is not None else prepared.source
    evidence.file.name = _save(stored_name(prepared.format.extension), content, written)
    if prepared.thumbnail:
        evidence.thumbnail.name = _save(stored_name(".jpg", folder="thumbnails"), ContentFile(prepared.thumbnail),
                                        written)


def _save(name: str, content: File, written: list[str]) -> str:
    saved = evidence_storage.save(name, content)
    written.append(saved)
    return saved


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            evidence_storage.delete(name)
        except OSError:
            # The sweep_evidence_files command removes what is left over.
            logger.exception("could not delete evidence file %s", name)


def _audit_data(evidence: Evidence) -> dict:
    return {
        "owner": f"{evidence.owner_type.app_label}.{evidence.owner_type.model}:{evidence.owner_id}",
        "kind": evidence.kind,
        "name": evidence.original_name,
        "mime_type": evidence.mime_type,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "upload_sha256": evidence.upload_sha256,
        "captured_at": evidence.captured_at,
        "flags": [str(flag) for flag in evidence.flags],
    }
