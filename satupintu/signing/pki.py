"""The development PKI, generated at first use into `<data dir>/pki/` and never committed.

    pki/root-ca.pem, root-ca.key      a local root CA (the only trust anchor of development)
    pki/tsa.pem, tsa.key              a timestamping authority (EKU timeStamping) under it
    pki/signers/<key>.pem, <key>.key  one certificate per signer (digitalSignature +
                                      nonRepudiation), the key encrypted with their passphrase

RSA 2048 and SHA-256, like the certificates government signers are issued. Every file is mode
0600 in a 0700 directory. The CA and TSA keys are stored unencrypted: they must work without a
person present, and this PKI is for development only (production settings refuse it).

Generation is idempotent and safe when several processes start at once: it happens under an
exclusive lock on `pki/.lock`, re-checks what exists once the lock is held, and writes each file
to a temporary name before renaming it into place, so nobody ever reads half a file.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

from satupintu.signing.base import SignerProfile
from satupintu.signing.keycache import Fingerprint, fingerprint

KEY_SIZE = 2048
ROOT_NAME = "SatuPintu Development Root CA"
TSA_NAME = "SatuPintu Development TSA"
DEV_ORGANISATION = "SatuPintu (development only)"
ROOT_DAYS = 20 * 365
TSA_DAYS = 10 * 365
SIGNER_DAYS = 3 * 365
# A signer certificate this close to its end is issued again (same key) before it is used.
RENEW_BEFORE = timedelta(days=30)
# Certificates start a little in the past, so clocks a few minutes apart still accept them.
BACKDATE = timedelta(minutes=10)


def pki_directory() -> Path:
    return Path(settings.DATA_DIR) / "pki"


@dataclass(frozen=True)
class PkiPaths:
    directory: Path

    @property
    def root_cert(self) -> Path:
        return self.directory / "root-ca.pem"

    @property
    def root_key(self) -> Path:
        return self.directory / "root-ca.key"

    @property
    def tsa_cert(self) -> Path:
        return self.directory / "tsa.pem"

    @property
    def tsa_key(self) -> Path:
        return self.directory / "tsa.key"

    @property
    def signers(self) -> Path:
        return self.directory / "signers"

    def signer_cert(self, key: str) -> Path:
        return self.signers / f"{key}.pem"

    def signer_key(self, key: str) -> Path:
        return self.signers / f"{key}.key"


@dataclass(frozen=True)
class DevAuthority:
    """The loaded root certificate and timestamping authority of one development PKI."""

    paths: PkiPaths
    root: x509.Certificate
    tsa_certificate: x509.Certificate
    tsa_key: rsa.RSAPrivateKey


# --- files ----------------------------------------------------------------------------------
def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


def _write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` (mode 0600) so that readers see the old file or the whole new one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


_thread_lock = threading.Lock()


@contextmanager
def _locked(paths: PkiPaths) -> Iterator[None]:
    """Exclusive across processes (flock) and across this process's threads."""
    _private_dir(paths.directory)
    with _thread_lock:
        fd = os.open(paths.directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def _plain_key(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_certificate(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def _load_plain_rsa_key(path: Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"{path} does not hold an RSA key.")
    return key


# --- certificates ---------------------------------------------------------------------------
def _name(common_name: str, *, title: str = "", organisation: str = "") -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title))
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"))
    return x509.Name(attributes)


def signer_subject(profile: SignerProfile) -> x509.Name:
    """The subject a development certificate of this signer carries."""
    return _name(profile.name.strip(), title=profile.title.strip(),
                 organisation=profile.organisation.strip())


def _key_usage(*, signing: bool = False, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing, content_commitment=signing, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
        encipher_only=False, decipher_only=False,
    )


def _issue(*, subject: x509.Name, public_key: rsa.RSAPublicKey, issuer: x509.Certificate | None,
           issuer_key: rsa.RSAPrivateKey, days: int, ca: bool = False,
           time_stamping: bool = False) -> x509.Certificate:
    now = datetime.now(UTC)
    issuer_name = subject if issuer is None else issuer.subject
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None),
                       critical=True)
        .add_extension(_key_usage(signing=not ca, ca=ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            issuer_key.public_key()), critical=False)
    )
    if time_stamping:
        # RFC 3161 §2.3: the TSA's certificate has exactly this one, critical, extended usage.
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def _issued_by(certificate: x509.Certificate, root: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(root)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


# --- the authority --------------------------------------------------------------------------
_authorities: dict[Path, tuple[Fingerprint, DevAuthority]] = {}


def _generate_authority(paths: PkiPaths) -> None:
    """Under the lock: create the root and the TSA where they are missing or stale."""
    if paths.root_cert.exists() and paths.root_key.exists():
        root = load_certificate(paths.root_cert)
        root_key = _load_plain_rsa_key(paths.root_key)
    else:
        root_key = _new_key()
        root = _issue(subject=_name(ROOT_NAME, organisation=DEV_ORGANISATION),
                      public_key=root_key.public_key(), issuer=None, issuer_key=root_key,
                      days=ROOT_DAYS, ca=True)
        _write_private(paths.root_key, _plain_key(root_key))
        _write_private(paths.root_cert, _pem(root))
    if (paths.tsa_cert.exists() and paths.tsa_key.exists()
            and _issued_by(load_certificate(paths.tsa_cert), root)):
        return
    tsa_key = _new_key()
    tsa = _issue(subject=_name(TSA_NAME, organisation=DEV_ORGANISATION),
                 public_key=tsa_key.public_key(), issuer=root, issuer_key=root_key,
                 days=TSA_DAYS, time_stamping=True)
    _write_private(paths.tsa_key, _plain_key(tsa_key))
    _write_private(paths.tsa_cert, _pem(tsa))


def _authority_files(paths: PkiPaths) -> list[Path]:
    return [paths.root_cert, paths.tsa_cert, paths.tsa_key]


def ensure_authority(directory: Path | None = None) -> DevAuthority:
    """The development root CA and TSA, created on first use; loaded once per process."""
    paths = PkiPaths(directory or pki_directory())
    try:
        source = fingerprint(_authority_files(paths))
    except OSError:
        with _locked(paths):
            _generate_authority(paths)
        source = fingerprint(_authority_files(paths))
    cached = _authorities.get(paths.directory)
    if cached is not None and cached[0] == source:
        return cached[1]
    authority = DevAuthority(paths=paths, root=load_certificate(paths.root_cert),
                             tsa_certificate=load_certificate(paths.tsa_cert),
                             tsa_key=_load_plain_rsa_key(paths.tsa_key))
    if not _issued_by(authority.tsa_certificate, authority.root):
        # Someone replaced the root by hand: issue a TSA under the new one.
        with _locked(paths):
            _generate_authority(paths)
        return ensure_authority(paths.directory)
    _authorities[paths.directory] = (source, authority)
    return authority


def root_certificate_if_present(directory: Path | None = None) -> x509.Certificate | None:
    """The development root when this installation has one; never creates it."""
    path = PkiPaths(directory or pki_directory()).root_cert
    try:
        return load_certificate(path)
    except (OSError, ValueError):
        return None


# --- signers --------------------------------------------------------------------------------
def _needs_new_certificate(certificate: x509.Certificate, profile: SignerProfile,
                           root: x509.Certificate) -> bool:
    return (certificate.subject != signer_subject(profile)
            or certificate.not_valid_after_utc - datetime.now(UTC) < RENEW_BEFORE
            or not _issued_by(certificate, root))


def ensure_signer(profile: SignerProfile, passphrase: str,
                  directory: Path | None = None) -> tuple[Path, Path]:
    """The signer's (key, certificate) files. A signer met for the first time is enrolled: a
    new key encrypted with `passphrase` (PKCS#8, best available encryption) and a certificate.
    A certificate whose subject no longer matches the profile (a new title), that nears its end,
    or that another root issued is issued again for the same key; the passphrase is not needed
    for that and is not checked here."""
    authority = ensure_authority(directory)
    paths = authority.paths
    key_path, cert_path = paths.signer_key(profile.key), paths.signer_cert(profile.key)
    if (key_path.exists() and cert_path.exists()
            and not _needs_new_certificate(load_certificate(cert_path), profile, authority.root)):
        return key_path, cert_path
    with _locked(paths):
        _private_dir(paths.signers)
        root_key = _load_plain_rsa_key(paths.root_key)
        if key_path.exists() and cert_path.exists():
            current = load_certificate(cert_path)
            if _needs_new_certificate(current, profile, authority.root):
                public_key = current.public_key()
                if not isinstance(public_key, rsa.RSAPublicKey):
                    raise ValueError(f"{cert_path} does not hold an RSA key.")
                _write_private(cert_path, _pem(_issue(
                    subject=signer_subject(profile), public_key=public_key,
                    issuer=authority.root, issuer_key=root_key, days=SIGNER_DAYS)))
            return key_path, cert_path
        if not passphrase:
            raise ValueError("A signer's key needs a passphrase.")
        key = _new_key()
        encrypted = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode()))
        certificate = _issue(subject=signer_subject(profile), public_key=key.public_key(),
                             issuer=authority.root, issuer_key=root_key, days=SIGNER_DAYS)
        # The certificate last: its presence is what says the signer is enrolled.
        _write_private(key_path, encrypted)
        _write_private(cert_path, _pem(certificate))
    return key_path, cert_path
