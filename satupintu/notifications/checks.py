"""`manage.py check` (run by `migrate`, so by `make run`) refuses a half-configured gateway."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from satupintu.notifications.gateway import config_problems


@register()
def sms_gateway_configured(app_configs: Any, **kwargs: Any) -> list[Error]:
    problems = config_problems(settings.SATUPINTU_SMS_GATEWAY_URL,
                               settings.SATUPINTU_SMS_GATEWAY_KEY_ID,
                               settings.SATUPINTU_SMS_GATEWAY_SECRET)
    return [Error(problem, hint="Set all three, or none to turn the WhatsApp/SMS channel off.",
                  id="notifications.E001") for problem in problems]
