"""A certification authority for tests, made with `cryptography` alone.

It deliberately shares no code with `satupintu.signing.pki`, so a signature that validates
against it says something about the signing code, not about the PKI generator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class Identity:
    """A key and the certificate issued for it."""

    key: PrivateKey
    certificate: x509.Certificate

    @property
    def common_name(self) -> str:
        value = self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        return str(value)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SatuPintu tests"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "ID")])


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not ca, content_commitment=not ca,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False)


def _certificate(subject: x509.Name, key: PrivateKey, issuer: Identity | None, *,
                 ca: bool, valid_for: timedelta = timedelta(days=30),
                 time_stamping: bool = False) -> x509.Certificate:
    now = datetime.now(UTC).replace(microsecond=0)
    signing_key = key if issuer is None else issuer.key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject if issuer is None else issuer.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + valid_for)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_usage(ca=ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            signing_key.public_key()), critical=False)
    )
    if time_stamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return builder.sign(signing_key, hashes.SHA256())


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def new_ca(common_name: str) -> Identity:
    key = new_key()
    return Identity(key, _certificate(_name(common_name), key, None, ca=True))


def new_signer(ca: Identity, common_name: str, key: PrivateKey | None = None, *,
               valid_for: timedelta = timedelta(days=30)) -> Identity:
    key = key or new_key()
    return Identity(key, _certificate(_name(common_name), key, ca, ca=False,
                                      valid_for=valid_for))


def new_tsa(ca: Identity, common_name: str) -> Identity:
    """A timestamping authority (RFC 3161: the one critical extended usage timeStamping)."""
    key = new_key()
    return Identity(key, _certificate(_name(common_name), key, ca, ca=False,
                                      time_stamping=True))


def p12(signer: Identity, ca: Identity, passphrase: str) -> bytes:
    """The signer's key, certificate and issuing CA as a PKCS#12 file."""
    return pkcs12.serialize_key_and_certificates(
        b"signer", signer.key, signer.certificate, [ca.certificate],
        serialization.BestAvailableEncryption(passphrase.encode()))
