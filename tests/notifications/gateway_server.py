"""A fake WhatsApp/SMS gateway: a real HTTP server on 127.0.0.1 speaking the gateway protocol
(satupintu/notifications/gateway.py). It verifies each request's signature and timestamp,
records the messages it accepts (once per `message_id`, as a real gateway should), and can be
told to fail."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAX_SKEW = 300


@dataclass
class Received:
    to: str
    text: str
    message_id: str
    headers: dict[str, str]  # names in lower case


@dataclass
class Behaviour:
    """`fail_next` requests answer `fail_status`; then requests are accepted again.
    `fail_always` answers `fail_status` to every request."""

    fail_next: int = 0
    fail_always: bool = False
    fail_status: int = 500


@dataclass
class State:
    key_id: str
    secret: str
    received: list[Received] = field(default_factory=list)
    requests: int = 0
    duplicates: int = 0
    refused_signatures: int = 0
    behaviour: Behaviour = field(default_factory=Behaviour)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _verified(state: State, headers: Any, body: bytes) -> bool:
    if headers.get("X-SatuPintu-Key-Id") != state.key_id:
        return False
    timestamp = headers.get("X-SatuPintu-Timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW:
        return False
    expected = "v1=" + hmac.new(state.secret.encode(), timestamp.encode() + b"." + body,
                                hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers.get("X-SatuPintu-Signature", ""))


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        state = self.server.state
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with state.lock:
            state.requests += 1
            if not _verified(state, self.headers, body):
                state.refused_signatures += 1
                self._answer(401, {"error": "bad signature"})
                return
            behaviour = state.behaviour
            if behaviour.fail_always or behaviour.fail_next > 0:
                behaviour.fail_next = max(behaviour.fail_next - 1, 0)
                self._answer(behaviour.fail_status, {"error": "gateway says no"})
                return
            message = json.loads(body)
            if self.headers.get("Idempotency-Key") != message["message_id"]:
                self._answer(400, {"error": "Idempotency-Key differs from message_id"})
                return
            if any(r.message_id == message["message_id"] for r in state.received):
                state.duplicates += 1
            else:
                state.received.append(Received(
                    to=message["to"], text=message["text"], message_id=message["message_id"],
                    headers={k.lower(): v for k, v in self.headers.items()}))
            self._answer(202, {"id": f"gw-{message['message_id']}"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: State) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class FakeGateway:
    """`start()` serves on a free port of 127.0.0.1 in a thread; `url` is where."""

    def __init__(self, key_id: str, secret: str) -> None:
        self.state = State(key_id=key_id, secret=secret)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/send"

    @property
    def received(self) -> list[Received]:
        return self.state.received

    @property
    def behaviour(self) -> Behaviour:
        return self.state.behaviour

    def start(self) -> None:
        self._server = _Server(self.state)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
