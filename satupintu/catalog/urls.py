from django.urls import path

from satupintu.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.service_list, name="list"),
    path("<str:code>/", views.service_detail, name="detail"),
]
