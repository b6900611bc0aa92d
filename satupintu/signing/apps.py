from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "satupintu.signing"
    label = "signing"
    verbose_name = _("Electronic signatures")

    def ready(self) -> None:
        # The configuration check registers itself on import.
        from satupintu.signing import checks  # noqa: F401
