from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulerConfig(AppConfig):
    name = "satupintu.scheduler"
    label = "scheduler"
    verbose_name = _("Periodic jobs")
