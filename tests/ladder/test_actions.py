"""Withdraw, claim, reassign, batch approve, urge and the review time limit."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from workflows.ladder import services
from workflows.ladder.errors import Conflict, NotAllowed
from workflows.ladder.models import ItemState
from workflows.ladder.selectors import actionable_tasks, item_history
from workflows.notifications.models import Notification

from .helpers import action_url, messages_of, new_plan, open_task, person, post, task_url

pytestmark = pytest.mark.django_db


def submitted(unit_code="unit001"):
    return services.submit(item=new_plan(unit_code), user=person(f"{unit_code}.liaison"))


def test_the_liaison_withdraws_before_the_head_claims_and_resubmits(login):
    plan = submitted()
    client = login("unit001.liaison")
    post(client, action_url(plan, "withdraw"))
    plan.refresh_from_db()
    assert (plan.state, plan.waiting_level) == (ItemState.WITHDRAWN, "")
    assert not actionable_tasks(person("unit001.party")).exists()
    post(client, action_url(plan, "submit"))
    plan.refresh_from_db()
    assert (plan.state, plan.waiting_level, plan.version) == (ItemState.PENDING, "unit", 2)


def test_withdraw_is_refused_once_the_next_level_has_claimed(login):
    plan = submitted()
    post(login("unit001.party"), task_url(open_task(plan, "unit"), "claim"))
    response = post(login("unit001.liaison"), action_url(plan, "withdraw"))
    assert any("已认领，不能撤回" in m for m in messages_of(response))
    plan.refresh_from_db()
    assert (plan.state, plan.waiting_level) == (ItemState.PENDING, "unit")


def test_only_the_actor_of_the_previous_step_may_withdraw(demo):
    plan = submitted()
    services.approve(task=open_task(plan, "unit"), user=person("unit001.party"))
    with pytest.raises(NotAllowed):
        services.withdraw(item=plan, user=person("unit001.liaison"))
    plan = services.withdraw(item=plan, user=person("unit001.party"))
    assert (plan.state, plan.waiting_level) == (ItemState.PENDING, "unit")
    task = open_task(plan, "unit")
    assert task.owner == person("unit001.party"), "the withdrawn sign-off comes back to the head who signed"


def test_withdraw_disarms_the_time_limit_timer(demo):
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    plan = submitted()
    task = open_task(plan, "unit")
    services.withdraw(item=plan, user=person("unit001.liaison"))
    timer = Task.objects.get(previous=task, flow_task_type="TIMER")
    assert timer.status == STATUS.CANCELED


def test_claim_then_a_colleague_cannot_approve_until_it_is_reassigned(login):
    plan = submitted()
    services.approve(task=open_task(plan, "unit"), user=person("unit001.party"))
    task = open_task(plan, "department")
    post(login("dept01.reviewer"), task_url(task, "claim"))
    response = post(login("dept01.reviewer2"), task_url(task, "approve"), {"comment": ""})
    assert any("已由" in m and "认领" in m for m in messages_of(response))
    plan.refresh_from_db()
    assert plan.waiting_level == "department"

    post(login("dept01.reviewer"), task_url(task, "reassign"), {"to_user": person("dept01.reviewer2").pk})
    assert open_task(plan, "department").owner == person("dept01.reviewer2")
    post(login("dept01.reviewer2"), task_url(task, "approve"), {"comment": "同意"})
    plan.refresh_from_db()
    assert plan.waiting_level == "office"


def test_reassign_to_someone_without_the_grant_is_refused(demo):
    plan = submitted()
    services.approve(task=open_task(plan, "unit"), user=person("unit001.party"))
    task = services.claim(task=open_task(plan, "department"), user=person("dept01.reviewer"))
    with pytest.raises(services.Invalid):
        services.reassign(task=task, user=person("dept01.reviewer"), to_user=person("dept02.reviewer"))
    assert open_task(plan, "department").owner == person("dept01.reviewer")


def test_batch_approve_approves_each_allowed_task_and_reports_the_refused(login):
    plans = [submitted(code) for code in ("unit001", "unit002", "unit006")]  # unit006 is under dept02
    for plan in plans:
        code = plan.unit.code
        services.approve(task=open_task(plan, "unit"), user=person(f"{code}.party"))
    ids = [open_task(plan, "department").pk for plan in plans]
    response = post(login("dept01.reviewer"), "/ladder/tasks/batch-approve/",
                    {"tasks": ids, "comment": "同意，按计划开展。"})
    text = " ".join(messages_of(response))
    assert "2 项已通过" in text
    for plan in plans:
        plan.refresh_from_db()
    assert [p.waiting_level for p in plans] == ["office", "office", "department"]
    comments = {e.comment for p in plans[:2] for e in item_history(p) if e.data.get("level") == "department"}
    assert comments == {"同意，按计划开展。"}


def test_batch_approve_tells_nothing_about_a_task_the_reviewer_cannot_see(login):
    plan = submitted("unit006")  # under dept02
    services.approve(task=open_task(plan, "unit"), user=person("unit006.party"))
    task = open_task(plan, "department")
    reviewer = person("dept02.reviewer")
    response = post(login("dept01.reviewer"), "/ladder/tasks/batch-approve/", {"tasks": [task.pk], "comment": ""})
    text = " ".join(messages_of(response))
    assert "没有找到该待办" in text
    assert reviewer.get_full_name() not in text and "部门审核" not in text
    plan.refresh_from_db()
    assert plan.waiting_level == "department"


def test_urge_notifies_the_pending_level_once_a_day(login):
    plan = submitted()
    client = login("unit001.liaison")
    post(client, action_url(plan, "urge"))
    heads = Notification.objects.filter(recipient__username__in=["unit001.party", "unit001.admin"],
                                        title__startswith="催办")
    assert heads.count() == 2
    response = post(client, action_url(plan, "urge"))
    assert any("每天只能催办一次" in m for m in messages_of(response))
    assert heads.count() == 2
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        services.urge(item=plan, user=person("unit001.liaison"))
    assert heads.count() == 4


def test_the_time_limit_marks_the_task_overdue_and_tells_the_departments_leader(demo):
    plan = submitted()
    services.approve(task=open_task(plan, "unit"), user=person("unit001.party"))
    task = open_task(plan, "department")
    leader_notes = Notification.objects.filter(recipient__username="dept01.leader", title__startswith="超时未办",
                                               title__contains=plan.unit.display_name)

    call_command("workflow_timers")
    assert leader_notes.count() == 0, "nothing is overdue yet"

    with time_machine.travel(timezone.now() + dt.timedelta(days=14)):
        call_command("workflow_timers")
        call_command("workflow_timers")  # idempotent: a second sweep changes nothing
        overdue = actionable_tasks(person("dept01.reviewer")).get(pk=task.pk)
        assert overdue.due <= timezone.now()
    task.refresh_from_db()
    assert task.data.get("overdue_since")
    assert leader_notes.count() == 1
    plan.refresh_from_db()
    assert (plan.state, plan.waiting_level) == (ItemState.PENDING, "department")
    services.approve(task=task, user=person("dept01.reviewer"))
    plan.refresh_from_db()
    assert plan.waiting_level == "office"


def test_the_review_due_date_counts_working_days(demo):
    from workflows.ladder.deadlines import due_after

    # Friday 25 Sept 2026 is the Mid-Autumn holiday and 1–7 Oct the National Day holiday: five working days
    # are 28, 29, 30 Sept, 8 and 9 Oct.
    start = timezone.make_aware(dt.datetime(2026, 9, 25, 10, 0))
    due = timezone.localtime(due_after(start, "department"))
    assert (due.date(), due.hour, due.minute) == (dt.date(2026, 10, 9), 10, 0)


def test_nobody_approves_their_own_submission(demo):
    from tests.factories import member
    from workflows.organisations.models import Organisation
    from workflows.organisations.roles import Role

    head = person("unit002.party")
    member(head, Organisation.objects.get(code="unit002"), Role.LIAISON)  # a small unit: the head files too
    plan = services.submit(item=new_plan("unit002", liaison="unit002.party"), user=person("unit002.party"))
    with pytest.raises(NotAllowed) as refusal:
        services.approve(task=open_task(plan, "unit"), user=person("unit002.party"))
    assert "本人报送" in refusal.value.message
    services.approve(task=open_task(plan, "unit"), user=person("unit002.admin"))
    plan.refresh_from_db()
    assert plan.waiting_level == "department"


def test_a_handled_task_cannot_be_handled_again(demo):
    plan = submitted()
    task = open_task(plan, "unit")
    services.approve(task=task, user=person("unit001.party"))
    with pytest.raises(Conflict) as refusal:
        services.approve(task=task, user=person("unit001.admin"))
    assert "已由" in refusal.value.message
