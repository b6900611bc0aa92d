"""What people read for each figure and for who holds a file."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from satupintu.accounts.models import Role

FIGURE_LABELS: dict[str, Promise] = {
    "received": _("Received"),
    "complete": _("Declared complete (clock started)"),
    "in_process": _("In process at the end of the period"),
    "decided": _("Decided"),
    "approved": _("Approved"),
    "rejected": _("Rejected"),
    "withdrawn": _("Withdrawn by the applicant"),
    "issued": _("Permits issued"),
    "on_time": _("Decided within the service target"),
    "late": _("Decided after the service target"),
    "within_legal": _("Decided within the legal time limit"),
    "beyond_legal": _("Decided after the legal time limit"),
    "fiktif_positif": _("Deemed approved (fiktif positif)"),
    "backlog_0_5": _("Open 0–5 working days"),
    "backlog_6_10": _("Open 6–10 working days"),
    "backlog_11_20": _("Open 11–20 working days"),
    "backlog_over_20": _("Open more than 20 working days"),
    "open": _("Open files today"),
    "overdue": _("Open files past the service target"),
    "overdue_legal": _("Open files past the legal time limit"),
}

APPLICANT_ROLE = "applicant"


def role_label(code: str) -> str:
    """A holder role for people: an officer's role, the applicant, or a dash."""
    if code == APPLICANT_ROLE:
        return str(_("Applicant"))
    if code in Role.values:
        return str(Role(code).label)
    return code or "—"
