"""Signing keys and certificates: a demo certificate authority and one certificate per organisation.

Everything lives under ``DOCUMENTS_PKI_DIR`` (never in git) and is made on first use, so tests and the
demo need no manual step; ``manage.py make_demo_certs`` makes them all at once. A production system
would load certificates issued by a real authority instead (and a GB/T 38540 seal is a later step).
"""

import datetime as dt
import fcntl
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

from workflows.organisations.models import Organisation

CA_COMMON_NAME = "示范区公文演示签名 CA（仅供演示）"
CA_YEARS = 20
CERTIFICATE_YEARS = 5
_lock = threading.Lock()


@dataclass(frozen=True)
class Credentials:
    key: Path
    certificate: Path


def pki_dir() -> Path:
    path = Path(settings.DOCUMENTS_PKI_DIR)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


@contextmanager
def _exclusive():
    """One writer at a time, across threads and processes."""
    with _lock, open(pki_dir() / ".lock", "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        yield


def _write(path: Path, data: bytes, private: bool = False) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    if private:
        partial.chmod(0o600)
    partial.replace(path)


def _key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _years(start: dt.datetime, years: int) -> dt.datetime:
    return start + dt.timedelta(days=365 * years)


def ca_credentials() -> Credentials:
    return Credentials(key=pki_dir() / "ca.key.pem", certificate=pki_dir() / "ca.cert.pem")


def _make_ca(paths: Credentials) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "安全宣讲演示"),
                      x509.NameAttribute(NameOID.COMMON_NAME, CA_COMMON_NAME)])
    start = _now() - dt.timedelta(days=1)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(start)
        .not_valid_after(_years(start, CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write(paths.key, _key_pem(key), private=True)
    _write(paths.certificate, certificate.public_bytes(serialization.Encoding.PEM))


def ensure_ca() -> Credentials:
    paths = ca_credentials()
    if paths.key.exists() and paths.certificate.exists():
        return paths
    with _exclusive():
        if not (paths.key.exists() and paths.certificate.exists()):
            _make_ca(paths)
    return paths


def _load_certificate(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def organisation_credentials(organisation: Organisation) -> Credentials:
    folder = pki_dir() / "organisations"
    folder.mkdir(exist_ok=True, mode=0o700)
    return Credentials(key=folder / f"{organisation.code}.key.pem",
                       certificate=folder / f"{organisation.code}.cert.pem")


def _current(paths: Credentials, organisation: Organisation, ca: x509.Certificate) -> bool:
    """Whether the stored certificate is usable: there, issued by today's CA, in the organisation's name."""
    if not (paths.key.exists() and paths.certificate.exists()):
        return False
    certificate = _load_certificate(paths.certificate)
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return (certificate.issuer == ca.subject and certificate.not_valid_after_utc > _now()
            and bool(names) and names[0].value == organisation.name)


def _make_certificate(paths: Credentials, organisation: Organisation, ca_paths: Credentials) -> None:
    ca_key = serialization.load_pem_private_key(ca_paths.key.read_bytes(), password=None)
    ca = _load_certificate(ca_paths.certificate)
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation.name),
                  x509.NameAttribute(NameOID.COMMON_NAME, organisation.name)]
    if organisation.credit_code:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, organisation.credit_code))
    start = _now() - dt.timedelta(days=1)
    certificate = (
        x509.CertificateBuilder().subject_name(x509.Name(attributes)).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(min(_years(start, CERTIFICATE_YEARS), ca.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    _write(paths.key, _key_pem(key), private=True)
    _write(paths.certificate, certificate.public_bytes(serialization.Encoding.PEM))


def ensure_certificate(organisation: Organisation, *, renew: bool = False) -> Credentials:
    """The organisation's key and certificate, made (or remade) when missing, stale or ``renew``."""
    ca_paths = ensure_ca()
    paths = organisation_credentials(organisation)
    if not renew and _current(paths, organisation, _load_certificate(ca_paths.certificate)):
        return paths
    with _exclusive():
        if renew or not _current(paths, organisation, _load_certificate(ca_paths.certificate)):
            _make_certificate(paths, organisation, ca_paths)
    return paths


def trusted_roots() -> list[Path]:
    """The CA certificates whose signatures the verification page calls trusted."""
    return [ensure_ca().certificate, *(Path(path) for path in settings.DOCUMENTS_TRUSTED_CA_FILES)]
