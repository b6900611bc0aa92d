from django.urls import path

from satupintu.applications.views import front_office

app_name = "front_office"
urlpatterns = [
    path("", front_office.queue, name="queue"),
    path("berkas/<int:pk>/", front_office.check, name="check"),
    path("berkas/<int:pk>/tindakan/", front_office.act, name="act"),
]
