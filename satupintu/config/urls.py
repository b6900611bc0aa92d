"""URL map. Public paths carry no tenant or language prefix (SPEC.md contracts)."""

from __future__ import annotations

from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language

from satupintu.api.main import api
from satupintu.catalog import views as catalog_views
from satupintu.core import views as core_views
from satupintu.core.admin_site import admin_site

urlpatterns = [
    path("", catalog_views.home, name="home"),
    path("layanan/", include("satupintu.catalog.urls")),
    path("permohonan/", include("satupintu.applications.urls")),
    path("petugas/loket/", include("satupintu.applications.urls_front_office")),
    path("petugas/izin/", include("satupintu.issuance.urls_register")),
    path("petugas/tanda-tangan/", include("satupintu.issuance.urls_office")),
    path("petugas/pengaduan/", include("satupintu.complaints.urls_office")),
    path("petugas/dasbor/", include("satupintu.monitoring.urls")),
    path("petugas/laporan/", include("satupintu.reports.urls")),
    path("petugas/", include("satupintu.surveys.urls_office")),
    path("petugas/", include("satupintu.backoffice.urls")),
    path("lacak/", include("satupintu.tracking.urls")),
    path("izin/", include("satupintu.issuance.urls_download")),
    path("verifikasi/", include("satupintu.issuance.urls_public")),
    path("pengaduan/", include("satupintu.complaints.urls_public")),
    path("notifikasi/", include("satupintu.notifications.urls")),
    path("survei/", include("satupintu.surveys.urls")),
    path("statistik/", include("satupintu.transparency.urls")),
    path("", include("satupintu.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin_site.urls),
    path("api/v1/", api.urls),
    path("open311/v2/", include("satupintu.open311.urls")),
]

if settings.SATUPINTU_BENCH:
    from satupintu.tracking.bench_views import bench_lookup

    urlpatterns.append(path("bench/lookup/<str:tracking_number>", bench_lookup,
                            name="bench_lookup"))

handler400 = "satupintu.core.views.bad_request"
handler403 = "satupintu.core.views.permission_denied"
handler404 = "satupintu.core.views.page_not_found"
handler500 = "satupintu.core.views.server_error"
