"""The WhatsApp/SMS channel: an HTTP gateway plug-in with signed requests.

Any provider (a WhatsApp Business API bridge, an SMS aggregator, a small relay of one's own)
is reached through one protocol, so none is built in:

    POST <SATUPINTU_SMS_GATEWAY_URL>
    Content-Type: application/json
    X-SatuPintu-Key-Id: <SATUPINTU_SMS_GATEWAY_KEY_ID>
    X-SatuPintu-Timestamp: <Unix time, seconds>
    X-SatuPintu-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
    Idempotency-Key: <message_id>

    {"to": "+6281234567890", "text": "…", "message_id": "…"}

A 2xx answer means accepted (a JSON body may name the gateway's own `id`). The same message is
always sent with the same `message_id`, so a gateway drops a retry of one it already has. The
gateway should refuse a signature that does not verify or a timestamp more than five minutes
off. 4xx answers (other than 408 and 429) are permanent: the message fails at once; anything
else — 5xx, time-outs, refused connections — is retried with back-off by the worker.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SIGNATURE_VERSION = "v1"
MIN_SECRET_LENGTH = 32
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Answers that say "not now" rather than "never".
RETRYABLE_CLIENT_ERRORS = {408, 425, 429}
MAX_REPLY = 64 * 1024


class GatewayError(Exception):
    """The gateway did not accept the message; `permanent` when retrying cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class TextGateway(Protocol):
    """What the WhatsApp/SMS channel needs of a gateway."""

    def send(self, to_e164: str, text: str, *, message_id: str | None = None) -> str:
        """Hand the message over; the id the gateway knows it by. Raises GatewayError."""


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for a request body sent at `timestamp`."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"{SIGNATURE_VERSION}={mac.hexdigest()}"


def config_problems(url: str, key_id: str, secret: str) -> list[str]:
    """What is wrong with a gateway configuration (nothing set = the channel is off)."""
    if not (url or key_id or secret):
        return []
    problems = []
    parts = urlsplit(url)
    if not url:
        problems.append("SATUPINTU_SMS_GATEWAY_URL is not set.")
    elif parts.scheme != "https" and not (parts.scheme == "http"
                                          and parts.hostname in LOOPBACK):
        problems.append("SATUPINTU_SMS_GATEWAY_URL must be an https:// URL (plain http only "
                        "to a gateway on this machine).")
    if not key_id:
        problems.append("SATUPINTU_SMS_GATEWAY_KEY_ID is not set.")
    if len(secret) < MIN_SECRET_LENGTH:
        problems.append(f"SATUPINTU_SMS_GATEWAY_SECRET must be at least {MIN_SECRET_LENGTH} "
                        "characters.")
    return problems


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would turn the POST into a GET without the message; treat it as an error.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass(frozen=True)
class HttpGateway:
    """The gateway at `url`, reached with a signed JSON POST (see the module's docstring)."""

    url: str
    key_id: str
    secret: str
    timeout: float = 10.0

    def __post_init__(self) -> None:
        problems = config_problems(self.url, self.key_id, self.secret)
        if problems:
            raise ImproperlyConfigured(" ".join(problems))

    def request(self, to_e164: str, text: str, message_id: str,
                timestamp: str | None = None) -> urllib.request.Request:
        body = json.dumps({"to": to_e164, "text": text, "message_id": message_id},
                          ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = timestamp or str(int(time.time()))
        return urllib.request.Request(self.url, data=body, method="POST", headers={  # noqa: S310
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "User-Agent": "SatuPintu",
            "X-SatuPintu-Key-Id": self.key_id,
            "X-SatuPintu-Timestamp": timestamp,
            "X-SatuPintu-Signature": signature(self.secret, timestamp, body),
            "Idempotency-Key": message_id,
        })

    def send(self, to_e164: str, text: str, *, message_id: str | None = None) -> str:
        message_id = message_id or uuid.uuid4().hex
        opener = urllib.request.build_opener(_NoRedirects())
        try:
            # The scheme is checked in __post_init__ (https, or http to this machine).
            with opener.open(self.request(to_e164, text, message_id),
                             timeout=self.timeout) as response:
                reply = response.read(MAX_REPLY)
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace").strip()
            permanent = 400 <= exc.code < 500 and exc.code not in RETRYABLE_CLIENT_ERRORS
            raise GatewayError(f"gateway answered HTTP {exc.code}: {detail}",
                               permanent=permanent) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise GatewayError(f"gateway unreachable: {reason}") from exc
        try:
            answer = json.loads(reply or b"{}")
        except ValueError:
            answer = {}
        gateway_id = answer.get("id") if isinstance(answer, dict) else None
        return str(gateway_id or message_id)[:100]


def sms_gateway() -> HttpGateway | None:
    """The configured gateway, or None when the channel is off (no URL, key or secret set)."""
    url = settings.SATUPINTU_SMS_GATEWAY_URL
    key_id = settings.SATUPINTU_SMS_GATEWAY_KEY_ID
    secret = settings.SATUPINTU_SMS_GATEWAY_SECRET
    if not (url or key_id or secret):
        return None
    return HttpGateway(url=url, key_id=key_id, secret=secret,
                       timeout=float(settings.SATUPINTU_SMS_GATEWAY_TIMEOUT))


def gateway_enabled() -> bool:
    return bool(settings.SATUPINTU_SMS_GATEWAY_URL)
