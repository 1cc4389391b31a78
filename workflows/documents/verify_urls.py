from django.urls import path

from . import views

app_name = "verify"

urlpatterns = [
    path("", views.verify_index, name="index"),
    path("<str:code>/", views.verify, name="detail"),
]
