from django.urls import path

from satupintu.issuance import views_download as views

app_name = "permits"
urlpatterns = [
    path("<int:pk>/unduh/", views.download, name="download"),
    path("unduh/<str:token>/", views.download_by_token, name="download_token"),
]
