from django.urls import path

from satupintu.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.service_list, name="list"),
    path("<str:code>/", views.service_detail, name="detail"),
    # Without the slash: a known code goes to its page, an unknown one is a 404 at once
    # (Django's APPEND_SLASH would first redirect any code to the slash form).
    path("<str:code>", views.service_detail_without_slash, name="detail_without_slash"),
]
