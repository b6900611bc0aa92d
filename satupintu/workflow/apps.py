from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "satupintu.workflow"
    label = "workflow"
    verbose_name = _("Workflow")

    def ready(self) -> None:
        # The engine's own guards and effects register themselves on import.
        from satupintu.workflow import calendar_sync, checks, effects  # noqa: F401
