from django.urls import path

from satupintu.applications.views import assisted, front_office

app_name = "front_office"
urlpatterns = [
    path("", front_office.queue, name="queue"),
    path("berkas/<int:pk>/", front_office.check, name="check"),
    path("berkas/<int:pk>/tindakan/", front_office.act, name="act"),
    path("bantu/", assisted.find, name="assist"),
    path("bantu/<int:user_id>/", assisted.start, name="assist_start"),
]
