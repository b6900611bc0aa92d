"""Public verification pages, mounted at `/verifikasi/` (SPEC.md contracts)."""

from django.urls import path

from satupintu.issuance import views_public

app_name = "verification"
urlpatterns = [
    path("", views_public.index, name="index"),
    # Before the token route; tokens are 22 characters, so they never spell "dokumen".
    path("dokumen", views_public.document, name="document"),
    path("<str:token>", views_public.permit, name="permit"),
]
