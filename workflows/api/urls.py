"""/api/v1/: the REST API, its OpenAPI schema and its documentation page (served from installed packages)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import audit, compliance, documents, evidence, records, rectification, reports, views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("plans", views.PlanViewSet, basename="plan")
router.register("records", records.RecordViewSet, basename="record")
router.register("reports", reports.ReportViewSet, basename="report")
router.register("answers", rectification.AnswerViewSet, basename="answer")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("documents", documents.DocumentViewSet, basename="document")
router.register("compliance", compliance.ComplianceViewSet, basename="compliance")
router.register("findings", compliance.FindingViewSet, basename="finding")
router.register("notices", rectification.NoticeViewSet, basename="notice")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("audit-events", audit.AuditEventViewSet, basename="audit-event")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("evidence/<int:pk>/", evidence.EvidenceDownloadView.as_view(), name="evidence"),
    path("verify/<str:code>/", documents.VerifyView.as_view(), name="verify"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
