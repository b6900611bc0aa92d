"""Public survey pages, mounted at `/survei/` (SPEC.md contracts)."""

from django.urls import path

from satupintu.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    # Before the token route; tokens are 22 characters, so they never spell "terima-kasih".
    path("terima-kasih/", views.thanks, name="thanks"),
    path("<str:token>/", views.form, name="form"),
]
