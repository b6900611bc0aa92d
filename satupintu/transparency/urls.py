"""The public scoreboard and its open data, mounted at `/statistik/` (SPEC.md contracts)."""

from django.urls import path

from satupintu.transparency import views

app_name = "statistics"
urlpatterns = [
    path("", views.index, name="index"),
    path("data/", views.data_dictionary, name="data"),
    path("ringkasan.csv", views.summary_csv, name="summary_csv"),
    path("izin.csv", views.permits_csv, name="permits_csv"),
]
