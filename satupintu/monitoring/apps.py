from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "satupintu.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring dashboard")

    def ready(self) -> None:
        # Registers the summary's calendar-change hook.
        from satupintu.monitoring import summary  # noqa: F401
