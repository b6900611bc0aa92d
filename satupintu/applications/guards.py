"""The `requirements_complete` guard: a file is registered only with every mandatory,
applicable requirement satisfied (the completeness check of the front office)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from satupintu.workflow.models import Case
from satupintu.workflow.registry import GuardFailed, guard


@guard("requirements_complete")
def requirements_complete(case: Case, inputs: dict[str, Any]) -> None:
    from satupintu.applications import requirements as reqs
    from satupintu.applications.models import Application

    application = Application.objects.filter(case=case).select_related("variant").first()
    if application is None:
        # Files that are not applications (complaints, …) have no published requirements.
        return
    gaps = reqs.missing(application)
    if gaps:
        raise GuardFailed(
            _("The file is incomplete: %(names)s. Return it for completion instead.")
            % {"names": "; ".join(r.name for r in gaps)},
            details={r.code: "missing" for r in gaps})
