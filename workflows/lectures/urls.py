from django.urls import path

from . import views

app_name = "lectures"
urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plans"),
    path("plans/new/", views.PlanFormView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("plans/<int:pk>/edit/", views.PlanFormView.as_view(), name="plan_edit"),
    path("records/", views.RecordListView.as_view(), name="records"),
    path("records/new/", views.RecordFormView.as_view(), name="record_create"),
    path("records/<int:pk>/", views.RecordDetailView.as_view(), name="record"),
    path("records/<int:pk>/edit/", views.RecordFormView.as_view(), name="record_edit"),
    path("records/<int:pk>/evidence/<str:action>/", views.RecordEvidenceView.as_view(), name="record_evidence"),
]
