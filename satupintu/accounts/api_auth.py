"""`TokenAuth`: the API's authentication, a bearer token from `POST /api/v1/auth/token`.

Use it on any operation (`auth=TokenAuth()`): anonymous calls, unknown, expired or revoked
tokens, and tokens of another region answer 401 in the API's error format. On success
`request.auth` is the `ApiToken` and `request.user` its user; an officer's user is verified
(`request.user.is_verified()`), since their tokens are only issued after the second factor.
"""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.middleware import is_verified
from django_otp.models import Device
from ninja.security import HttpBearer

from satupintu.accounts.models import ApiToken, UserKind
from satupintu.accounts.tokens import api_token_authenticate
from satupintu.core.errors import PermissionDenied


class TokenAuth(HttpBearer):
    """Bearer token authentication for the applicant and officer API.

    `TokenAuth(kind=UserKind.APPLICANT)` admits only that kind of account: a valid token of
    another kind answers 403 before the operation reads any input.
    """

    openapi_description = "A token from POST /api/v1/auth/token, sent as `Authorization: Bearer …`."

    def __init__(self, *, kind: UserKind | None = None) -> None:
        super().__init__()
        self.kind = kind

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = self._authenticate(request, token)
        if found is not None and self.kind is not None and found.user.kind != self.kind:
            raise PermissionDenied(_("This part of the API is not for your kind of account."),
                                   code="wrong_account_kind")
        return found

    def _authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_authenticate(token)
        tenant = getattr(request, "tenant", None)
        if found is None or tenant is None or found.tenant_id != tenant.pk:
            return None
        user: Any = found.user
        device = None
        if user.kind == UserKind.OFFICER:
            device = Device.from_persistent_id(found.otp_device) if found.otp_device else None
            if device is None or device.user_id != user.pk or not device.confirmed:
                return None  # the factor was reset since: sign in again
        user.otp_device = device
        user.is_verified = functools.partial(is_verified, user)
        request.user = user
        return found
