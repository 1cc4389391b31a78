from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.register_index, name="register_index"),
    path("register/<slug:code>/", views.register, name="register"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/<str:file_format>/", views.download, name="download"),
]
