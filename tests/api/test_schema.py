"""The OpenAPI schema validates, documents every endpoint of issue 4, and the docs page needs no CDN."""

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
