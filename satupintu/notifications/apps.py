from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "satupintu.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The `notify_applicant` and `notify_officers` workflow effects register themselves on
        # import; so does the gateway's configuration check.
        from satupintu.notifications import checks, effects  # noqa: F401
