from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Sign-in by user name (or e-mail address) and password; lockout is django-axes'."""

    username = forms.CharField(
        label=_("User name"), max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    # Django's own message names the field through a placeholder, which the Indonesian
    # catalogue words so that it reads "nama pengguna nama pengguna".
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or password is not correct. Both are case-sensitive."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        tenant = getattr(self.request, "tenant", None)
        # An account belongs to one regional government; platform superusers have none.
        if user.tenant_id is not None and (tenant is None or user.tenant_id != tenant.pk):
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
