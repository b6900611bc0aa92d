from django.urls import path

from satupintu.applications.views import applicant, files, letters

app_name = "applications"
urlpatterns = [
    path("", applicant.my_applications, name="mine"),
    path("baru/<str:code>/", applicant.start, name="start"),
    path("<int:pk>/", applicant.detail, name="detail"),
    path("<int:pk>/langkah/<str:step>/", applicant.step, name="step"),
    path("<int:pk>/hapus/", applicant.delete_draft, name="delete"),
    path("<int:pk>/tarik/", applicant.withdraw, name="withdraw"),
    path("<int:pk>/perbaikan/", applicant.resubmit, name="resubmit"),
    path("<int:pk>/bukti/", applicant.receipt, name="receipt"),
    path("<int:pk>/bukti.pdf", applicant.receipt_pdf, name="receipt_pdf"),
    path("<int:pk>/surat-penolakan.pdf", letters.rejection_letter,
         name="rejection_letter"),
    path("<int:pk>/dokumen/<int:document>/", files.document_file, name="document"),
]
