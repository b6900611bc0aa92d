from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    """Installed for its admin page and its `open311_key` command; the models are complaints'."""

    name = "satupintu.open311"
    label = "open311"
    verbose_name = _("Open311 API")
