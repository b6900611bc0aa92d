"""The signer's pages, mounted at /petugas/tanda-tangan/ (namespace `issuance`)."""

from django.urls import path

from satupintu.issuance import views_office as views

app_name = "issuance"
urlpatterns = [
    path("", views.batch, name="batch"),
    path("berkas/<int:case_id>/", views.sign, name="sign"),
    path("berkas/<int:case_id>/konsep.pdf", views.preview, name="preview"),
    path("izin/<int:pk>/berkas.pdf", views.permit_file, name="permit_file"),
    path("izin/<int:pk>/koreksi/", views.correct, name="correct"),
]
