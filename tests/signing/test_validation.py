"""Validation: altered documents, untrusted signers and garbage give an answer, never a crash."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from typing import Any

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.diff_analysis import ModificationLevel

from satupintu.signing.base import SignerDescription, SignerProfile, VisibleBox
from satupintu.signing.dev import DevSigner
from satupintu.signing.pades import KeptKeySigner, KeptKeyTimeStamper, sign_document
from satupintu.signing.validation import validate_pdf
from tests.signing.certs import new_signer, new_tsa
from tests.signing.conftest import (
    BOX,
    PASSPHRASE,
    DevPki,
    IndependentCa,
    pyhanko_statuses,
    sign_kwargs,
)


def _signed_range_end(signed: bytes) -> int:
    """Where the first gap of the signature's ByteRange (its /Contents) starts."""
    byte_range = PdfFileReader(BytesIO(signed)).embedded_signatures[0].byte_range
    assert int(byte_range[0]) == 0
    return int(byte_range[1])


def test_one_altered_byte_in_the_signed_range_breaks_it(dev_pki: DevPki) -> None:
    signed = dev_pki.signed
    # A byte inside the first (compressed) content stream: the file still parses.
    position = signed.index(b"stream\n") + len(b"stream\n") + 20
    assert position < _signed_range_end(signed)
    altered = bytearray(signed)
    altered[position] ^= 0x01
    result = validate_pdf(bytes(altered), trust_roots=[dev_pki.root])
    assert result.signed
    assert not result.intact
    assert not result.valid
    assert result.error == "altered after signing"
    [status] = pyhanko_statuses(bytes(altered), [dev_pki.root])
    assert not status.intact
    assert not status.bottom_line
    # The untouched document still validates: the test changed what it meant to.
    assert validate_pdf(signed, trust_roots=[dev_pki.root]).valid


def _append(signed: bytes, change: Callable[[IncrementalPdfFileWriter], object]) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    change(writer)
    output = BytesIO()
    writer.write(output)  # type: ignore[no-untyped-call]
    assert output.getvalue().startswith(signed)  # the signed bytes themselves are untouched
    return output.getvalue()


def test_content_added_after_signing_is_not_intact(dev_pki: DevPki) -> None:
    def overprint(writer: IncrementalPdfFileWriter) -> None:
        stream = writer.add_object(generic.StreamObject(
            stream_data=b"BT /F1 48 Tf 72 400 Td (DIBATALKAN) Tj ET"))
        writer.add_stream_to_page(0, stream)  # type: ignore[no-untyped-call]

    altered = _append(dev_pki.signed, overprint)
    [status] = pyhanko_statuses(altered, [dev_pki.root])
    assert status.intact  # the signed revision's bytes still verify…
    assert status.modification_level == ModificationLevel.OTHER  # …but the page was changed
    result = validate_pdf(altered, trust_roots=[dev_pki.root])
    assert result.signed
    assert result.trusted
    assert not result.intact
    assert not result.valid
    assert result.error == "altered after signing"


def test_a_form_change_after_the_last_signature_is_not_intact(dev_pki: DevPki) -> None:
    # pyHanko accepts form filling after an approval signature; a permit has no form, and
    # nothing may follow its last signature but another signature.
    altered = _append(dev_pki.signed, lambda writer: fields.append_signature_field(
        writer, fields.SigFieldSpec("Kosong", on_page=0, box=(10, 10, 100, 50))))
    [status] = pyhanko_statuses(altered, [dev_pki.root])
    assert status.modification_level == ModificationLevel.FORM_FILLING
    assert status.bottom_line
    result = validate_pdf(altered, trust_roots=[dev_pki.root])
    assert not result.intact
    assert not result.valid


def test_a_second_signature_keeps_both_valid(dev_pki: DevPki) -> None:
    sekda = SignerProfile(key="sekda-2", name="Ahmad Fauzi", title="Sekretaris Daerah",
                          organisation="Pemerintah Kota Lubuklinggau")
    twice = DevSigner(sekda, directory=dev_pki.directory).sign(
        dev_pki.signed, passphrase="kunci-ahmad", **sign_kwargs())
    result = validate_pdf(twice, trust_roots=[dev_pki.root])
    assert result.valid
    assert result.signer_name == "Ahmad Fauzi"
    assert len(PdfFileReader(BytesIO(twice)).embedded_signatures) == 2


def test_every_signature_must_be_trusted_not_only_the_last(
        dev_pki: DevPki, pdf: bytes, test_ca: IndependentCa) -> None:
    outsider = KeptKeySigner(private_key=test_ca.signer.key,
                             certificate=test_ca.signer.certificate,
                             chain=[test_ca.root.certificate])
    first = sign_document(pdf, signer=outsider, timestamper=None, field=BOX, reason="",
                          location="", moment=datetime.now(UTC),
                          description=SignerDescription("Siti Aminah", "", ""))
    both = dev_pki.signer().sign(first, passphrase=PASSPHRASE,
                                 **sign_kwargs(field=VisibleBox(1, 20, 20, 200, 80)))
    statuses = pyhanko_statuses(both, [dev_pki.root])
    assert [status.trusted for status in statuses] == [False, True]
    result = validate_pdf(both, trust_roots=[dev_pki.root])
    assert result.intact
    assert not result.trusted
    assert validate_pdf(both, trust_roots=[dev_pki.root, test_ca.root.certificate]).valid


def test_a_signer_of_another_ca_is_not_trusted(dev_pki: DevPki, test_ca: IndependentCa) -> None:
    result = validate_pdf(dev_pki.signed, trust_roots=[test_ca.root.certificate])
    assert result.signed
    assert result.intact
    assert not result.trusted
    assert not result.valid
    assert result.error == "signer not trusted"
    empty = validate_pdf(dev_pki.signed, trust_roots=[])
    assert not empty.trusted


def test_an_unsigned_pdf_is_not_signed(pdf: bytes, dev_pki: DevPki) -> None:
    result = validate_pdf(pdf, trust_roots=[dev_pki.root])
    assert (result.signed, result.valid, result.error) == (False, False, "not signed")


def _garbage() -> list[bytes]:
    noise = random.Random(20261128)
    return [b"", b"garbage", b"%PDF-1.7\n", b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF",
            bytes(noise.getrandbits(8) for _ in range(4096)),
            b"%PDF-1.7\n" + bytes(noise.getrandbits(8) for _ in range(4096))]


@pytest.mark.parametrize("data", _garbage())
def test_garbage_gets_an_answer_not_an_exception(data: bytes, dev_pki: DevPki) -> None:
    result = validate_pdf(data, trust_roots=[dev_pki.root])
    assert not result.signed
    assert not result.valid
    assert result.error


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9, 0.999])
def test_a_truncated_signed_pdf_is_not_valid(cut: float, dev_pki: DevPki) -> None:
    data = dev_pki.signed[: int(len(dev_pki.signed) * cut)]
    result = validate_pdf(data, trust_roots=[dev_pki.root])
    assert not result.valid
    assert result.error


def test_a_damaged_signature_container_is_not_valid(dev_pki: DevPki) -> None:
    signed = dev_pki.signed
    start = _signed_range_end(signed) + 1  # after "<"
    altered = signed[:start] + b"30" + b"00" * 40 + signed[start + 82:]
    assert len(altered) == len(signed)
    result = validate_pdf(altered, trust_roots=[dev_pki.root])
    assert not result.valid
    assert result.error



def test_an_expired_certificate_is_judged_at_its_trusted_timestamp(
        pdf: bytes, test_ca: IndependentCa) -> None:
    officer = new_signer(test_ca.root, "Pejabat Lama", valid_for=timedelta(seconds=2))
    tsa = new_tsa(test_ca.root, "Test TSA")
    roots = [test_ca.root.certificate]
    signer = KeptKeySigner(private_key=officer.key, certificate=officer.certificate,
                           chain=roots)
    stamper = KeptKeyTimeStamper(private_key=tsa.key, certificate=tsa.certificate, chain=roots)  # type: ignore[arg-type]
    common: dict[str, Any] = {
        "field": BOX, "reason": "Penerbitan izin", "location": "Lubuklinggau",
        "description": SignerDescription("Pejabat Lama", "Kepala Dinas", "Pemkot"),
        "moment": datetime.now(UTC)}
    stamped = sign_document(pdf, signer=signer, timestamper=stamper, **common)
    unstamped = sign_document(pdf, signer=signer, timestamper=None, **common)

    expiry = officer.certificate.not_valid_after_utc
    time.sleep(max(0.0, (expiry - datetime.now(UTC)).total_seconds()) + 1.1)
    [status] = pyhanko_statuses(stamped, roots)
    assert not status.trusted  # at the present, the certificate has expired
    result = validate_pdf(stamped, trust_roots=roots)
    assert result.valid
    assert result.timestamp_ok
    assert result.signed_at is not None
    assert result.signed_at < expiry
    # Without a timestamp nothing vouches for when it was signed.
    assert not validate_pdf(unstamped, trust_roots=roots).trusted
