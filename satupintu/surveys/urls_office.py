"""Officers' survey pages under `/petugas/`: the kiosk switch and the IKM results."""

from django.urls import path

from satupintu.surveys import views_office

app_name = "survey_office"
urlpatterns = [
    path("survei-kiosk/", views_office.kiosk, name="kiosk"),
    path("ikm/", views_office.results, name="ikm"),
    path("ikm/laporan.pdf", views_office.report_pdf, name="ikm_report"),
]
