"""What the dashboard's charts draw, as JSON for `static/js/dashboard_charts.js` (the same
numbers as the tables next to them, which stay the accessible version)."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from satupintu.monitoring.figures import BACKLOG_BUCKETS, Dashboard
from satupintu.monitoring.labels import FIGURE_LABELS


def chart_data(board: Dashboard) -> dict[str, Any]:
    counts = board.counts
    buckets = [name for name, _low, _high in BACKLOG_BUCKETS]
    return {
        "trend": {
            "labels": [formats.date_format(m.first_day, "M Y") for m in board.trend],
            "series": [
                {"label": _("Received"), "values": [m.received for m in board.trend]},
                {"label": _("Decided"), "values": [m.decided for m in board.trend]},
            ],
            "share": {"label": _("Share on time"),
                      "values": [m.on_time_share for m in board.trend]},
        },
        "backlog": {
            "labels": [str(FIGURE_LABELS[name]) for name in buckets],
            "series": [{"label": _("Files"), "values": [counts[name] for name in buckets]}],
        },
        "sla": {
            "labels": [_("Service target"), _("Legal time limit")],
            "series": [
                {"label": _("On time"), "values": [counts["on_time"], counts["within_legal"]]},
                {"label": _("Late"), "values": [counts["late"], counts["beyond_legal"]]},
            ],
        },
    }
