"""Officers' complaint pages, mounted at `/petugas/pengaduan/` (before the back office)."""

from django.urls import path

from satupintu.complaints import views_office

app_name = "complaints_office"
urlpatterns = [
    path("", views_office.complaint_inbox, name="inbox"),
    # Before the number routes: complaint numbers (ADU-2026-00001) never spell this word.
    path("baru/", views_office.complaint_new, name="new"),
    path("<str:number>/", views_office.complaint_detail, name="detail"),
    path("<str:number>/tindakan/", views_office.complaint_act, name="act"),
    path("<str:number>/foto/<int:pk>/", views_office.complaint_photo, name="photo"),
    path("<str:number>/foto/<int:pk>/tinjau/", views_office.complaint_photo_review,
         name="photo_review"),
]
