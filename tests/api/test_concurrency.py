"""Two reviewers approve the same task through the API at the same moment: one 200, one 409, one approval."""

import threading

import pytest
from django.db import connection

from .helpers import create_plan, plan_now, post, task_for


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_approve_through_the_api_has_one_winner_and_one_409(api):
    liaison = api("unit001.liaison")
    plan = create_plan(liaison)
    post(liaison, f"/api/v1/plans/{plan['id']}/submit/")
    head = api("unit001.party")
    post(head, f"/api/v1/tasks/{task_for(head, plan)['id']}/approve/")
    reviewers = [api("dept01.reviewer"), api("dept01.reviewer2")]
    task = task_for(reviewers[0], plan)
    barrier = threading.Barrier(2)
    answers = []

    def approve(client):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            answers.append(post(client, f"/api/v1/tasks/{task['id']}/approve/", {"comment": "同意"}))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=approve, args=(client,)) for client in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(answer.status_code for answer in answers) == [200, 409]
    refusal = next(answer.json() for answer in answers if answer.status_code == 409)
    assert refusal["code"] == "conflict" and "已由" in refusal["detail"]
    assert plan_now(liaison, plan)["waiting_level"] == "office"
    history = liaison.get(f"/api/v1/plans/{plan['id']}/history/").json()
    assert [e["level"] for e in history if e["action"] == "ladder.approve"] == ["unit", "department"]
