"""The worker's side of account e-mails: send, and retry with back-off when the server fails."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from satupintu.accounts.emails import send_account_email_now
from satupintu.accounts.models import User

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@task()
def send_account_email(kind: str, user_id: int, context: dict[str, object], attempt: int) -> str:
    from satupintu.workflow.tasks import backoff

    user = User.objects.filter(pk=user_id, is_active=True).select_related("tenant").first()
    if user is None or not user.email:
        return "skipped"
    try:
        send_account_email_now(kind, user, context)
    except OSError:
        log.exception("account e-mail %s to user %s failed (attempt %s)", kind, user_id, attempt)
        if attempt >= MAX_ATTEMPTS or not send_account_email.get_backend().supports_defer:
            return "failed"
        send_account_email.using(run_after=timezone.now() + backoff(attempt)).enqueue(
            kind, user_id, context, attempt + 1)
        return "retrying"
    return "sent"
