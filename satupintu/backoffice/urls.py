from django.urls import path

from satupintu.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("delegasi/", views.delegations, name="delegations"),
    path("berkas/<int:case_id>/", views.file, name="file"),
    path("berkas/<int:case_id>/tindakan/", views.act, name="act"),
    path("berkas/<int:case_id>/ambil/", views.claim, name="claim"),
    path("berkas/<int:case_id>/tugaskan/", views.assign, name="assign"),
    path("berkas/<int:case_id>/pemeriksaan/", views.inspection_schedule,
         name="inspection_schedule"),
    path("berkas/<int:case_id>/pemeriksaan/<int:inspection_id>/laporan/",
         views.inspection_report, name="inspection_report"),
    path("berkas/<int:case_id>/foto/<int:photo_id>/", views.inspection_photo,
         name="inspection_photo"),
]
