"""A remote signing service (BSrE-style: the signer's NIK and passphrase), over HTTP.

The key never leaves the service; we send the whole PDF and get it back signed. The protocol is
modelled on BSrE's eSign API v2 (`/api/v2/sign/pdf`, NIK + passphrase, `signatureProperties`,
base64 files in a `file` list); check it against the service's own documentation before
production and adapt this module, not its callers:

    POST <SATUPINTU_SIGNER_REMOTE_URL>/api/v2/sign/pdf
    Authorization: Basic base64(<client id>:<client secret>)      (when they are configured)
    Content-Type: application/json

    {"nik": "1673012345670001",
     "passphrase": "…",
     "signatureProperties": [{"tampilan": "VISIBLE", "page": 1,
                              "originX": 340.0, "originY": 60.0, "width": 220.0, "height": 90.0,
                              "location": "Lubuklinggau", "reason": "…",
                              "text": "Ditandatangani secara elektronik oleh\\n…"}],
     "file": ["<the PDF, base64>"]}

`page` counts from 1; `originX`/`originY` are the lower-left corner of the signature block, and
`width`/`height` its size, in PDF points from the page's lower-left corner (the PDF's own
convention). `text` is what we would print in the block; a service may draw its own.

    200  {"time": <milliseconds>, "file": ["<the signed PDF, base64>"]}

Failures answer JSON `{"status_code": <service code>, "error": "<message>"}`:

    400 + status_code 2031                 wrong passphrase                  → WrongPassphrase
    400/404 + status_code 2011 or 2021     NIK not registered / no certificate → SignerNotRegistered
    401, 403                               our client credentials refused    → SignerMisconfigured
    408, 429, 5xx, time-out, refused connection, a 200 without a PDF         → SignerUnavailable
    anything else                                                           → SigningError

`SignerUnavailable` is retryable: the permit stays approved, awaiting signature. A time-out
after the request was sent may mean the service did sign; we discard an answer we never got,
and signing again yields a second, equally valid signed copy, so retrying is safe for us.
"""

from __future__ import annotations

import base64
import binascii
import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

from satupintu.signing.base import STAMP_HEADING, SignerDescription, SignerProfile, VisibleBox
from satupintu.signing.errors import (
    DocumentNotSignable,
    SignerMisconfigured,
    SignerNotRegistered,
    SignerUnavailable,
    SigningError,
    WrongPassphrase,
)

SIGN_PATH = "/api/v2/sign/pdf"
WRONG_PASSPHRASE_CODES = {2031}
NOT_REGISTERED_CODES = {2011, 2021}
RETRYABLE_STATUSES = {408, 425, 429}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_REPLY = 64 * 1024 * 1024


def config_problems(url: str, client_id: str, client_secret: str, timeout: float) -> list[str]:
    """What is wrong with a remote signer configuration."""
    problems = []
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme, parts.hostname
        extras = parts.username is not None or bool(parts.query or parts.fragment)
    except ValueError:
        # e.g. an unclosed "[" of an IPv6 address: a check must report it, not crash on it
        scheme, host, extras = "", None, False
    if not url:
        problems.append("SATUPINTU_SIGNER_REMOTE_URL is not set.")
    elif not host or scheme not in {"https", "http"}:
        problems.append(f"SATUPINTU_SIGNER_REMOTE_URL={url!r} is not an https:// URL.")
    elif scheme != "https" and host not in LOOPBACK:
        problems.append("SATUPINTU_SIGNER_REMOTE_URL must be an https:// URL (plain http only "
                        "to a service on this machine).")
    elif extras:
        problems.append("SATUPINTU_SIGNER_REMOTE_URL must be the service's base URL, without "
                        "credentials, query or fragment (credentials go in "
                        "SATUPINTU_SIGNER_REMOTE_CLIENT_ID and …_CLIENT_SECRET).")
    if bool(client_id) != bool(client_secret):
        problems.append("Set both SATUPINTU_SIGNER_REMOTE_CLIENT_ID and "
                        "SATUPINTU_SIGNER_REMOTE_CLIENT_SECRET, or neither.")
    if timeout <= 0:
        problems.append("SATUPINTU_SIGNER_REMOTE_TIMEOUT must be a positive number of seconds.")
    return problems


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would resend the passphrase somewhere else, or drop the body: refuse it.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass(frozen=True)
class RemoteService:
    """Where the service is and how we authenticate to it."""

    url: str
    client_id: str = ""
    client_secret: str = ""
    timeout: float = 30.0

    def __post_init__(self) -> None:
        problems = config_problems(self.url, self.client_id, self.client_secret, self.timeout)
        if problems:
            raise SignerMisconfigured(" ".join(problems))

    @property
    def sign_url(self) -> str:
        return self.url.rstrip("/") + SIGN_PATH


def _page_number(pdf: bytes, field: VisibleBox) -> int:
    if not pdf.startswith(b"%PDF-"):
        raise DocumentNotSignable()
    if field.page > 0:
        return field.page
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        count = int(PdfFileReader(BytesIO(pdf), strict=False).root["/Pages"]["/Count"])
    except Exception as exc:
        # Whatever the parser trips on, the caller hears the same thing.
        raise DocumentNotSignable() from exc
    if -field.page > count:
        raise DocumentNotSignable(f"The document has {count} pages.")
    return count + 1 + field.page


def _service_code(body: bytes) -> int | None:
    try:
        answer = json.loads(body)
    except ValueError:
        return None
    code = answer.get("status_code") if isinstance(answer, dict) else None
    try:
        return int(code) if code is not None else None
    except (TypeError, ValueError):
        return None


def _error_for(status: int, body: bytes) -> SigningError:
    code = _service_code(body)
    if code in WRONG_PASSPHRASE_CODES:
        return WrongPassphrase()
    if code in NOT_REGISTERED_CODES:
        return SignerNotRegistered()
    if status in {401, 403}:
        return SignerMisconfigured(f"The signing service refused our credentials (HTTP {status}).")
    if status >= 500 or status in RETRYABLE_STATUSES:
        return SignerUnavailable(details={"http_status": status, "service_code": code})
    return SigningError(f"The signing service answered HTTP {status}.",
                        details={"http_status": status, "service_code": code})


class RemoteSigner:
    """Signs through the remote service as the signer whose NIK the profile carries."""

    def __init__(self, profile: SignerProfile, service: RemoteService) -> None:
        self.profile = profile
        self.service = service

    def describe(self) -> SignerDescription:
        return self.profile.describe()

    def unlock(self, *, passphrase: str) -> None:
        # The service checks the passphrase only when it signs.
        if not passphrase:
            raise WrongPassphrase()
        if not self.profile.nik:
            raise SignerNotRegistered()

    def _request(self, pdf: bytes, *, passphrase: str, field: VisibleBox, reason: str,
                 location: str) -> urllib.request.Request:
        description = self.describe()
        text = "\n".join(part for part in (STAMP_HEADING, description.name, description.title,
                                           description.organisation) if part)
        body = json.dumps({
            "nik": self.profile.nik,
            "passphrase": passphrase,
            "signatureProperties": [{
                "tampilan": "VISIBLE", "page": _page_number(pdf, field),
                "originX": field.x, "originY": field.y,
                "width": field.width, "height": field.height,
                "location": location, "reason": reason, "text": text,
            }],
            "file": [base64.b64encode(pdf).decode("ascii")],
        }).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json",
                   "User-Agent": "SatuPintu"}
        if self.service.client_id:
            credentials = f"{self.service.client_id}:{self.service.client_secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode("ascii")
        # The scheme was checked when the service was configured (https, or http to here).
        return urllib.request.Request(self.service.sign_url, data=body,  # noqa: S310
                                      method="POST", headers=headers)

    def sign(self, pdf: bytes, *, passphrase: str, field: VisibleBox, reason: str,
             location: str) -> bytes:
        self.unlock(passphrase=passphrase)
        request = self._request(pdf, passphrase=passphrase, field=field, reason=reason,
                                location=location)
        opener = urllib.request.build_opener(_NoRedirects())
        try:
            with opener.open(request, timeout=self.service.timeout) as response:
                reply = response.read(MAX_REPLY + 1)
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read(4096)
            except (OSError, http.client.HTTPException):
                body = b""
            raise _error_for(exc.code, body) from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            # OSError covers time-outs and refused or reset connections; HTTPException an answer
            # cut short (IncompleteRead) or not HTTP at all (BadStatusLine).
            reason_text = str(getattr(exc, "reason", exc))
            raise SignerUnavailable(details={"reason": reason_text}) from exc
        return _signed_pdf(reply)


def _signed_pdf(reply: bytes) -> bytes:
    if len(reply) > MAX_REPLY:
        raise SignerUnavailable(details={"reason": "answer too large"})
    try:
        answer = json.loads(reply)
        signed = base64.b64decode(answer["file"][0], validate=True)
    except (ValueError, KeyError, IndexError, TypeError, binascii.Error) as exc:
        raise SignerUnavailable(details={"reason": "answer without a signed PDF"}) from exc
    if not signed.startswith(b"%PDF-"):
        raise SignerUnavailable(details={"reason": "answer without a signed PDF"})
    return signed
