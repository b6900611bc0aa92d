"""The remote signer against a local BSrE-style service (`fake_bsre.py`)."""

from __future__ import annotations

import base64
import json
import socket
import time
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from satupintu.signing.base import SignerProfile, VisibleBox
from satupintu.signing.config import signer_for
from satupintu.signing.errors import (
    DocumentNotSignable,
    SignerMisconfigured,
    SignerNotRegistered,
    SignerUnavailable,
    SigningError,
    WrongPassphrase,
)
from satupintu.signing.remote import RemoteService, RemoteSigner, config_problems
from satupintu.signing.validation import validate_pdf
from tests.signing.conftest import SITI, IndependentCa, pyhanko_statuses, sign_kwargs
from tests.signing.fake_bsre import FakeBsre, running

BSRE_PASSPHRASE = "passphrase-bsre-siti"
CLIENT = ("satupintu-lubuklinggau", "rahasia-klien")


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # urllib honours *_proxy variables; the fake service is on this machine.
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def bsre(test_ca: IndependentCa) -> Iterator[FakeBsre]:
    fake = FakeBsre(signer=test_ca.signer, ca=test_ca.root,
                    registry={SITI.nik: BSRE_PASSPHRASE}, client=CLIENT)
    with running(fake):
        yield fake


def _signer(bsre: FakeBsre, profile: SignerProfile = SITI, *, timeout: float = 5,
            client: tuple[str, str] = CLIENT) -> RemoteSigner:
    return RemoteSigner(profile, RemoteService(url=bsre.url, client_id=client[0],
                                               client_secret=client[1], timeout=timeout))


def test_a_remote_signature_validates(bsre: FakeBsre, pdf: bytes,
                                      test_ca: IndependentCa) -> None:
    signed = _signer(bsre).sign(pdf, passphrase=BSRE_PASSPHRASE, **sign_kwargs())
    result = validate_pdf(signed, trust_roots=[test_ca.root.certificate])
    assert result.valid
    assert result.signer_name == "Siti Aminah"
    [status] = pyhanko_statuses(signed, [test_ca.root.certificate])
    assert status.bottom_line
    field = PdfFileReader(BytesIO(signed)).embedded_signatures[0].sig_field
    assert [int(v) for v in field["/Rect"]] == [340, 60, 560, 150]


def test_it_sends_what_the_protocol_says(bsre: FakeBsre, two_page_pdf: bytes) -> None:
    box = VisibleBox(page=-1, x=300.5, y=40, width=200, height=80)
    _signer(bsre).sign(two_page_pdf, passphrase=BSRE_PASSPHRASE, **sign_kwargs(field=box))
    [request] = bsre.requests
    assert request["nik"] == SITI.nik
    assert request["passphrase"] == BSRE_PASSPHRASE
    assert base64.b64decode(request["file"][0]) == two_page_pdf
    [properties] = request["signatureProperties"]
    assert properties["page"] == 2  # the last page, counted from 1
    assert (properties["originX"], properties["originY"]) == (300.5, 40)
    assert (properties["width"], properties["height"]) == (200, 80)
    assert properties["tampilan"] == "VISIBLE"
    assert properties["location"] == "Lubuklinggau"
    assert properties["text"].splitlines()[1:] == [SITI.name, SITI.title, SITI.organisation]
    [headers] = bsre.headers
    assert headers["Content-Type"] == "application/json"


def test_the_configured_remote_signer_is_used(bsre: FakeBsre, pdf: bytes, settings: Any,
                                              test_ca: IndependentCa) -> None:
    settings.SATUPINTU_SIGNER = "remote"
    settings.SATUPINTU_SIGNER_REMOTE_URL = bsre.url
    settings.SATUPINTU_SIGNER_REMOTE_CLIENT_ID, settings.SATUPINTU_SIGNER_REMOTE_CLIENT_SECRET = (
        CLIENT)
    signer = signer_for(SITI)
    assert isinstance(signer, RemoteSigner)
    signed = signer.sign(pdf, passphrase=BSRE_PASSPHRASE, **sign_kwargs())
    assert validate_pdf(signed, trust_roots=[test_ca.root.certificate]).valid


def test_a_wrong_passphrase_is_refused(bsre: FakeBsre, pdf: bytes) -> None:
    with pytest.raises(WrongPassphrase):
        _signer(bsre).sign(pdf, passphrase="salah", **sign_kwargs())
    assert len(bsre.requests) == 1
    with pytest.raises(WrongPassphrase):  # refused here, not sent
        _signer(bsre).sign(pdf, passphrase="", **sign_kwargs())
    assert len(bsre.requests) == 1


def test_an_unknown_nik_is_not_registered(bsre: FakeBsre, pdf: bytes) -> None:
    stranger = SignerProfile(key="x", name="Orang Lain", title="", organisation="",
                             nik="1673019999990009")
    with pytest.raises(SignerNotRegistered):
        _signer(bsre, stranger).sign(pdf, passphrase=BSRE_PASSPHRASE, **sign_kwargs())
    no_nik = SignerProfile(key="y", name="Tanpa NIK", title="", organisation="")
    with pytest.raises(SignerNotRegistered):
        _signer(bsre, no_nik).sign(pdf, passphrase=BSRE_PASSPHRASE, **sign_kwargs())
    assert len(bsre.requests) == 1


def test_refused_client_credentials_are_our_misconfiguration(bsre: FakeBsre,
                                                              pdf: bytes) -> None:
    with pytest.raises(SignerMisconfigured):
        _signer(bsre, client=("satupintu-lubuklinggau", "salah")).sign(
            pdf, passphrase=BSRE_PASSPHRASE, **sign_kwargs())


@pytest.mark.parametrize("mode", ["error500", "garbage", "truncated", "not_http", "unsigned"])
def test_a_failing_service_is_unavailable(bsre: FakeBsre, pdf: bytes, mode: Any) -> None:
    bsre.mode = mode
    with pytest.raises(SignerUnavailable) as raised:
        _signer(bsre).sign(pdf, passphrase=BSRE_PASSPHRASE, **sign_kwargs())
    assert raised.value.retryable


def test_a_service_that_does_not_answer_in_time_is_unavailable(bsre: FakeBsre,
                                                               pdf: bytes) -> None:
    bsre.mode = "slow"
    started = time.monotonic()
    with pytest.raises(SignerUnavailable):
        _signer(bsre, timeout=0.3).sign(pdf, passphrase=BSRE_PASSPHRASE, **sign_kwargs())
    assert time.monotonic() - started < 3


def test_a_refused_connection_is_unavailable(pdf: bytes) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    signer = RemoteSigner(SITI, RemoteService(url=f"http://127.0.0.1:{port}", timeout=2))
    with pytest.raises(SignerUnavailable):
        signer.sign(pdf, passphrase=BSRE_PASSPHRASE, **sign_kwargs())


def test_a_redirect_is_not_followed(bsre: FakeBsre, pdf: bytes) -> None:
    bsre.mode = "redirect"
    with pytest.raises(SigningError) as raised:
        _signer(bsre).sign(pdf, passphrase=BSRE_PASSPHRASE, **sign_kwargs())
    assert not raised.value.retryable
    assert len(bsre.headers) == 1  # the passphrase went nowhere else


def test_what_is_not_a_pdf_is_not_sent(bsre: FakeBsre, pdf: bytes) -> None:
    with pytest.raises(DocumentNotSignable):
        _signer(bsre).sign(b"<html>", passphrase=BSRE_PASSPHRASE, **sign_kwargs())
    far = VisibleBox(page=-3, x=1, y=1, width=9, height=9)
    with pytest.raises(DocumentNotSignable):
        _signer(bsre).sign(pdf, passphrase=BSRE_PASSPHRASE, **sign_kwargs(field=far))
    assert bsre.requests == []


@pytest.mark.parametrize(("url", "fragment"), [
    ("", "is not set"),
    ("http://esign.bsre.example.go.id", "https://"),
    ("http://10.0.0.5:8080", "https://"),
    ("ftp://esign.example.go.id", "https://"),
    ("esign.example.go.id", "https://"),
    ("https://[::1", "https://"),
    ("https://user:pw@esign.example.go.id", "without credentials"),
    ("https://esign.example.go.id/?tenant=1", "without credentials"),
])
def test_a_bad_url_is_a_configuration_problem(url: str, fragment: str) -> None:
    problems = config_problems(url, "", "", 30)
    assert len(problems) == 1
    assert fragment in problems[0]
    with pytest.raises(SignerMisconfigured):
        RemoteService(url=url)


@pytest.mark.parametrize("url", ["https://esign.example.go.id", "https://esign.example.go.id/",
                                 "http://127.0.0.1:9000", "http://localhost:9000/bsre",
                                 "http://[::1]:9000"])
def test_https_or_this_machine_is_accepted(url: str) -> None:
    assert config_problems(url, "id", "secret", 30) == []
    assert RemoteService(url=url).sign_url.endswith("/api/v2/sign/pdf")
    assert "//api" not in RemoteService(url=url).sign_url


def test_half_credentials_and_no_timeout_are_problems() -> None:
    problems = config_problems("https://esign.example.go.id", "id", "", 0)
    assert len(problems) == 2
    assert "CLIENT_SECRET" in problems[0]
    assert "TIMEOUT" in problems[1]


def test_error_answers_carry_the_service_code(bsre: FakeBsre, pdf: bytes) -> None:
    bsre.mode = "error500"
    with pytest.raises(SignerUnavailable) as raised:
        _signer(bsre).sign(pdf, passphrase=BSRE_PASSPHRASE, **sign_kwargs())
    assert raised.value.details == {"http_status": 500, "service_code": 5000}
    assert json.loads(json.dumps(raised.value.details)) == raised.value.details
