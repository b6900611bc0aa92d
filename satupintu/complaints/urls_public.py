"""Public complaint pages, mounted at `/pengaduan/` (SPEC.md contracts)."""

from django.urls import path

from satupintu.complaints import views_public

app_name = "complaints"
urlpatterns = [
    path("", views_public.complaint_list, name="list"),
    # Before the number routes: complaint numbers (ADU-2026-00001) never spell these words.
    path("baru/", views_public.complaint_new, name="new"),
    path("saya/", views_public.my_complaints, name="mine"),
    path("saya/<str:secret>/", views_public.complaint_private, name="private"),
    path("<str:number>/", views_public.complaint_detail, name="detail"),
    path("<str:number>/foto/<int:pk>/", views_public.complaint_photo, name="public_media"),
]
