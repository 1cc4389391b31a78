"""Two reviewers act on the same task at the same moment: exactly one wins, nothing is half-written."""

import threading

import pytest
from django.db import connection

from workflows.ladder import services
from workflows.ladder.errors import Conflict
from workflows.ladder.selectors import item_history

from .helpers import new_plan, open_task, person


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_approve_has_exactly_one_winner(demo):
    plan = services.submit(item=new_plan("unit001"), user=person("unit001.liaison"))
    services.approve(task=open_task(plan, "unit"), user=person("unit001.party"))
    task = open_task(plan, "department")
    reviewers = [person("dept01.reviewer"), person("dept01.reviewer2")]
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.approve(task=task, user=user, comment=f"{user.username} 同意")
            outcomes.append(("ok", user.username))
        except Conflict as refusal:
            outcomes.append(("conflict", refusal.message))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=act, args=(user,)) for user in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(kind for kind, _ in outcomes) == ["conflict", "ok"], outcomes
    refusal = next(message for kind, message in outcomes if kind == "conflict")
    assert "已由" in refusal
    plan.refresh_from_db()
    assert plan.waiting_level == "office"
    department_approvals = [e for e in item_history(plan) if e.action == "ladder.approve"
                            and e.data.get("level") == "department"]
    assert len(department_approvals) == 1
    assert open_task(plan, "office")  # exactly one next task (get() would raise on two)
