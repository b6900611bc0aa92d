from django.urls import path

from satupintu.tracking import views

app_name = "tracking"
urlpatterns = [
    path("", views.track, name="track"),
]
