from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "satupintu.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring dashboard")

    def ready(self) -> None:
        # Register the summary's calendar-change hook and its signal receivers.
        from satupintu.monitoring import signals, summary  # noqa: F401
