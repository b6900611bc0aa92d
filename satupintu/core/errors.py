"""Domain errors with stable machine codes and translated messages.

Services raise these; views and the API turn them into responses (400/403/404/409/422) in one
place each, so the same failure reads the same everywhere.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of every error a service may raise on purpose."""

    code = "error"
    http_status = 400
    default_message: str | Promise = _("The request could not be processed.")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        details: Any = None,
        code: str | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        self.details = details
        if code is not None:
            self.code = code
        super().__init__(str(self.message))


class NotFound(DomainError):
    """Missing, or not visible to the acting user: the two must be indistinguishable."""

    code = "not_found"
    http_status = 404
    default_message = _("Not found.")


class PermissionDenied(DomainError):
    code = "forbidden"
    http_status = 403
    default_message = _("You are not allowed to do this.")


class Conflict(DomainError):
    """A stale version or a state that has moved on."""

    code = "conflict"
    http_status = 409
    default_message = _("This record has changed in the meantime. Reload and try again.")


class ValidationFailed(DomainError):
    """Input that breaks a rule; `details` lists each problem."""

    code = "invalid"
    http_status = 422
    default_message = _("The input is not valid.")


class Throttled(DomainError):
    """Too many requests of one kind in a short time; `retry_after` seconds to wait."""

    code = "throttled"
    http_status = 429
    default_message = _("Too many requests; wait a moment and try again.")

    def __init__(self, message: str | Promise | None = None, *, retry_after: int = 60) -> None:
        super().__init__(message, details={"retry_after": retry_after})
        self.retry_after = retry_after
