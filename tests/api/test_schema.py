"""The OpenAPI schema validates, documents every endpoint of issues 4 to 7, and the docs page needs no CDN."""

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/auth/token/": {"post"},
    "/api/v1/me/": {"get"},
    "/api/v1/plans/": {"get", "post"},
    "/api/v1/plans/{id}/": {"get", "patch"},
    "/api/v1/plans/{id}/submit/": {"post"},
    "/api/v1/plans/{id}/withdraw/": {"post"},
    "/api/v1/plans/{id}/urge/": {"post"},
    "/api/v1/plans/{id}/history/": {"get"},
    "/api/v1/tasks/": {"get"},
    "/api/v1/tasks/{id}/claim/": {"post"},
    "/api/v1/tasks/{id}/approve/": {"post"},
    "/api/v1/tasks/{id}/return/": {"post"},
    "/api/v1/tasks/{id}/reassign/": {"post"},
    "/api/v1/tasks/batch-approve/": {"post"},
    "/api/v1/organisations/": {"get"},
    "/api/v1/periods/": {"get"},
    # issue 5: documents
    "/api/v1/plans/{id}/documents/": {"get"},
    "/api/v1/documents/": {"get"},
    "/api/v1/documents/{id}/": {"get"},
    "/api/v1/documents/{id}/pdf/": {"get"},
    "/api/v1/documents/{id}/docx/": {"get"},
    "/api/v1/documents/{id}/revoke/": {"post"},
    "/api/v1/documents/{id}/supersede/": {"post"},
    "/api/v1/verify/{code}/": {"get", "post"},
    # issue 6: records (with evidence) and reports
    "/api/v1/records/": {"get", "post"},
    "/api/v1/records/{id}/": {"get", "patch"},
    "/api/v1/records/{id}/submit/": {"post"},
    "/api/v1/records/{id}/withdraw/": {"post"},
    "/api/v1/records/{id}/urge/": {"post"},
    "/api/v1/records/{id}/history/": {"get"},
    "/api/v1/records/{id}/documents/": {"get"},
    "/api/v1/records/{id}/evidence/": {"post"},
    "/api/v1/records/{id}/evidence/{evidence_id}/": {"delete"},
    "/api/v1/evidence/{id}/": {"get"},
    "/api/v1/reports/": {"get", "post"},
    "/api/v1/reports/{id}/": {"get", "patch"},
    "/api/v1/reports/{id}/submit/": {"post"},
    "/api/v1/reports/{id}/withdraw/": {"post"},
    "/api/v1/reports/{id}/urge/": {"post"},
    "/api/v1/reports/{id}/history/": {"get"},
    "/api/v1/reports/{id}/documents/": {"get"},
    # issue 7: compliance, findings, notices and answers
    "/api/v1/compliance/": {"get"},
    "/api/v1/compliance/evaluate/": {"post"},
    "/api/v1/findings/": {"get", "post"},
    "/api/v1/findings/{id}/": {"get"},
    "/api/v1/notices/": {"get"},
    "/api/v1/notices/{id}/": {"get", "patch"},
    "/api/v1/notices/draft/": {"post"},
    "/api/v1/notices/batch-issue/": {"post"},
    "/api/v1/notices/{id}/issue/": {"post"},
    "/api/v1/notices/{id}/void/": {"post"},
    "/api/v1/notices/{id}/reissue/": {"post"},
    "/api/v1/notices/{id}/escalate/": {"post"},
    "/api/v1/notices/{id}/acknowledge/": {"post"},
    "/api/v1/notices/{id}/answer/": {"post"},
    "/api/v1/notices/{id}/recheck/": {"post"},
    "/api/v1/notices/{id}/close/": {"post"},
    "/api/v1/notices/{id}/documents/": {"get"},
    "/api/v1/answers/": {"get"},
    "/api/v1/answers/{id}/": {"get", "patch"},
    "/api/v1/answers/{id}/submit/": {"post"},
    "/api/v1/answers/{id}/withdraw/": {"post"},
    "/api/v1/answers/{id}/urge/": {"post"},
    "/api/v1/answers/{id}/history/": {"get"},
    "/api/v1/answers/{id}/documents/": {"get"},
    "/api/v1/answers/{id}/evidence/": {"post"},
}
PLAN_FIELDS = {"unit", "period", "lecturer_role", "planned_date", "venue", "audience", "topics", "channels",
               "expected_attendees"}


@pytest.fixture(scope="module")
def schema(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    with django_db_blocker.unblock():
        # drf-spectacular's own validation against the OpenAPI 3 meta-schema; any warning fails too.
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def test_the_schema_validates_and_lists_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    for path, methods in ENDPOINTS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), (path, set(schema["paths"][path]))
    assert "put" not in schema["paths"]["/api/v1/plans/{id}/"]


def test_the_schema_describes_plans_and_tasks_with_the_issues_field_names(schema):
    components = schema["components"]["schemas"]
    assert set(components["PlanCreateRequest"]["properties"]) >= PLAN_FIELDS
    plan = set(components["Plan"]["properties"])
    assert PLAN_FIELDS | {"id", "state", "waiting_level", "version"} <= plan
    assert {"id", "item_kind", "item_id", "level", "claimed_by", "due", "overdue"} <= set(
        components["Task"]["properties"])
    assert {"id", "name", "kind", "parent", "credit_code"} <= set(components["Organisation"]["properties"])
    assert {"code", "starts", "ends", "report_due", "current"} <= set(components["Period"]["properties"])
    assert set(components["ChannelsEnum"]["enum"]) == {"tv", "radio", "newspaper", "web", "weibo", "wechat",
                                                      "toutiao", "douyin", "vr", "onsite"}
    assert set(components["TopicsEnum"]["enum"]) == {"1", "2", "3", "4", "5", "6", "7"}
    assert {"tokenAuth", "cookieAuth"} <= set(components_security(schema))


def test_the_schema_describes_the_later_resources_with_the_issues_field_names(schema):
    components = schema["components"]["schemas"]
    assert {"id", "kind", "level", "number", "issuer", "issued_at", "verify_code", "sha256", "status"} <= set(
        components["Document"]["properties"])
    assert {"statistics", "is_late", "days_late", "report_due"} <= set(components["Report"]["properties"])
    assert {"evidence", "held_on", "lecturer_role", "summary"} <= set(components["Record"]["properties"])
    upload = schema["paths"]["/api/v1/records/{id}/evidence/"]["post"]["requestBody"]["content"]
    assert set(upload) == {"multipart/form-data"}
    assert set(components["EvidenceUploadRequest"]["properties"]) == {"kind", "file"}
    assert {"photo", "signin_sheet", "slides", "video"} <= set(components["EvidenceKindEnum"]["enum"])
    assert {"party_head_lectures", "party_head_quota", "admin_head_lectures", "admin_head_quota", "report_on_time",
            "compliant", "never_active"} <= set(components["UnitStatus"]["properties"])
    assert {"reviewers", "checked_on", "decisions", "opinion", "new_deadline"} <= set(
        components["RecheckRequestRequest"]["properties"])
    assert {"status", "number", "findings", "answer", "deadline"} <= set(components["Notice"]["properties"])
    documents = schema["paths"]["/api/v1/records/{id}/documents/"]["get"]["responses"]["200"]
    assert documents["content"]["application/json"]["schema"]["$ref"].endswith("PaginatedDocumentList")
    pdf = schema["paths"]["/api/v1/documents/{id}/pdf/"]["get"]["responses"]["200"]["content"]
    assert set(pdf) == {"application/pdf"}
    verify = schema["paths"]["/api/v1/verify/{code}/"]["get"]
    assert "401" not in verify["responses"] and "429" in verify["responses"]
    assert "security" not in verify or verify["security"] in ([], [{}])


def test_the_schema_documents_the_error_shape(schema):
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"code", "detail", "fields"}
    approve = schema["paths"]["/api/v1/tasks/{id}/approve/"]["post"]["responses"]
    assert {"200", "400", "403", "404", "409"} <= set(approve)


def test_the_schema_and_docs_are_served(client, demo):
    assert client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").status_code == 200
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn." not in html and "unpkg" not in html
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"), "served from the package"


def components_security(schema) -> dict:
    return schema["components"]["securitySchemes"]
