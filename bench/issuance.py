"""Issuance benchmark: permits rendered + signed + registered per second vs. WeasyPrint alone.

Each measured permit goes the whole way of `issuance.services.permit_sign`: lock the file,
take the number, render the document (WeasyPrint, QR code), sign it with the development
signer (PAdES, RSA 2048/SHA-256, RFC 3161 timestamp from the local TSA; the key stays in
memory between signatures), store the PDF, hash it, write the register row, move the workflow
and append the audit records. The reference, in the same run, is WeasyPrint rendering the same
permit HTML to PDF and nothing else. Rounds alternate; the median ratio and its range are
reported, as well as the signature alone (pyHanko on an already rendered PDF).

    .venv/bin/python -m bench.issuance [--permits N] [--rounds R]

It uses its own data directory (var/bench/: database, development PKI, stored PDFs) unless
DATABASE_URL points at PostgreSQL (the PKI and files still go to var/bench/).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.config.settings")
os.environ.setdefault("SATUPINTU_DATA_DIR", str(ROOT / "var" / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--permits", type=int, default=20, help="permits per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection

    from satupintu.accounts.models import User
    from satupintu.applications import requirements as reqs
    from satupintu.applications import services as applications
    from satupintu.applications.models import Application
    from satupintu.calendars.selectors import local_date
    from satupintu.demo.loader import load_demo
    from satupintu.demo.lubuklinggau import DEMO_PASSWORD
    from satupintu.issuance.document import (
        Stamp,
        permit_context,
        render_html,
        signatory_for,
        template_html_for,
    )
    from satupintu.issuance.services import permit_sign, signer_profile
    from satupintu.signing.config import signer_for
    from satupintu.tenants.models import Agency, Tenant
    from satupintu.tenants.selectors import one_stop_agency
    from satupintu.tracking.samples import sample_answers, sample_pdf
    from satupintu.workflow.engine import case_perform
    from satupintu.workflow.models import Case

    # The applicant's upload throttle guards the web, not this set-up of many files at once.
    applications.UPLOADS_PER_MINUTE = 10**9
    call_command("migrate", verbosity=0)
    load_demo(office=False)
    tenant = Tenant.objects.get(code="llg")
    people = {u.username: u for u in User.objects.filter(tenant=tenant)}
    applicant, kadis = people["pemohon"], people["kadis"]
    office = one_stop_agency(tenant=tenant)
    signatory = signatory_for(kadis, office)
    signer = signer_for(signer_profile(kadis, signatory, tenant))
    # The demo signing passphrase is the demo password (README); the first unlock enrols it.
    signer.unlock(passphrase=DEMO_PASSWORD)

    def act(case_id: int, username: str, action: str, agency: str | None = None,
            **inputs: object) -> None:
        case = Case.objects.get(pk=case_id)
        case_perform(tenant=tenant, case_id=case_id, actor=people[username], action=action,
                     expected_version=case.version, inputs=inputs,
                     agency=Agency.objects.get(tenant=tenant, code=agency) if agency else None)

    def awaiting(n: int) -> list[Case]:
        cases = []
        for _ in range(n):
            application = applications.application_start(
                tenant=tenant, applicant=applicant, actor=applicant, service_code="SIA",
                variant_kind="new")
            applications.application_save_answers(
                application=application, actor=applicant,
                answers=sample_answers(reqs.variant_requirements(application.variant)))
            for requirement in reqs.missing(Application.objects.get(pk=application.pk)):
                applications.document_attach(
                    application=application, actor=applicant,
                    requirement_code=requirement.code,
                    file=SimpleUploadedFile(f"{requirement.code}.pdf",
                                            sample_pdf(requirement.code),
                                            content_type="application/pdf"))
            application = applications.application_submit(application=application,
                                                          actor=applicant)
            assert application.case is not None
            case_id = application.case.pk
            act(case_id, "petugas.fo", "register")
            act(case_id, "verifikator", "forward_to_review")
            act(case_id, "teknis.dinkes", "recommend", agency="DINKES",
                recommendation="approve_with_conditions",
                conditions="Apoteker penanggung jawab hadir selama jam buka")
            act(case_id, "verifikator", "submit_for_approval")
            act(case_id, "kabid", "approve")
            cases.append(Case.objects.select_related("tenant").get(pk=case_id))
        return cases

    def issue_round(cases: list[Case]) -> float:
        began = time.perf_counter()
        for case in cases:
            permit_sign(case=case, actor=kadis, passphrase=DEMO_PASSWORD,
                        expected_version=case.version)
        return len(cases) / (time.perf_counter() - began)

    # The reference renders exactly the HTML a permit of these files gets.
    sample = awaiting(1)[0]
    application = Application.objects.select_related(
        "tenant", "service", "variant__standard", "applicant", "kelurahan__kecamatan",
        "case").get(case=sample)
    today = local_date(tenant)
    html = render_html(
        template_html_for(tenant=tenant, service_id=application.service_id),
        permit_context(application=application, signatory=signatory, today=today,
                       stamp=Stamp(number="503/0001/SIA/DPMPTSP/2026", issued_on=today,
                                   token="A" * 22)))

    def render_round(n: int) -> float:
        from weasyprint import HTML

        began = time.perf_counter()
        for _ in range(n):
            HTML(string=html, base_url=str(ROOT)).write_pdf()
        return n / (time.perf_counter() - began)

    from satupintu.issuance.document import render_pdf

    rendered = render_pdf(html, {})  # the layout's signature box, as permit_sign finds it

    def sign_round(n: int) -> float:
        began = time.perf_counter()
        for _ in range(n):
            signer.sign(rendered.pdf, passphrase=DEMO_PASSWORD, field=rendered.box,
                        reason="Penerbitan izin", location="Lubuklinggau")
        return n / (time.perf_counter() - began)

    render_round(2)  # fonts and caches, for both sides
    issue_rates: list[float] = []
    render_rates: list[float] = []
    sign_rates: list[float] = []
    for _ in range(args.rounds):
        cases = awaiting(args.permits)
        issue_rates.append(issue_round(cases))
        render_rates.append(render_round(args.permits))
        sign_rates.append(sign_round(args.permits))
    ratios = [i / r for i, r in zip(issue_rates, render_rates, strict=True)]
    print(json.dumps({
        "database": connection.vendor,
        "rounds": args.rounds,
        "permits_per_round": args.permits,
        "issued_per_s_median": round(statistics.median(issue_rates), 2),
        "weasyprint_render_per_s_median": round(statistics.median(render_rates), 2),
        "sign_only_per_s_median": round(statistics.median(sign_rates), 2),
        "issued_vs_render_ratio_median": round(statistics.median(ratios), 3),
        "issued_vs_render_ratio_range": [round(min(ratios), 3), round(max(ratios), 3)],
        "pdf_bytes": len(rendered.pdf),
    }, indent=2))


if __name__ == "__main__":
    main()
