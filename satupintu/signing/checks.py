"""`manage.py check` (run by `migrate`, so by `make run`) refuses a signer set up wrongly."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from satupintu.signing.config import config_problems

HINT = "The settings are described in satupintu/signing/config.py and ADR 0011."


@register()
def signer_configured(app_configs: Any, **kwargs: Any) -> list[Error]:
    return [Error(problem, hint=HINT, id="signing.E001") for problem in config_problems()]
