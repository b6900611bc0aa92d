"""A stand-in for a BSrE-style signing service on 127.0.0.1, speaking the protocol that
`satupintu/signing/remote.py` documents (POST /api/v2/sign/pdf, NIK + passphrase, base64 PDFs).

It signs with pyHanko directly (not through `satupintu.signing.pades`), with a key of the test
CA, so what the remote signer returns is checked against an independent implementation.
`mode` makes it misbehave the ways a real service does.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from typing import Any, Literal

from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from tests.signing.certs import Identity

SIGN_PATH = "/api/v2/sign/pdf"
Mode = Literal["ok", "error500", "slow", "garbage", "truncated", "not_http", "redirect",
               "unsigned"]


@dataclass
class FakeBsre:
    """The service's state: who is registered (NIK → passphrase), how it behaves, what it got."""

    signer: Identity
    ca: Identity
    registry: dict[str, str]
    client: tuple[str, str] | None = None
    mode: Mode = "ok"
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    def sign(self, pdf: bytes, properties: dict[str, Any]) -> bytes:
        registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
        registry.register(translate_pyca_cryptography_cert_to_asn1(self.ca.certificate))
        pyhanko_signer = signers.SimpleSigner(
            signing_cert=translate_pyca_cryptography_cert_to_asn1(self.signer.certificate),
            signing_key=translate_pyca_cryptography_key_to_asn1(self.signer.key),
            cert_registry=registry)
        x, y = float(properties["originX"]), float(properties["originY"])
        box = (int(x), int(y), int(x + float(properties["width"])),
               int(y + float(properties["height"])))
        style = TextStampStyle(stamp_text=str(properties["text"]),
                               text_box_style=TextBoxStyle(font_size=8))
        pdf_signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name="BSrE", md_algorithm="sha256",
                                         subfilter=fields.SigSeedSubFilter.PADES,
                                         reason=properties["reason"],
                                         location=properties["location"]),
            pyhanko_signer, stamp_style=style,
            new_field_spec=fields.SigFieldSpec("BSrE", on_page=int(properties["page"]) - 1,
                                               box=box))
        output = pdf_signer.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)))
        return bytes(output.getvalue())


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet test output

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        fake = self.server.fake
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        fake.headers.append(dict(self.headers.items()))
        if self.path != SIGN_PATH:
            self._answer(404, {"status_code": 404, "error": "Not found"})
            return
        request = json.loads(body)
        fake.requests.append(request)
        if fake.client is not None:
            expected = "Basic " + base64.b64encode(":".join(fake.client).encode()).decode()
            if self.headers.get("Authorization") != expected:
                self._answer(401, {"status_code": 401, "error": "Unauthorized"})
                return
        if fake.mode == "error500":
            self._answer(500, {"status_code": 5000, "error": "Internal server error"})
            return
        if fake.mode == "slow":
            fake.release.wait(10)
            return
        if fake.mode == "redirect":
            self.send_response(302)
            self.send_header("Location", f"{fake.url}/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if fake.mode == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b'{"file": ["JVBER')
            self.close_connection = True
            return
        if fake.mode == "not_http":
            self.wfile.write(b"SSH-2.0-OpenSSH_9.2\r\n")
            self.close_connection = True
            return
        if fake.mode == "garbage":
            self._answer(200, {"time": 1, "file": ["not base64!"]})
            return
        nik = request.get("nik")
        if nik not in fake.registry:
            self._answer(400, {"status_code": 2011, "error": "NIK tidak terdaftar"})
            return
        if request.get("passphrase") != fake.registry[nik]:
            self._answer(400, {"status_code": 2031, "error": "Passphrase anda salah"})
            return
        pdf = base64.b64decode(request["file"][0])
        if fake.mode == "unsigned":
            self._answer(200, {"time": 1, "file": [base64.b64encode(b"<html>").decode()]})
            return
        signed = fake.sign(pdf, request["signatureProperties"][0])
        self._answer(200, {"time": 12, "file": [base64.b64encode(signed).decode()]})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeBsre) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


@contextmanager
def running(fake: FakeBsre) -> Iterator[FakeBsre]:
    """Serve `fake` on a free port of 127.0.0.1 for the duration of the block."""
    server = _Server(fake)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
