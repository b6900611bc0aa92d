from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "satupintu.applications"
    label = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        # Registers the `requirements_complete` guard with the workflow engine.
        from satupintu.applications import guards  # noqa: F401
