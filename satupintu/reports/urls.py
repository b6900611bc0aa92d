"""Periodic reports, mounted at `/petugas/laporan/` (before the back office)."""

from django.urls import path

from satupintu.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("daftar/", views.runs, name="runs"),
    path("<int:pk>/unduh/<str:fmt>/", views.download, name="download"),
    path("<int:pk>/ulangi/", views.retry, name="retry"),
]
