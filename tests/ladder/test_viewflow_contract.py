"""The ladder leans on a few viewflow internals; this fails loudly if an upgrade changes them."""

import inspect

import viewflow
from viewflow.workflow.base import Node
from viewflow.workflow.nodes.view import ViewActivation

from workflows.ladder.flows import LadderFlow


def test_viewflow_is_the_pinned_version():
    assert viewflow.__version__.startswith("2.4"), "re-check withdraw (Node._create) before upgrading viewflow"


def test_node_create_keeps_its_signature():
    assert list(inspect.signature(Node._create).parameters) == ["self", "prev_activation", "token", "data", "seed"]


def test_view_activation_offers_the_transitions_the_services_call():
    for name in ("assign", "unassign", "reassign", "start", "execute", "cancel"):
        assert hasattr(ViewActivation, name), name


def test_every_review_step_has_a_time_limit_timer():
    for node in (LadderFlow.unit_sign_off, LadderFlow.department_review, LadderFlow.office_review):
        assert [type(boundary).__name__ for boundary in node._boundary_events] == ["TimerBoundary"]
