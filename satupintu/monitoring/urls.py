"""The leaders' dashboard, mounted at `/petugas/dasbor/` (before the back office)."""

from django.urls import path

from satupintu.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("berkas/", views.files, name="files"),
]
