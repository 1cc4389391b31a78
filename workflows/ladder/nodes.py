"""Ladder steps as viewflow nodes (mechanics; the process itself reads in flows.py).

Both are user tasks whose page is the ladder's own task page (``workflows.ladder.views``):
viewflow's generic task views are not mounted, so nothing unscoped is reachable.
"""

from django.utils.translation import gettext_lazy as _
from viewflow.workflow import flow
from viewflow.workflow.base import Edge
from viewflow.workflow.nodes import View
from viewflow.workflow.nodes.view import ViewActivation

from workflows.organisations.roles import REVIEW, SIGN_OFF

from . import progress
from .models import Level


class StepActivation(ViewActivation):
    """Creating a step's task moves the item to that step (state, waiting level, notifications)."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        flow_task.entered(activation)
        return activation


class ReviewStep(View):
    """A rung: the people holding a grant on one organisation sign off (unit) or review (department, office)."""

    activation_class = StepActivation

    def __init__(self, level: str, **kwargs):
        super().__init__(view=None, **kwargs)
        self.level = level
        self.grant = SIGN_OFF if level == Level.UNIT else REVIEW
        self.Permission(f"organisations.{self.grant}", obj=self.organisation_for)

    def organisation_for(self, process):
        """The organisation whose grant holders act at this level for this item."""
        return progress.acting_organisation(process.item, self.level)

    def entered(self, activation) -> None:
        progress.entered_review(activation, self.level)


class ReviseStep(View):
    """Back with the submitter: revise the item and submit it again."""

    activation_class = StepActivation
    level = None

    def __init__(self, **kwargs):
        super().__init__(view=None, **kwargs)
        self.Assign(lambda activation: activation.process.item.submitted_by)
        self.Annotation(title=_("修改后重新报送"))

    def entered(self, activation) -> None:
        progress.entered_revision(activation)


class Decision(flow.If):
    """An If on the reviewer's decision, whose chart edges read 通过 / 退回 instead of yes / no."""

    def _outgoing(self):
        for edge in super()._outgoing():
            label = _("通过") if edge.edge_class == "cond_true" else _("退回")
            yield Edge(src=edge.src, dst=edge.dst, edge_class=edge.edge_class, label=str(label))
