"""Building plans and finding their tasks, for the ladder tests."""

import datetime as dt

from django.contrib.auth import get_user_model
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.campaigns.models import Period
from workflows.ladder.flows import LadderFlow
from workflows.lectures.models import LecturePlan
from workflows.lectures.services import create_plan
from workflows.organisations.models import Organisation

PLAN_FIELDS = {
    "lecturer_role": "party_head", "planned_date": dt.date(2026, 12, 10), "venue": "一号会议室",
    "audience": "frontline", "topics": ["1", "2"], "channels": ["onsite", "wechat"], "expected_attendees": 40,
}
NODES = {"unit": LadderFlow.unit_sign_off, "department": LadderFlow.department_review,
         "office": LadderFlow.office_review, "revise": LadderFlow.revise}


def person(username):
    return get_user_model().objects.get(username=username)


def new_plan(unit_code="unit001", liaison=None, **overrides) -> LecturePlan:
    unit = Organisation.objects.get(code=unit_code)
    fields = {**PLAN_FIELDS, "period": Period.objects.get(code="2026H2"), **overrides}
    return create_plan(unit=unit, user=person(liaison or f"{unit_code}.liaison"), **fields)


def open_task(item, level) -> Task:
    item.refresh_from_db()
    return Task.objects.get(process_id=item.process_id, flow_task=NODES[level],
                            status__in=[STATUS.NEW, STATUS.ASSIGNED])


def post(client, url, data=None):
    return client.post(url, data or {}, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def submit_url(item):
    return f"/ladder/items/plan/{item.pk}/submit/"


def action_url(item, action):
    return f"/ladder/items/plan/{item.pk}/{action}/"


def task_url(task, action=None):
    return f"/ladder/tasks/{task.pk}/" + (f"{action}/" if action else "")
