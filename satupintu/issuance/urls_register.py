from django.urls import path

from satupintu.issuance import views_register as views

app_name = "register"
urlpatterns = [
    path("", views.register_list, name="list"),
    path("ekspor/", views.register_export, name="export"),
    path("<int:pk>/", views.register_detail, name="detail"),
    path("<int:pk>/berkas.pdf", views.register_file, name="file"),
    path("<int:pk>/cabut/", views.register_revoke, name="revoke"),
    path("<int:pk>/serahkan/", views.register_hand_over, name="hand_over"),
]
