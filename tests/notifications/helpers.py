"""Applications at the front office, a real SMTP server on loopback, and the worker."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from satupintu.accounts.models import User
from satupintu.applications.models import Application
from satupintu.applications.services import (
    application_save_answers,
    application_start,
    application_submit,
    document_attach,
)
from tests.workflow.helpers import llg, user

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def draft(applicant: User | None = None) -> Application:
    """A complete pharmacy licence (SIA) draft, filed at the counter by the front-office clerk
    for the applicant (assisted filing): answers given, KTP and STRA attached."""
    applicant = applicant or user("pemohon")
    clerk = user("petugas.fo")
    application = application_start(tenant=llg(), applicant=applicant, actor=clerk,
                                    service_code="SIA", variant_kind="new", consent=True)
    application = application_save_answers(
        application=application, actor=clerk,
        answers={"NAMA_APOTEK": "Apotek Sehat & Jaya", "SEWA_MILIK_SENDIRI": "milik sendiri"})
    for code in ("KTP", "STRA"):
        document_attach(application=application, actor=clerk, requirement_code=code,
                        file=SimpleUploadedFile(f"{code}.pdf", PDF, "application/pdf"))
    return application


def submit(application: Application) -> Application:
    """Submit at the counter: tracking number, PIN, workflow file and the receipt's message."""
    return application_submit(application=application, actor=user("petugas.fo"))


def submitted(applicant: User | None = None) -> Application:
    return submit(draft(applicant))


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


# --- a real SMTP server on loopback -----------------------------------------------------------
@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content()).replace("\r\n", "\n")


@dataclass
class Mailbox:
    """What the server received; `refuse` makes it turn every recipient away (550)."""

    received: list[Received] = field(default_factory=list)
    refuse: bool = False

    # aiosmtpd calls its hooks by these names.
    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class SmtpServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller: Controller | None = None

    @property
    def received(self) -> list[Received]:
        return self.mailbox.received

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
