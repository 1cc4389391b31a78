"""PAdES signatures with the issuer's certificate, and the check the verification page reports.

A PDF cannot hold its own hash, so the server stores the SHA-256 of the signed file; the signature
proves who issued it and that not a byte has changed since.
"""

import io
from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.organisations.models import Organisation

from . import pki


class SignatureStatus(models.TextChoices):
    VALID = "valid", _("签名有效")
    UNTRUSTED = "untrusted", _("签名完整，但签名证书不受信任")
    BROKEN = "broken", _("签名无效：文件已被改动或签名已损坏")
    UNSIGNED = "unsigned", _("文件未签名")


@dataclass(frozen=True)
class SignatureCheck:
    status: str
    signer: str = ""

    @property
    def label(self) -> str:
        return str(SignatureStatus(self.status).label)


@lru_cache(maxsize=256)
def _signer(key: str, certificate: str, _version: int):
    from pyhanko.sign import signers

    return signers.SimpleSigner.load(key, certificate, ca_chain_files=(str(pki.ensure_ca().certificate),))


def sign_pdf(pdf: bytes, *, issuer: Organisation) -> bytes:
    """The PDF with an invisible PAdES signature of ``issuer`` appended as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    credentials = pki.ensure_certificate(issuer)
    signer = _signer(str(credentials.key), str(credentials.certificate),
                     credentials.certificate.stat().st_mtime_ns)
    metadata = signers.PdfSignatureMetadata(
        field_name="IssuerSignature", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        name=issuer.name, reason=str(_("发文机关签发")),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


def check_signature(pdf: bytes) -> SignatureCheck:
    """valid, untrusted (intact but no trusted chain), broken (changed, damaged, unreadable) or unsigned."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
        if not signatures:
            return SignatureCheck(SignatureStatus.UNSIGNED)
        context = ValidationContext(trust_roots=[load_cert_from_pemder(str(path)) for path in pki.trusted_roots()],
                                    allow_fetching=False, revocation_mode="soft-fail")
        status = validate_pdf_signature(signatures[0], context)
    except Exception:  # anything pyHanko cannot read is, for the reader, a broken signature
        return SignatureCheck(SignatureStatus.BROKEN)
    signer = status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else ""
    if not (status.intact and status.valid) or status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return SignatureCheck(SignatureStatus.BROKEN, signer)
    if not status.trusted:
        return SignatureCheck(SignatureStatus.UNTRUSTED, signer)
    return SignatureCheck(SignatureStatus.VALID, signer)
