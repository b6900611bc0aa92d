"""The development signer: certificates from the local PKI, a timestamp from the local TSA."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.conf import settings

from satupintu.signing import pki
from satupintu.signing.base import SignerDescription, SignerProfile, VisibleBox
from satupintu.signing.errors import SignerMisconfigured, WrongPassphrase
from satupintu.signing.keycache import UnlockedKeys, fingerprint, unlocked_keys
from satupintu.signing.pades import KeptKeySigner, KeptKeyTimeStamper, sign_document

_timestampers: dict[Path, tuple[pki.DevAuthority, KeptKeyTimeStamper]] = {}
_timestampers_lock = threading.Lock()


def _timestamper(authority: pki.DevAuthority) -> KeptKeyTimeStamper:
    with _timestampers_lock:
        cached = _timestampers.get(authority.paths.directory)
        if cached is None or cached[0] is not authority:
            cached = (authority, KeptKeyTimeStamper(
                private_key=authority.tsa_key, certificate=authority.tsa_certificate,
                chain=[authority.root]))
            _timestampers[authority.paths.directory] = cached
        return cached[1]


class DevSigner:
    """Signs with the development PKI in the data directory (`pki.py`).

    The first signature of a signer enrols them: a key is generated and encrypted with the
    passphrase given, and a certificate naming them is issued. Every later call must give that
    passphrase. Signatures carry an RFC 3161 timestamp from the local TSA (PAdES B-T).
    """

    def __init__(self, profile: SignerProfile, *, directory: Path | None = None,
                 keys: UnlockedKeys[object] = unlocked_keys) -> None:
        self.profile = profile
        self._directory = directory
        self._keys = keys

    def describe(self) -> SignerDescription:
        return self.profile.describe()

    def _unlocked(self, passphrase: str) -> tuple[KeptKeySigner, pki.DevAuthority]:
        if settings.PRODUCTION:
            # Settings refuse SATUPINTU_SIGNER=dev in production; this keeps any other path
            # from creating or using a CA of this machine there.
            raise SignerMisconfigured("The development signer is refused in production.")
        if not passphrase:
            raise WrongPassphrase()
        try:
            authority = pki.ensure_authority(self._directory)
            key_path, cert_path = pki.ensure_signer(self.profile, passphrase, self._directory)
            source = fingerprint([key_path, cert_path, authority.paths.root_cert])
        except (OSError, ValueError) as exc:
            # An unwritable data directory, a damaged or half-deleted PKI.
            raise SignerMisconfigured(f"Development PKI: {exc}") from exc

        def load(candidate: str) -> KeptKeySigner:
            try:
                data = key_path.read_bytes()
            except OSError as exc:
                raise SignerMisconfigured(f"{key_path}: {exc.strerror}") from exc
            try:
                key = serialization.load_pem_private_key(data, password=candidate.encode())
            except (ValueError, TypeError) as exc:
                raise WrongPassphrase() from exc
            if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
                raise SignerMisconfigured(f"{key_path}: not an RSA or EC key.")
            return KeptKeySigner(private_key=key, certificate=pki.load_certificate(cert_path),
                                 chain=[authority.root])

        identity = f"dev:{authority.paths.directory}:{self.profile.key}"
        signer = self._keys.get(identity, passphrase, source, load)
        assert isinstance(signer, KeptKeySigner)
        return signer, authority

    def unlock(self, *, passphrase: str) -> None:
        self._unlocked(passphrase)

    def sign(self, pdf: bytes, *, passphrase: str, field: VisibleBox, reason: str,
             location: str) -> bytes:
        signer, authority = self._unlocked(passphrase)
        return sign_document(pdf, signer=signer, timestamper=_timestamper(authority),
                             field=field, reason=reason, location=location,
                             description=self.describe(), moment=datetime.now(UTC))
