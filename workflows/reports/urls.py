from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="reports"),
    path("new/", views.ReportFormView.as_view(), name="report_create"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report"),
    path("<int:pk>/edit/", views.ReportFormView.as_view(), name="report_edit"),
]
