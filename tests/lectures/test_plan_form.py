"""Bad plan input gets a clear form error and saves nothing."""

import pytest

from workflows.campaigns.models import Period
from workflows.lectures.models import LecturePlan
from workflows.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {"unit": Organisation.objects.get(code="unit039").pk, "period": Period.objects.get(code="2026H2").pk,
            "lecturer_role": "admin_head", "planned_date": "2026-12-01", "venue": "会议室", "audience": "frontline",
            "topics": ["1"], "channels": ["onsite"], "expected_attendees": "20"}
    data.update(overrides)
    return data


def errors_for(client, **overrides) -> str:
    before = LecturePlan.objects.count()
    response = client.post("/lectures/plans/new/", form_data(**overrides))
    assert response.status_code in (200, 422)
    assert LecturePlan.objects.count() == before
    return response.content.decode()


def test_a_date_outside_the_half_year_is_refused(login):
    html = errors_for(login("unit039.liaison"), planned_date="2027-01-05")
    assert "计划日期须在2026年下半年内" in html


def test_a_lecturer_who_is_not_a_head_of_the_unit_is_refused(login):
    html = errors_for(login("unit039.liaison"), lecturer_role="party_head")  # unit039 has no party organisation
    assert "没有党组织主要负责人，不能作为宣讲人" in html


def test_no_topic_is_refused(login):
    html = errors_for(login("unit039.liaison"), topics=[])
    assert "请至少选择一项宣讲内容" in html


def test_an_unknown_topic_code_is_refused(login):
    html = errors_for(login("unit039.liaison"), topics=["9"])
    assert "选择一个有效的选项" in html


def test_a_liaison_cannot_file_for_another_unit(login):
    html = errors_for(login("unit039.liaison"), unit=Organisation.objects.get(code="unit001").pk)
    assert "选择一个有效的选项" in html


def test_user_text_is_kept_literally_and_control_characters_dropped(login):
    client = login("unit039.liaison")
    client.post("/lectures/plans/new/", form_data(venue="A&B <script>alert(1)</script> {{ x }}\x07\x0b"))
    plan = LecturePlan.objects.get(unit__code="unit039")
    assert plan.venue == "A&B <script>alert(1)</script> {{ x }}"
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "A&amp;B &lt;script&gt;alert(1)&lt;/script&gt; {{ x }}" in html


def test_a_valid_plan_is_saved_as_a_draft_with_its_lecturer(login):
    client = login("unit039.liaison")
    response = client.post("/lectures/plans/new/", form_data())
    plan = LecturePlan.objects.get(unit__code="unit039")
    assert response.status_code == 302
    assert plan.lecturer.username == "unit039.admin"
    assert plan.state == "draft"


def test_a_nul_character_gets_a_clear_message(login):
    html = errors_for(login("unit039.liaison"), venue="会议室\x00")
    assert "不允许" in html or "空字符" in html
