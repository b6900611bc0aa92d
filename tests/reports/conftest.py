"""Files of the second quarter of 2026 with hand-computed figures (the demo's own files are
all received today, in November 2026, so the quarter holds only these)."""

from __future__ import annotations

import datetime as dt

import pytest

from satupintu.workflow.models import Case
from tests.monitoring.builders import issue, make_file, review

D = dt.date
Q2 = (D(2026, 4, 1), D(2026, 6, 30))


@pytest.fixture
def quarter() -> dict[str, Case]:
    march = make_file(received=D(2026, 3, 16), started=D(2026, 3, 17), decided=D(2026, 3, 31),
                      service_due=D(2026, 3, 31), legal_due=D(2026, 4, 14), state="signing")
    rejected = make_file(received=D(2026, 4, 1), started=D(2026, 4, 1), decided=D(2026, 4, 15),
                         outcome="rejected", service_due=D(2026, 4, 10),
                         legal_due=D(2026, 4, 14), agencies=("PUPR",))
    approved = make_file(received=D(2026, 4, 6), started=D(2026, 4, 7), decided=D(2026, 4, 20),
                         service_due=D(2026, 4, 24), legal_due=D(2026, 4, 30), state="signing")
    review(approved, "DINKES", D(2026, 4, 8), D(2026, 4, 14))
    issue(approved, D(2026, 4, 22))
    still_open = make_file(received=D(2026, 5, 4), started=D(2026, 5, 5),
                           service_due=D(2026, 5, 12), legal_due=D(2026, 5, 19))
    return {"march": march, "rejected": rejected, "approved": approved, "open": still_open}
