"""The approval ladder every item climbs: unit sign-off → department review → office review.

A department's or 街道's own item skips the middle level. A return sends the item back to its
submitter; once revised and signed off again it goes straight back to the level that returned
it. Each review level has a time limit; when it passes, the level's leader is told.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from .deadlines import review_due
from .escalation import escalate_overdue
from .models import LadderProcess, Level
from .nodes import Decision, ReviewStep, ReviseStep
from .progress import finished


def returned(activation) -> bool:
    return activation.process.decision == "return"


def approved(activation) -> bool:
    return activation.process.decision == "approve"


def goes_to_office(activation) -> bool:
    process = activation.process
    return process.skip_department or process.resume_level == Level.OFFICE


class LadderFlow(flow.Flow):
    """宣讲事项审批

    单位审签 → 主管部门审核 → 安委会办公室审核。
    """

    process_class = LadderProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_item).Next(this.unit_sign_off)

    unit_sign_off = (
        ReviewStep(Level.UNIT)
        .Annotation(title=_("单位审签"))
        .OnTimeout(review_due, this.escalate, interrupting=False, title=_("审签超时"))
        .Next(this.after_sign_off)
    )
    after_sign_off = (
        flow.Switch()
        .Case(this.revise, returned)
        .Case(this.office_review, goes_to_office)
        .Default(this.department_review)
    )

    department_review = (
        ReviewStep(Level.DEPARTMENT)
        .Annotation(title=_("主管部门审核"))
        .OnTimeout(review_due, this.escalate, interrupting=False, title=_("审核超时"))
        .Next(this.after_department)
    )
    after_department = Decision(approved).Then(this.office_review).Else(this.revise)

    office_review = (
        ReviewStep(Level.OFFICE)
        .Annotation(title=_("安委会办公室审核"))
        .OnTimeout(review_due, this.escalate, interrupting=False, title=_("审核超时"))
        .Next(this.after_office)
    )
    after_office = Decision(approved).Then(this.finish).Else(this.revise)

    revise = ReviseStep().Next(this.unit_sign_off)

    finish = flow.Function(this.finish_item).Annotation(title=_("办结")).Next(this.end)
    escalate = flow.Function(this.escalate_overdue).Annotation(title=_("超时督办")).Next(this.end)
    end = flow.End()

    def start_item(self, activation, item, user):
        process = activation.process
        process.artifact = item
        process.skip_department = item.unit.is_supervisor
        activation.task.owner = user
        return process

    def finish_item(self, activation):
        finished(activation.process.item)

    def escalate_overdue(self, activation):
        escalate_overdue(activation)
