"""The complaint categories every tenant starts with (editable in the admin afterwards).

Time limits follow the local-standard classes of DOMAIN.md (simple 2, normative 5, without
supervision content 14, needing investigation 60 working days to resolve).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from satupintu.audit.services import record
from satupintu.complaints.models import DEFAULT_RESOLVE_DAYS, ComplaintCategory, ComplaintKind
from satupintu.tenants.models import Agency

if TYPE_CHECKING:
    from satupintu.accounts.models import User
    from satupintu.tenants.models import Tenant

# code, name, English name, group, kind, agency code (if the tenant has it), acknowledge and
# first-answer days, needs a location, description.
DEFAULT_CATEGORIES: list[tuple[str, str, str, str, str, str, int, int, bool, str]] = [
    ("layanan-lambat", "Layanan perizinan lambat atau berbelit",
     "Slow or convoluted permit service", "Pelayanan perizinan", ComplaintKind.NORMATIVE,
     "", 1, 3, False,
     "Permohonan melewati batas waktu, persyaratan diminta berulang, atau prosedur tidak "
     "sesuai standar pelayanan."),
    ("informasi-layanan", "Informasi persyaratan atau biaya tidak jelas",
     "Unclear requirements or fees", "Pelayanan perizinan", ComplaintKind.SIMPLE,
     "", 1, 2, False,
     "Informasi di loket, situs atau standar pelayanan tidak jelas atau saling bertentangan."),
    ("perilaku-petugas", "Perilaku petugas", "Officer conduct", "Pelaksana layanan",
     ComplaintKind.NO_SUPERVISION, "", 1, 3, False,
     "Petugas tidak sopan, tidak hadir pada jam layanan, atau tidak kompeten."),
    ("pungutan-liar", "Pungutan liar atau permintaan imbalan",
     "Illegal levies or requests for bribes", "Integritas", ComplaintKind.INVESTIGATION,
     "INSPEKTORAT", 1, 5, False,
     "Permintaan uang, hadiah atau imbalan di luar tarif resmi. Identitas pelapor dilindungi."),
    ("pelanggaran-izin", "Usaha atau bangunan melanggar izin",
     "Business or building violating its permit", "Pengawasan",
     ComplaintKind.NO_SUPERVISION, "PUPR", 1, 5, True,
     "Bangunan, reklame atau kegiatan usaha yang tidak sesuai izinnya atau tanpa izin."),
    ("sistem-daring", "Gangguan layanan daring", "Online service outage",
     "Sarana dan prasarana", ComplaintKind.SIMPLE, "", 1, 2, False,
     "Situs atau aplikasi tidak dapat diakses, unggahan gagal, atau dokumen tidak dapat "
     "diunduh."),
    ("sarana-pelayanan", "Sarana dan prasarana pelayanan", "Service facilities",
     "Sarana dan prasarana", ComplaintKind.NORMATIVE, "", 1, 3, False,
     "Ruang tunggu, antrean, akses bagi penyandang disabilitas, atau fasilitas loket."),
]


def complaint_categories_seed(*, tenant: Tenant, actor: User | None) -> int:
    """Create the default categories the tenant lacks; returns how many were created."""
    created = 0
    with transaction.atomic():
        for order, (code, name, name_en, group, kind, agency_code, ack, answer, place,
                    description) in enumerate(DEFAULT_CATEGORIES):
            if ComplaintCategory.objects.filter(tenant=tenant, code=code).exists():
                continue
            agency = (Agency.objects.filter(tenant=tenant, code=agency_code).first()
                      if agency_code else None)
            category = ComplaintCategory.objects.create(
                tenant=tenant, code=code, name=name, name_en=name_en, group=group, kind=kind,
                agency=agency, acknowledge_days=ack, answer_days=answer,
                resolve_days=DEFAULT_RESOLVE_DAYS[ComplaintKind(kind)], needs_location=place,
                description=description, order=order)
            record(tenant=tenant, actor=actor, action="complaint_category.created",
                   obj=category, after={"code": code, "kind": kind,
                                        "resolve_days": category.resolve_days})
            created += 1
    return created
