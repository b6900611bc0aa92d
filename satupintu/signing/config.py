"""The configured signer backend and trust roots (ADR 0011).

    SATUPINTU_SIGNER                  dev (development default) | pkcs12 | remote
    SATUPINTU_SIGNER_PKCS12_DIR       pkcs12: the directory of `<signer key>.p12` files
    SATUPINTU_SIGNER_REMOTE_URL       remote: the service's base URL (https)
    SATUPINTU_SIGNER_REMOTE_CLIENT_ID, …_CLIENT_SECRET   remote: HTTP Basic credentials, if any
    SATUPINTU_SIGNER_REMOTE_TIMEOUT   remote: seconds before a request counts as unavailable
    SATUPINTU_SIGNING_TRUST_ROOTS     PEM/DER files of CA certificates signatures are checked
                                      against (e.g. the BSrE root and intermediates)
"""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from satupintu.signing import pki, remote
from satupintu.signing.base import Signer, SignerProfile
from satupintu.signing.errors import SignerMisconfigured

BACKENDS = ("dev", "pkcs12", "remote")


def remote_service() -> remote.RemoteService:
    return remote.RemoteService(
        url=settings.SATUPINTU_SIGNER_REMOTE_URL,
        client_id=settings.SATUPINTU_SIGNER_REMOTE_CLIENT_ID,
        client_secret=settings.SATUPINTU_SIGNER_REMOTE_CLIENT_SECRET,
        timeout=float(settings.SATUPINTU_SIGNER_REMOTE_TIMEOUT),
    )


def signer_for(profile: SignerProfile) -> Signer:
    """The configured backend's signer for this person."""
    backend = settings.SATUPINTU_SIGNER
    if backend == "dev":
        from satupintu.signing.dev import DevSigner

        return DevSigner(profile)
    if backend == "pkcs12":
        from satupintu.signing.pkcs12 import Pkcs12Signer, pkcs12_path

        if not settings.SATUPINTU_SIGNER_PKCS12_DIR:
            # Path("") is the working directory: never look for keys there by accident.
            raise SignerMisconfigured("SATUPINTU_SIGNER=pkcs12 needs SATUPINTU_SIGNER_PKCS12_DIR.")
        directory = Path(settings.SATUPINTU_SIGNER_PKCS12_DIR)
        return Pkcs12Signer(profile, pkcs12_path(directory, profile))
    if backend == "remote":
        return remote.RemoteSigner(profile, remote_service())
    raise ImproperlyConfigured(f"SATUPINTU_SIGNER={backend!r} is not one of {BACKENDS}.")


def load_certificates(path: Path) -> list[x509.Certificate]:
    """Every certificate in a PEM file (one or more) or a DER file."""
    data = path.read_bytes()
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def trust_roots() -> list[x509.Certificate]:
    """The CA certificates a signature must chain to: the configured files, and outside
    production the development root (when this installation has made one). Production never
    trusts the development root, whatever the backend."""
    roots: list[x509.Certificate] = []
    if not settings.PRODUCTION:
        root = pki.root_certificate_if_present()
        if root is not None:
            roots.append(root)
    for name in settings.SATUPINTU_SIGNING_TRUST_ROOTS:
        roots.extend(load_certificates(Path(name)))
    return roots


def config_problems() -> list[str]:
    """What is wrong with the signing settings (run by `manage.py check`)."""
    problems: list[str] = []
    backend = settings.SATUPINTU_SIGNER
    if backend == "dev" and settings.PRODUCTION:
        problems.append("SATUPINTU_SIGNER=dev signs with a local development CA, which "
                        "production refuses: set SATUPINTU_SIGNER=pkcs12 or remote.")
    elif backend == "pkcs12":
        directory = settings.SATUPINTU_SIGNER_PKCS12_DIR
        if not directory:
            problems.append("SATUPINTU_SIGNER=pkcs12 needs SATUPINTU_SIGNER_PKCS12_DIR.")
        elif not Path(directory).is_dir():
            problems.append(f"SATUPINTU_SIGNER_PKCS12_DIR={directory!r} is not a directory.")
    elif backend == "remote":
        problems.extend(remote.config_problems(
            settings.SATUPINTU_SIGNER_REMOTE_URL, settings.SATUPINTU_SIGNER_REMOTE_CLIENT_ID,
            settings.SATUPINTU_SIGNER_REMOTE_CLIENT_SECRET,
            float(settings.SATUPINTU_SIGNER_REMOTE_TIMEOUT)))
    for name in settings.SATUPINTU_SIGNING_TRUST_ROOTS:
        try:
            load_certificates(Path(name))
        except (OSError, ValueError) as exc:
            problems.append(f"SATUPINTU_SIGNING_TRUST_ROOTS: {name}: {exc}")
    return problems
