from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("office/", views.OfficeDashboardView.as_view(), name="office"),
    path("departments/<slug:code>/", views.DepartmentDashboardView.as_view(), name="department"),
    path("departments/<slug:code>/urge/", views.UrgeView.as_view(), name="urge"),
    path("units/<slug:code>/", views.UnitView.as_view(), name="unit"),
    path("matrix/", views.MatrixView.as_view(), name="matrix"),
    path("matrix/export.xlsx", views.MatrixExportView.as_view(), name="matrix_export"),
    path("ledgers/", views.LedgersView.as_view(), name="ledgers"),
    path("ledgers/lectures.xlsx", views.LectureLedgerView.as_view(), name="lecture_ledger"),
    path("ledgers/documents.xlsx", views.DocumentRegisterView.as_view(), name="document_register"),
    path("ledgers/rectification.xlsx", views.RectificationRegisterView.as_view(), name="rectification_register"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("import/template.xlsx", views.ImportTemplateView.as_view(), name="import_template"),
    path("import/current.xlsx", views.ImportCurrentView.as_view(), name="import_current"),
    path("bulletins/", views.BulletinListView.as_view(), name="bulletins"),
    path("bulletins/<int:pk>/", views.BulletinView.as_view(), name="bulletin"),
]
