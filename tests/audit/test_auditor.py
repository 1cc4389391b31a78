"""The auditor searches and exports the trail (page and API); nobody else reads it, nobody writes it."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from workflows.audit.models import AuditEvent
from workflows.audit.services import record_event
from workflows.organisations.models import Organisation

from ..ladder.helpers import person

pytestmark = pytest.mark.django_db

OUTSIDERS = ["unit001.liaison", "dept01.reviewer", "office.director", "sysadmin", "secadmin"]


def _api(username) -> APIClient:
    client = APIClient()
    client.force_authenticate(person(username))
    return client


def _marked(n=3, **fields):
    return [record_event(action="test.search", comment=f"第{i}条", **fields) for i in range(n)]


def test_the_auditor_finds_the_page_from_the_workbench_and_the_menu(login):
    client = login("auditor")
    home = client.get("/", follow=True).content.decode()
    assert 'href="/audit/events/"' in home and "查询审计日志" in home


def test_the_page_lists_events_newest_first_with_chinese_labels(login):
    events = _marked(3)
    page = login("auditor").get("/audit/events/?action=test.search")
    assert page.status_code == 200
    shown = [event.pk for event in page.context["events"]]
    assert shown == [event.pk for event in reversed(events)]
    text = page.content.decode()
    assert "审计日志" in text and "起始日期" in text and "对象类型" in text


@pytest.mark.parametrize("query, expected", [
    ("user=dept01.reviewer", "dept01.reviewer"),
    ("organisation=unit002", "unit002"),
    ("target_type=organisations.organisation&target_id={unit001}", "unit001-target"),
    ("ip=10.9.8.7", "ip"),
    ("action=test.", "prefix"),
])
def test_each_filter_narrows_the_list(login, query, expected):
    unit001, unit002 = Organisation.objects.get(code="unit001"), Organisation.objects.get(code="unit002")
    wanted = {
        "dept01.reviewer": _marked(1, actor=person("dept01.reviewer")),
        "unit002": _marked(1, organisation=unit002),
        "unit001-target": _marked(1, target=unit001),
        "ip": _marked(1, ip="10.9.8.7"),
    }
    page = login("auditor").get("/audit/events/?" + query.format(unit001=unit001.pk))
    shown = {event.pk for event in page.context["page_obj"].paginator.object_list}
    if expected == "prefix":
        assert shown == set(AuditEvent.objects.filter(action__startswith="test.").values_list("pk", flat=True))
    else:
        assert {event.pk for event in wanted[expected]} <= shown
        assert all(event.pk not in shown for key, group in wanted.items() if key != expected for event in group)


def test_the_time_range_filter(login):
    today = timezone.localdate()
    page = login("auditor").get(f"/audit/events/?since={today - dt.timedelta(days=1)}&until={today}")
    shown = page.context["page_obj"].paginator.object_list
    assert shown.exists()
    assert not shown.filter(at__lt=timezone.now() - dt.timedelta(days=3)).exists()


def test_a_bad_filter_is_a_clear_message_and_lists_nothing(login):
    client = login("auditor")
    page = client.get("/audit/events/?ip=not-an-address&since=2026-02-31")
    assert page.status_code == 200
    assert not page.context["events"]
    assert "filter-error" in page.content.decode()
    export = client.get("/audit/events/export.xlsx?ip=not-an-address")
    assert export.status_code == 400 and "筛选条件有误" in export.content.decode()


def test_the_page_is_paginated(login):
    _marked(55)
    client = login("auditor")
    first = client.get("/audit/events/?action=test.search")
    assert len(first.context["events"]) == 50
    second = client.get("/audit/events/?action=test.search&page=2")
    assert len(second.context["events"]) == 5


@pytest.mark.parametrize("username", OUTSIDERS)
def test_anyone_but_the_auditor_is_refused_the_pages(login, username):
    client = login(username)
    assert client.get("/audit/events/").status_code == 403
    assert client.get("/audit/events/export.xlsx?action=auth.login").status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()
    assert 'href="/audit/events/"' not in client.get("/", follow=True).content.decode()


def test_the_api_lists_with_the_same_filters_newest_first(demo):
    events = _marked(3, actor=person("unit003.liaison"))
    response = _api("auditor").get("/api/v1/audit-events/", {"user": "unit003.liaison", "action": "test.search"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [event.pk for event in reversed(events)]
    one = _api("auditor").get(f"/api/v1/audit-events/{events[0].pk}/").json()
    assert (one["actor_username"], one["hash"]) == ("unit003.liaison", events[0].hash)


def test_the_api_refuses_a_bad_filter(demo):
    response = _api("auditor").get("/api/v1/audit-events/", {"ip": "999.1.1.1"})
    assert response.status_code == 400


@pytest.mark.parametrize("username", OUTSIDERS)
def test_anyone_but_the_auditor_gets_403_from_the_api(demo, username):
    event = record_event(action="test.hidden")
    client = _api(username)
    assert client.get("/api/v1/audit-events/").status_code == 403
    assert client.get(f"/api/v1/audit-events/{event.pk}/").status_code == 403


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_has_no_write_method_even_for_the_auditor(demo, method):
    event = record_event(action="test.fixed", comment="原文")
    client = _api("auditor")
    url = "/api/v1/audit-events/" if method == "post" else f"/api/v1/audit-events/{event.pk}/"
    assert getattr(client, method)(url, {"comment": "改过"}, format="json").status_code == 405
    assert AuditEvent.objects.get(pk=event.pk).comment == "原文"


def test_the_admin_is_strictly_read_only(login):
    event = record_event(action="test.visible", comment="原文")
    client = login("auditor")
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"comment": "改过"}).status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = client.post("/admin/audit/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk],
                                                    "post": "yes"})
    assert bulk.status_code in (200, 302)
    assert AuditEvent.objects.get(pk=event.pk).comment == "原文"
    page = client.get("/admin/audit/auditevent/").content.decode()
    assert "delete_selected" not in page


def test_the_admin_refuses_even_a_superuser(admin_client, demo):
    event = record_event(action="test.visible")
    assert admin_client.get("/admin/audit/auditevent/add/").status_code == 403
    assert admin_client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
