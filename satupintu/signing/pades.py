"""PAdES signing with pyHanko, shared by the local backends (development PKI and PKCS#12).

pyHanko's `SimpleSigner` and `DummyTimeStamper` re-parse their private key from DER for every
raw signature (several per PDF: the size estimate, the signature, the timestamp), and parsing an
RSA key runs its consistency checks, ~50 ms each here. The two subclasses below hold the loaded
`cryptography` key object instead, which is what keeping the key in memory is for.
"""

from __future__ import annotations

import secrets
import unicodedata
import zoneinfo
from datetime import datetime
from io import BytesIO
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from django.conf import settings
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.general import as_signing_certificate, simple_cms_attribute
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from satupintu.signing.base import STAMP_HEADING, SignerDescription, VisibleBox
from satupintu.signing.errors import DocumentNotSignable, SigningError
from satupintu.signing.loop import outside_event_loop

SignaturePrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember")
STAMP_STYLE = TextStampStyle(
    stamp_text=f"{STAMP_HEADING}\n%(name)s\n%(title)s\n%(organisation)s\n%(date)s",
    text_box_style=TextBoxStyle(font_size=9),
    border_width=1,
)


def _hash_for(digest_algorithm: str) -> hashes.HashAlgorithm:
    algorithms: dict[str, hashes.HashAlgorithm] = {
        "sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}
    try:
        return algorithms[digest_algorithm.lower()]
    except KeyError as exc:
        raise SigningError(f"Unsupported digest algorithm {digest_algorithm!r}.") from exc


def asn1_certificate(certificate: x509.Certificate) -> Any:
    """The certificate as pyHanko's ASN.1 (asn1crypto) value."""
    return translate_pyca_cryptography_cert_to_asn1(certificate)


def _store(chain: list[x509.Certificate]) -> SimpleCertificateStore:
    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    registry.register_multiple([asn1_certificate(cert) for cert in chain])
    return registry


class KeptKeySigner(signers.SimpleSigner):
    """A pyHanko signer holding its loaded key object (RSA PKCS#1 v1.5 or ECDSA)."""

    def __init__(self, *, private_key: SignaturePrivateKey, certificate: x509.Certificate,
                 chain: list[x509.Certificate]) -> None:
        super().__init__(signing_cert=asn1_certificate(certificate),
                         signing_key=translate_pyca_cryptography_key_to_asn1(private_key),
                         cert_registry=_store(chain))
        self._private_key = private_key
        # Bytes to reserve for the signature container, learnt from the first signature: spares
        # pyHanko a dry-run signature per document to estimate it (a third of the time).
        self.reserve: int | None = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algorithm = mechanism.signature_algo
        except ValueError:
            algorithm = mechanism["algorithm"].native
        key = self._private_key
        if isinstance(key, rsa.RSAPrivateKey) and algorithm == "rsassa_pkcs1v15":
            return key.sign(data, PKCS1v15(), _hash_for(digest_algorithm))
        if isinstance(key, ec.EllipticCurvePrivateKey) and algorithm == "ecdsa":
            return key.sign(data, ec.ECDSA(_hash_for(digest_algorithm)))
        # Anything rarer (PSS, EdDSA) goes the slower way pyHanko knows.
        return bytes(super().sign_raw(data, digest_algorithm))


class KeptKeyTimeStamper(DummyTimeStamper):
    """An RFC 3161 timestamping authority inside this process (the development TSA), holding
    its RSA key. Overrides pyHanko 0.38's `DummyTimeStamper._sign_tst_info` (same output, minus
    the key parsing); tests/signing check the tokens still validate after an upgrade."""

    def __init__(self, *, private_key: rsa.RSAPrivateKey, certificate: x509.Certificate,
                 chain: list[x509.Certificate]) -> None:
        super().__init__(tsa_cert=asn1_certificate(certificate),
                         tsa_key=translate_pyca_cryptography_key_to_asn1(private_key),
                         certs_to_embed=_store(chain))
        self._private_key = private_key

    def _sign_tst_info(self, tst_info_data: bytes, md_algorithm: str,
                       dt: datetime) -> tuple[bytes, Any]:
        from asn1crypto import cms, core  # type: ignore[import-untyped]

        digest = hashes.Hash(_hash_for(md_algorithm))
        digest.update(tst_info_data)
        signed_attrs = cms.CMSAttributes([
            simple_cms_attribute("content_type", "tst_info"),  # type: ignore[no-untyped-call]
            simple_cms_attribute("signing_time", cms.Time({"utc_time": core.UTCTime(dt)})),  # type: ignore[no-untyped-call]
            simple_cms_attribute("signing_certificate", as_signing_certificate(self.tsa_cert)),  # type: ignore[no-untyped-call]
            simple_cms_attribute("message_digest", digest.finalize()),  # type: ignore[no-untyped-call]
        ])
        signature = self._private_key.sign(signed_attrs.dump(), PKCS1v15(),
                                           _hash_for(md_algorithm))
        return signature, signed_attrs


def _printable(text: str) -> str:
    # The block uses a standard PDF font (no embedding, so no per-signature font subsetting),
    # which covers Latin-1 only: fold the rest to its closest plain letters.
    folded = []
    for char in text:
        if ord(char) < 256 and char.isprintable():
            folded.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        folded.append("".join(c for c in base if c.isprintable()) or "?")
    return "".join(folded).strip()


def stamp_date(moment: datetime) -> str:
    """`28 November 2026 14:05 WIB`, in the installation's time zone."""
    local = moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return (f"{local.day} {_MONTHS[local.month - 1]} {local.year} "
            f"{local:%H:%M} {local.tzname() or ''}").strip()


def stamp_parameters(description: SignerDescription, moment: datetime) -> dict[str, str]:
    return {
        "name": _printable(description.name),
        "title": _printable(description.title),
        "organisation": _printable(description.organisation),
        "date": stamp_date(moment),
    }


def open_for_signing(pdf: bytes) -> Any:
    """An incremental writer over `pdf`, or DocumentNotSignable."""
    if not pdf.startswith(b"%PDF-"):
        raise DocumentNotSignable()
    try:
        return IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise DocumentNotSignable() from exc


def sign_document(pdf: bytes, *, signer: Any, timestamper: Any | None, field: VisibleBox,
                  reason: str, location: str, description: SignerDescription,
                  moment: datetime) -> bytes:
    """`pdf` with a PAdES (ETSI.CAdES.detached, SHA-256) signature and its visible block;
    with a timestamper, an RFC 3161 signature timestamp too (PAdES B-T)."""
    field_name = f"TTE-{secrets.token_hex(4)}"
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES, reason=reason or None,
        location=location or None, name=description.name,
    )
    pdf_signer = signers.PdfSigner(
        metadata, signer, timestamper=timestamper, stamp_style=STAMP_STYLE,
        new_field_spec=fields.SigFieldSpec(field_name, on_page=field.page_index,
                                           box=field.corners()),
    )
    text = stamp_parameters(description, moment)
    reserve = getattr(signer, "reserve", None)

    def attempt(reserved: int | None) -> bytes:
        output = pdf_signer.sign_pdf(open_for_signing(pdf), bytes_reserved=reserved,
                                     appearance_text_params=text)
        return bytes(output.getvalue())

    try:
        try:
            signed = outside_event_loop(lambda: attempt(reserve))
        except PyHankoSigningError:
            if reserve is None:
                raise
            # The container outgrew what earlier ones needed: let pyHanko estimate it.
            reserve = None
            signed = outside_event_loop(lambda: attempt(None))
    except (PdfError, IndexError) as exc:
        # e.g. a page that is not there
        raise DocumentNotSignable(str(exc)) from exc
    except PyHankoSigningError as exc:
        raise SigningError(str(exc)) from exc
    if reserve is None and isinstance(signer, KeptKeySigner):
        signer.reserve = _reservation(signed)
    return signed


def _reservation(signed: bytes) -> int | None:
    """Room for containers like the last one in `signed`: its size plus a generous margin
    (timestamps and stamp times vary by a few bytes). pyHanko's `bytes_reserved` counts the
    hexadecimal digits of /Contents, two per byte of the container, and must be even."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        # The SignedData alone: /Contents itself is padded with zeros to what was reserved.
        container = PdfFileReader(BytesIO(signed)).embedded_signatures[-1].signed_data.dump()
    except (PdfError, IndexError, ValueError):
        return None
    return 2 * (len(container) * 5 // 4 + 1024)
