from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("events/", views.EventListView.as_view(), name="events"),
    path("events/export.xlsx", views.EventExportView.as_view(), name="export"),
]
