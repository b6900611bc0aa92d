"""A signer whose key and certificate come from a PKCS#12 file (.p12/.pfx) of their own."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from satupintu.signing.base import SignerDescription, SignerProfile, VisibleBox
from satupintu.signing.errors import SignerMisconfigured, SignerNotRegistered, WrongPassphrase
from satupintu.signing.keycache import UnlockedKeys, fingerprint, unlocked_keys
from satupintu.signing.pades import KeptKeySigner, sign_document


def pkcs12_path(directory: Path, profile: SignerProfile) -> Path:
    """Where a signer's file is expected in the configured directory: `<key>.p12` (or .pfx)."""
    for suffix in (".p12", ".pfx"):
        candidate = directory / f"{profile.key}{suffix}"
        if candidate.exists():
            return candidate
    return directory / f"{profile.key}.p12"


class Pkcs12Signer:
    """Signs with the key in `path`, which the signer's passphrase unlocks.

    The file's own certificates (the issuing chain) are embedded in each signature. No timestamp
    is added (PAdES B-B): the signing time is the one the signer states.
    """

    def __init__(self, profile: SignerProfile, path: Path, *,
                 keys: UnlockedKeys[object] = unlocked_keys) -> None:
        self.profile = profile
        self.path = path
        self._keys = keys

    def describe(self) -> SignerDescription:
        return self.profile.describe()

    def _load(self, passphrase: str) -> KeptKeySigner:
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise SignerMisconfigured(f"{self.path}: {exc.strerror}") from exc
        try:
            key, certificate, others = pkcs12.load_key_and_certificates(
                data, passphrase.encode())
        except ValueError as exc:
            # cryptography tells a wrong password and a damaged file apart by neither; the
            # file was readable, so the passphrase is the likely culprit.
            raise WrongPassphrase() from exc
        if certificate is None or not isinstance(key, rsa.RSAPrivateKey |
                                                 ec.EllipticCurvePrivateKey):
            raise SignerMisconfigured(f"{self.path}: no RSA or EC key with its certificate.")
        return KeptKeySigner(private_key=key, certificate=certificate, chain=list(others))

    def _unlocked(self, passphrase: str) -> KeptKeySigner:
        if not passphrase:
            raise WrongPassphrase()
        try:
            source = fingerprint([self.path])
        except OSError as exc:
            raise SignerNotRegistered() from exc
        signer = self._keys.get(f"pkcs12:{self.path.resolve()}", passphrase, source, self._load)
        assert isinstance(signer, KeptKeySigner)
        return signer

    def unlock(self, *, passphrase: str) -> None:
        self._unlocked(passphrase)

    def sign(self, pdf: bytes, *, passphrase: str, field: VisibleBox, reason: str,
             location: str) -> bytes:
        signer = self._unlocked(passphrase)
        return sign_document(pdf, signer=signer, timestamper=None, field=field, reason=reason,
                             location=location, description=self.describe(),
                             moment=datetime.now(UTC))
