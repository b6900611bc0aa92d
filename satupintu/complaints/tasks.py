"""The worker's side of complaints: e-mails to complainants without an account, and the daily
scan for overdue complaints (escalation to the heads of the responsible agency)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from satupintu.complaints.models import Complaint
from satupintu.scheduler.registry import register

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@task()
def send_complaint_email(complaint_id: int, subject: str, body: str, attempt: int) -> str:
    """Send a message rendered when its step happened to the address the complainant gave
    (read now, so the address never sits in the task queue); retried with back-off."""
    from satupintu.workflow.tasks import backoff

    complaint = Complaint.objects.filter(pk=complaint_id).only("contact_email", "number").first()
    if complaint is None or not complaint.contact_email:
        return "skipped"
    digest = hashlib.sha256(f"{subject}\n{body}".encode()).hexdigest()[:20]
    domain = urlsplit(settings.SATUPINTU_PUBLIC_URL).hostname or "satupintu.localhost"
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                           to=[complaint.contact_email],
                           headers={"Auto-Submitted": "auto-generated",
                                    # The same id on every attempt: a copy sent twice
                                    # is dropped by mail systems.
                                    "Message-ID": f"<complaint-{complaint_id}-{digest}@{domain}>"})
    try:
        message.send(fail_silently=False)
    except OSError:
        log.exception("complaint e-mail for %s failed (attempt %s)", complaint.number, attempt)
        if attempt >= MAX_ATTEMPTS or not send_complaint_email.get_backend().supports_defer:
            return "failed"
        send_complaint_email.using(run_after=timezone.now() + backoff(attempt)).enqueue(
            complaint_id, subject, body, attempt + 1)
        return "retrying"
    return "sent"


@task()
def complaint_deadlines() -> dict[str, int]:
    """Escalate overdue complaints of every tenant (see `deadlines.py`)."""
    from satupintu.complaints.deadlines import escalate_all

    return escalate_all()


# Daily is the rule; running every hour finds a new day soon after midnight in every time zone
# (a complaint is escalated once per overdue stage, however often this runs).
register("complaints_deadlines", dt.timedelta(hours=1), complaint_deadlines)
