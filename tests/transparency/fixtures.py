"""Files, permits and complaints with known dates for the scoreboard (calendar: Kota
Lubuklinggau 2026 — 18–24 March days off, 3 April Good Friday)."""

from __future__ import annotations

import datetime as dt

from satupintu.applications.models import Application
from satupintu.complaints.models import ComplaintStatus
from satupintu.issuance.models import Permit
from satupintu.tenants.models import Kelurahan
from satupintu.workflow.models import Case
from tests.complaints.test_figures import make_complaint
from tests.monitoring.builders import at, issue, llg, make_file

D = dt.date
START, END = D(2026, 1, 1), D(2026, 6, 30)
BUSINESS = "=HYPERLINK(\"http://x\")PT Maju"
PERSON = "Siti Aminah"  # the builders' holder name: a person, never shown


def first_half() -> dict[str, Case]:
    """Five files of the service SIPDG in the first half of 2026 (as the dashboard's tests):
    f1 DINKES, complete 17 Mar → approved 31 Mar: 5 working days, on time, 0 rounds, permit
    issued 2 Apr; f2 DINKES, complete 1 Apr → rejected 15 Apr: 9 days, late, 1 round; f3
    PUPR, complete 3 Feb → approved 10 Feb: 5 days, on time, 2 rounds, permit issued 11 Feb
    to a business; f4 DINKES withdrawn 5 Mar; f5 DINKES received 30 Jun 23:30 WIB, open."""
    files = {
        "f1": make_file(received=D(2026, 3, 16), started=D(2026, 3, 17),
                        decided=D(2026, 3, 31), service_due=D(2026, 3, 31),
                        legal_due=D(2026, 4, 14), state="signing"),
        "f2": make_file(received=D(2026, 4, 1), started=D(2026, 4, 1), decided=D(2026, 4, 15),
                        outcome="rejected", service_due=D(2026, 4, 10),
                        legal_due=D(2026, 4, 14), rounds=1,
                        pauses=[(D(2026, 4, 6), D(2026, 4, 9))]),
        "f3": make_file(received=D(2026, 2, 2), started=D(2026, 2, 3), decided=D(2026, 2, 10),
                        service_due=D(2026, 2, 10), legal_due=D(2026, 2, 17), rounds=2,
                        agencies=("PUPR",), state="issued"),
        "f4": make_file(received=D(2026, 3, 2), started=D(2026, 3, 2), decided=D(2026, 3, 5),
                        outcome="withdrawn"),
        "f5": make_file(received=at(D(2026, 6, 30), 23, 30)),
    }
    kelurahan = Kelurahan.objects.filter(tenant=llg()).order_by("pk").first()
    Application.objects.filter(case=files["f1"]).update(kelurahan=kelurahan)
    issue(files["f1"], D(2026, 4, 2))
    business = issue(files["f3"], D(2026, 2, 11))
    Permit.objects.filter(pk=business.pk).update(holder_name=BUSINESS, holder_is_person=False)
    # Complaints to PUPR: one received 16 Mar and resolved 27 Mar, one received 31 Mar, open.
    make_complaint(agency_code="PUPR", submitted=at(D(2026, 3, 16)), answer_due=D(2026, 3, 17),
                   answered=at(D(2026, 3, 25)), closed=at(D(2026, 3, 27)),
                   status=ComplaintStatus.RESOLVED)
    make_complaint(agency_code="PUPR", submitted=at(D(2026, 3, 31)), answer_due=D(2026, 4, 2))
    return files
