from django.urls import path

from . import views

app_name = "compliance"
urlpatterns = [
    path("", views.ComplianceView.as_view(), name="overview"),
    path("evaluate/", views.EvaluateView.as_view(), name="evaluate"),
    path("lookup/", views.LookupView.as_view(), name="lookup"),
    path("units/<int:unit_pk>/findings/new/", views.FindingCreateView.as_view(), name="finding_create"),
]
