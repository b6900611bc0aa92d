"""The permit document: what it says (plain data), its HTML template, and the PDF.

Administrators edit permit templates in the admin (`PermitTemplate`), so the HTML is
untrusted text rendered by Django's template language in a sandbox:
- its own `Engine` with no loaders (no `{% include %}`/`{% extends %}` of files), no
  `{% load %}` and no `{% debug %}` (which would dump the context and loaded modules);
- a context of plain values only (str, int, dates, lists and dicts of them), built here from
  the models: no model instance, manager or method reaches the template, so nothing in it can
  query or write the database, whatever attribute it names.

The same sandbox renders the default template (templates/issuance/permit_default.html), so
what an administrator copies from it behaves the same.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template import Context, Engine, Library, TemplateSyntaxError
from django.utils import translation

from satupintu.signing.base import VisibleBox

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.applications.models import Application
    from satupintu.tenants.models import Agency, Tenant

DEFAULT_TEMPLATE = Path(settings.BASE_DIR) / "templates" / "issuance" / "permit_default.html"
# The element the visible signature goes over; templates leave an empty box with this id.
SIGNATURE_BOX_ID = "kotak-ttd"
# When a template has no such box: bottom right of the last page (A4 is 595 × 842 points).
FALLBACK_BOX = VisibleBox(page=-1, x=315, y=40, width=230, height=85)
QR_MIN_MM = 25
PREVIEW_NUMBER = "(nomor diberikan saat ditandatangani)"
_WATERMARK = ('<div style="position:fixed;top:38%;left:0;right:0;text-align:center;'
              'font:bold 110pt sans-serif;color:rgba(200,0,0,.13);transform:rotate(-30deg);'
              'z-index:-1">KONSEP</div>')


# --- the sandbox ------------------------------------------------------------------------------
@cache
def sandbox() -> Engine:
    """A template engine for administrators' HTML: built-in tags and filters and i18n, no file
    access, no `load`, no `debug`."""
    from django.template import defaultfilters, defaulttags
    from django.templatetags import i18n

    engine = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, builtins=[],
                    autoescape=True, string_if_invalid="", debug=False)
    tags = Library()
    tags.tags = {name: tag for name, tag in defaulttags.register.tags.items()
                 # url: a wrong name fails at render time and reveals the site's routes;
                 # lorem: a few characters of template could ask for gigabytes of text.
                 if name not in {"load", "debug", "url", "lorem"}}
    tags.tags.update(i18n.register.tags)
    tags.tags["load"] = _load_i18n_only
    tags.filters = {**defaultfilters.register.filters, **i18n.register.filters}
    engine.template_builtins = [tags]
    return engine


def _load_i18n_only(parser: Any, token: Any) -> Any:
    """`{% load i18n %}` is accepted (copied templates start with it; i18n is built in here);
    any other library is refused, so no tag outside the sandbox's list can be reached."""
    from django.template.base import Node

    names = token.split_contents()[1:]
    if any(name != "i18n" for name in names):
        raise TemplateSyntaxError("Only {% load i18n %} is allowed in permit templates.")

    class _Nothing(Node):
        def render(self, context: Any) -> str:
            return ""

    return _Nothing()


class PermitTemplateError(ValueError):
    """The administrator's HTML is not a template the sandbox can compile."""


def compile_template(html: str) -> Any:
    try:
        return sandbox().from_string(html)
    except TemplateSyntaxError as exc:
        raise PermitTemplateError(str(exc)) from exc


def default_template_html() -> str:
    return DEFAULT_TEMPLATE.read_text(encoding="utf-8")


def template_html_for(*, tenant: Tenant, service_id: int) -> str:
    """The service's template, else the tenant's default row, else the file shipped with us."""
    from satupintu.issuance.models import PermitTemplate

    rows = {row.service_id: row.html for row in PermitTemplate.objects.filter(
        tenant=tenant, service_id__in=[service_id]) | PermitTemplate.objects.filter(
        tenant=tenant, service__isnull=True)}
    return rows.get(service_id) or rows.get(None) or default_template_html()


# --- what the permit says -----------------------------------------------------------------------
@dataclass(frozen=True)
class Signatory:
    user_id: int
    name: str
    position: str  # "Kepala DPMPTSP Kota …"
    prefix: str = ""  # "Plh." / "Plt." when a stand-in signs
    on_behalf_of_id: int | None = None

    @property
    def printed_position(self) -> str:
        return f"{self.prefix} {self.position}".strip()


@dataclass(frozen=True)
class Stamp:
    """What only signing gives a permit: its number, date and verification token."""

    number: str
    issued_on: dt.date
    token: str
    # A correction keeps the corrected permit's validity period (it fixes the text, not the
    # term): `keep_validity` prints these instead of computing them from the issue date.
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    keep_validity: bool = False


def signatory_for(user: User, office: Agency) -> Signatory:
    """The signer as printed: their position in the office, or, as Plh/Plt, the position of
    the official they stand in for, prefixed."""
    from satupintu.accounts.models import Membership, Role
    from satupintu.accounts.selectors import active_delegations

    head = f"Kepala {office.short_name or office.name}"
    own = (Membership.objects.filter(user=user, agency=office, role=Role.SIGNER, is_active=True)
           .first())
    if own is not None:
        return Signatory(user_id=user.pk, name=user.get_full_name(),
                         position=own.position or head)
    delegation = (active_delegations(user, office.tenant).filter(agency=office, role=Role.SIGNER)
                  .select_related("principal").first())
    if delegation is not None:
        principal = (Membership.objects.filter(user=delegation.principal, agency=office,
                                               role=Role.SIGNER).first())
        return Signatory(user_id=user.pk, name=user.get_full_name(),
                         position=(principal.position if principal else "") or head,
                         prefix="Plt." if delegation.kind == "plt" else "Plh.",
                         on_behalf_of_id=delegation.principal_id)
    return Signatory(user_id=user.pk, name=user.get_full_name(), position=head)


def valid_until(valid_from: dt.date, months: int | None) -> dt.date | None:
    """The last day of validity: `months` after the issue date, less a day (a permit issued on
    1 March for 12 months is valid until 28/29 February); None when it does not expire."""
    if not months:
        return None
    import calendar

    index = valid_from.month - 1 + months
    year, month = valid_from.year + index // 12, index % 12 + 1
    day = min(valid_from.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day) - dt.timedelta(days=1)


def qr_data_uri(url: str) -> str:
    import segno

    # Error correction M survives a fold or a stain; the printed size is set by the template.
    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2))


def verification_url(token: str) -> str:
    return f"{settings.SATUPINTU_PUBLIC_URL.rstrip('/')}/verifikasi/{token}"


def _place(tenant: Tenant) -> str:
    for prefix in ("Kota ", "Kabupaten "):
        if tenant.name.startswith(prefix):
            return tenant.name.removeprefix(prefix).strip()
    return tenant.name


def _holder(application: Application) -> dict[str, Any]:
    from satupintu.accounts.models import ApplicantProfile

    profile = (ApplicantProfile.objects.select_related("kelurahan__kecamatan")
               .filter(user_id=application.applicant_id).first())
    person = application.applicant.get_full_name()
    if profile is None:
        return {"name": person, "is_person": True, "person_name": person, "nik": "",
                "nib": "", "company_name": "", "legal_form": "", "address": "",
                "kelurahan": "", "kecamatan": ""}
    company = (f"{profile.get_legal_form_display()} {profile.company_name}".strip()
               if profile.company_name else "")
    # The holder's own permit: their NIK/NIB are printed in full (they identify the holder to
    # a bank or an inspector); the public verification page masks an individual's name.
    return {"name": company or person, "is_person": not company, "person_name": person,
            "nik": profile.nik, "nib": profile.nib, "company_name": company,
            "legal_form": profile.get_legal_form_display() if profile.company_name else "",
            "address": profile.address,
            "kelurahan": profile.kelurahan.name if profile.kelurahan else "",
            "kecamatan": profile.kelurahan.kecamatan.name if profile.kelurahan else ""}


def _answers(application: Application) -> list[dict[str, str]]:
    """The applicant's data answers, labelled, in the standard's order: what the permit is for
    (the pharmacy's name, the building's use). Documents are not printed."""
    from satupintu.applications import requirements as reqs
    from satupintu.catalog.models import RequirementKind

    answers = application.answers or {}
    rows = []
    for requirement in reqs.applicable(reqs.variant_requirements(application.variant), answers):
        if requirement.kind == RequirementKind.DOCUMENT:
            continue
        value = answers.get(requirement.code)
        if value in (None, "", [], {}):
            continue
        if isinstance(value, bool):
            value = "Ya" if value else "Tidak"
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        rows.append({"label": requirement.name, "value": str(value)})
    return rows


def permit_context(*, application: Application, signatory: Signatory, stamp: Stamp | None,
                   today: dt.date) -> dict[str, Any]:
    """Everything the template may show, as plain values (the sandbox's only input).

    `stamp` is None for the unnumbered draft ("KONSEP") shown to the signer before signing.
    """
    from satupintu.tenants.selectors import one_stop_agency
    from satupintu.workflow.selectors import decision_conditions

    tenant = application.tenant
    office = one_stop_agency(tenant=tenant)
    variant = application.variant
    service = application.service
    issued_on = stamp.issued_on if stamp else today
    start, until = issued_on, valid_until(issued_on, variant.validity_months)
    if stamp is not None and stamp.keep_validity:
        start, until = stamp.valid_from or issued_on, stamp.valid_until
    token = stamp.token if stamp else ""
    url = verification_url(token or "KONSEP")
    kelurahan = application.kelurahan
    conditions = (decision_conditions(application.case) if application.case else [])
    office_name = office.name
    office_short = office.short_name or office.name
    return {
        "preview": stamp is None,
        "tenant": {"name": tenant.name, "name_upper": tenant.name.upper(),
                   "address": tenant.address, "phone": tenant.phone, "email": tenant.email,
                   "province": tenant.province, "place": _place(tenant)},
        "office": {"name": office_name, "name_upper": office_name.upper(),
                   "short_name": office_short, "code": office.code},
        "decree": {
            "title": f"KEPUTUSAN KEPALA {office_short.upper()} {tenant.name.upper()}",
            "about": f"TENTANG {variant.output.upper()}",
            "basis": [line.strip() for line in variant.legal_basis.splitlines()
                      if line.strip()],
            "standard": variant.standard.decree,
        },
        "permit": {
            "title": variant.output, "title_en": variant.output_en,
            "number": stamp.number if stamp else PREVIEW_NUMBER,
            "issued_on": issued_on, "valid_from": start, "valid_until": until,
            "validity_months": variant.validity_months, "token": token or "KONSEP",
            "verify_url": url, "qr": qr_data_uri(url), "qr_mm": max(QR_MIN_MM, 30),
        },
        "holder": _holder(application),
        "activity": {
            "service": service.name, "service_code": service.code,
            "variant": variant.get_kind_display(),
            "location": application.location_detail,
            "kelurahan": kelurahan.name if kelurahan else "",
            "kecamatan": kelurahan.kecamatan.name if kelurahan else "",
            "answers": _answers(application),
        },
        "conditions": [{"agency": c.agency.name, "text": c.text} for c in conditions],
        "application": {"tracking_number": application.tracking_number or "",
                        "submitted_on": application.submitted_at.date()
                        if application.submitted_at else None},
        "signer": {"name": signatory.name, "position": signatory.position,
                   "prefix": signatory.prefix, "printed_position": signatory.printed_position,
                   "box_id": SIGNATURE_BOX_ID},
    }


# --- rendering ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    box: VisibleBox
    html: str
    context: dict[str, Any]

    @property
    def place(self) -> str:
        """Where it is signed (the signature's location): the tenant's city."""
        return str(self.context["tenant"]["place"])


def render_html(template_html: str, context: dict[str, Any]) -> str:
    """The HTML of the document; official documents are Indonesian whatever the reader's
    language."""
    template = compile_template(template_html)
    with translation.override("id"):
        try:
            html = str(template.render(Context(context, autoescape=True)))
        except Exception as exc:  # administrators' text: any failure is a template error
            raise PermitTemplateError(str(exc)) from exc
    if context.get("preview"):
        html = re.sub(r"(?i)</body>", _WATERMARK + "</body>", html, count=1) \
            if re.search(r"(?i)</body>", html) else html + _WATERMARK
    return html


def render_pdf(html: str, context: dict[str, Any]) -> Rendered:
    """The PDF and where its signature box ended up (WeasyPrint's layout tells us, so the
    visible signature lands exactly in the space the template left for it)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only `data:` URLs (our QR code): an administrator's template must not make the server
    # fetch internal addresses, nor embed local files (`file:///…` images, style sheets or PDF
    # attachments) into a document that is handed out.
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).render()
    box = _signature_box(document) or FALLBACK_BOX
    return Rendered(pdf=bytes(document.write_pdf()), box=box, html=html, context=context)


def _signature_box(document: Any) -> VisibleBox | None:
    px_to_pt = 0.75  # CSS px are 1/96 inch, PDF points 1/72
    for index, page in enumerate(document.pages):
        found = _find(page._page_box)
        if found is None:
            continue
        height_pt = page.height * px_to_pt
        x = found.position_x * px_to_pt
        width = found.width * px_to_pt if found.width else 0
        height = found.height * px_to_pt if found.height else 0
        if width < 60 or height < 30:
            return None  # too small to hold a readable block: use the fixed spot
        y = height_pt - (found.position_y * px_to_pt) - height
        return VisibleBox(page=index + 1, x=max(0.0, x), y=max(0.0, y), width=width,
                          height=height)
    return None


def _find(box: Any) -> Any:
    element = getattr(box, "element", None)
    if element is not None and element.get("id") == SIGNATURE_BOX_ID \
            and getattr(box, "element_tag", "") == "div":
        return box
    for child in getattr(box, "children", []) or []:
        found = _find(child)
        if found is not None:
            return found
    return None


def render_permit(*, application: Application, signatory: Signatory, stamp: Stamp | None,
                  today: dt.date, template_html: str | None = None) -> Rendered:
    html = template_html if template_html is not None else template_html_for(
        tenant=application.tenant, service_id=application.service_id)
    context = permit_context(application=application, signatory=signatory, stamp=stamp,
                             today=today)
    return render_pdf(render_html(html, context), context)


def sample_context() -> dict[str, Any]:
    """Made-up data for the admin's preview of a template (no applicant's data is shown)."""
    today = dt.date(2026, 11, 28)
    url = verification_url("CONTOH-kode-verifikasi")
    return {
        "preview": True,
        "tenant": {"name": "Kota Contoh", "name_upper": "KOTA CONTOH",
                   "address": "Jl. Contoh No. 1", "phone": "(0733) 000000",
                   "email": "dpmptsp@contoh.go.id", "province": "Sumatera Selatan",
                   "place": "Contoh"},
        "office": {"name": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
                   "name_upper": "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU",
                   "short_name": "DPMPTSP", "code": "DPMPTSP"},
        "decree": {"title": "KEPUTUSAN KEPALA DPMPTSP KOTA CONTOH",
                   "about": "TENTANG SURAT IZIN APOTEK",
                   "basis": ["Peraturan Menteri Kesehatan Nomor 9 Tahun 2017 tentang Apotek"],
                   "standard": "Keputusan Kepala DPMPTSP tentang Standar Pelayanan"},
        "permit": {"title": "Surat Izin Apotek", "title_en": "Pharmacy licence",
                   "number": "503/0001/SIA/DPMPTSP/2026", "issued_on": today,
                   "valid_from": today, "valid_until": valid_until(today, 60),
                   "validity_months": 60, "token": "CONTOH-kode-verifikasi",
                   "verify_url": url, "qr": qr_data_uri(url), "qr_mm": 30},
        "holder": {"name": "Apotek Contoh", "is_person": True, "person_name": "Siti Contoh",
                   "nik": "1673000000000000", "nib": "", "company_name": "",
                   "legal_form": "", "address": "Jl. Merdeka No. 10",
                   "kelurahan": "Contoh Ilir", "kecamatan": "Contoh Barat"},
        "activity": {"service": "Surat Izin Apotek", "service_code": "SIA",
                     "variant": "Baru", "location": "Jl. Merdeka No. 10",
                     "kelurahan": "Contoh Ilir", "kecamatan": "Contoh Barat",
                     "answers": [{"label": "Nama apotek", "value": "Apotek Contoh"}]},
        "conditions": [{"agency": "Dinas Kesehatan",
                        "text": "Apoteker penanggung jawab hadir selama jam buka."}],
        "application": {"tracking_number": "LLG-2026-000001", "submitted_on": today},
        "signer": {"name": "Nama Pejabat, S.H.", "position": "Kepala DPMPTSP",
                   "prefix": "", "printed_position": "Kepala DPMPTSP",
                   "box_id": SIGNATURE_BOX_ID},
    }
