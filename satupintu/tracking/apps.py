from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "satupintu.tracking"
    label = "tracking"
    verbose_name = _("Tracking")

    def ready(self) -> None:
        # A mistyped rate should stop the server at start, not the first lookup.
        from django.conf import settings

        from satupintu.tracking.throttle import parse_rate

        parse_rate(settings.SATUPINTU_TRACKING_RATE)
