"""Every ladder action, one service each. Each checks its own permissions (viewflow checks none for
code-driven transitions), takes the flow lock first, and either does everything or nothing."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.audit.services import record_event
from workflows.common.text import clean_user_text
from workflows.notifications.services import notify
from workflows.organisations.models import Membership
from workflows.organisations.permissions import can_review, can_sign_off, can_submit
from workflows.organisations.roles import SUPERVISOR_ROLES, UNIT_ROLES, Role
from workflows.organisations.selectors import grant_holders

from . import registry
from .errors import Conflict, Invalid, NotAllowed
from .flows import LadderFlow
from .models import EDITABLE_STATES, LEVEL_ORDER, ItemState, ItemVersion, Level
from .progress import acting_organisation, item_title, write_item_columns
from .selectors import NODE_OF_LEVEL
from .signals import level_approved

OPEN = (STATUS.NEW, STATUS.ASSIGNED)
COMMENT_MAX = 2000
_LEVEL_ROLES = {
    Level.UNIT: (Role.PARTY_HEAD, Role.ADMIN_HEAD),
    Level.DEPARTMENT: tuple(SUPERVISOR_ROLES),
    Level.OFFICE: (Role.OFFICE_DIRECTOR, Role.OFFICE_REVIEWER),
}


# ---------------------------------------------------------------- helpers


def _person(user) -> str:
    return user.get_full_name() if user else _("他人")


def _role_in(user, organisation, level: str | None) -> str:
    roles = _LEVEL_ROLES.get(level, tuple(UNIT_ROLES))
    return (Membership.objects.filter(user=user, organisation=organisation, role__in=roles)
            .values_list("role", flat=True).first() or "")


def _audit(action: str, *, user, item, organisation, level: str | None = None, comment: str = "", **data):
    record_event(action=f"ladder.{action}", actor=user, organisation=organisation,
                 role=_role_in(user, organisation, level), target=item, version=item.version, comment=comment,
                 data={"kind": item.kind, "level": level or "", **data})


def _open_level(task) -> str:
    """The level of an open review task; a clear refusal for anything else."""
    if task.status == STATUS.DONE:
        raise Conflict(_("该环节已由%(name)s办理。") % {"name": _person(task.owner)})
    if task.status not in OPEN:
        raise Conflict(_("该环节已撤回或已取消。"))
    level = getattr(task.flow_task, "level", None)
    if not level:
        raise Conflict(_("这不是审批环节。"))
    return level


def may_act(user, item, level: str) -> bool:
    """Does the user hold the grant for ``level`` on the organisation acting for this item?"""
    organisation = acting_organisation(item, level)
    allowed = can_sign_off(user, organisation) if level == Level.UNIT else can_review(user, organisation)
    return allowed and item.submitted_by_id != user.pk


def _decided_another_level(user, item, level: str) -> bool:
    """Has the user already decided another level of the version now climbing? One person, one level: a unit
    head who also reviews for the department must not pass their own sign-off (不得自审自批)."""
    return Task.objects.filter(
        process_id=item.process_id, owner_id=user.pk, status=STATUS.DONE, flow_task_type="HUMAN",
        finished__gte=item.submitted_at,
    ).exclude(flow_task__in=[LadderFlow.revise, NODE_OF_LEVEL[level]]).exists()


def _require_may_act(user, item, level: str) -> None:
    if item.submitted_by_id == user.pk:
        raise NotAllowed(_("不能审批本人报送的事项。"))
    if not may_act(user, item, level):
        raise NotAllowed(_("您没有“%(level)s”的权限。") % {"level": Level(level).label})
    if _decided_another_level(user, item, level):
        raise NotAllowed(_("您已审批过本次报送的其他环节，不能再审批这一环节。"))


def _take(activation, user) -> None:
    """Claim an unclaimed task for ``user``; refuse one claimed by somebody else."""
    task = activation.task
    if task.status == STATUS.NEW:
        activation.assign(user)
    elif task.owner_id != user.pk:
        raise Conflict(_("该环节已由%(name)s认领。") % {"name": _person(task.owner)})


class _Run:
    """``with _Run(task) as activation:`` — the flow lock, turned into Conflict when it cannot be had."""

    def __init__(self, task):
        self.manager = task.activation()

    def __enter__(self):
        try:
            return self.manager.__enter__()
        except FlowLockFailed as error:
            raise Conflict(_("该事项正由他人办理，请稍后再试。")) from error

    def __exit__(self, *exc):
        return self.manager.__exit__(*exc)


def open_task(item, *, node=None):
    """The item's open human task (at most one at a time on this ladder)."""
    if item.process_id is None:
        return None
    tasks = Task.objects.filter(process_id=item.process_id, status__in=OPEN, flow_task_type="HUMAN")
    if node is not None:
        tasks = tasks.filter(flow_task=node)
    return tasks.select_related("owner").first()


def _new_version(item, user) -> None:
    """Freeze what is being submitted: a version row and the submission columns."""
    item.prepare_submission()
    now = timezone.now()
    version = item.version + 1
    ItemVersion.objects.create(content_type=ContentType.objects.get_for_model(item), object_id=item.pk,
                               number=version, data=item.snapshot(), submitted_by=user, submitted_at=now)
    write_item_columns(item, version=version, submitted_by=user, submitted_at=now, supervisor=item.unit.parent,
                       returned_level="")


def _check_submittable(item, user) -> None:
    if not can_submit(user, item.unit):
        raise NotAllowed(_("您不是%(unit)s的联络员，不能报送。") % {"unit": item.unit.display_name})
    if item.state not in EDITABLE_STATES:
        raise Conflict(_("该事项正在审批中或已通过，不能重复报送。"))
    errors = item.submission_errors()
    if errors:
        raise Invalid("；".join(errors))


# ---------------------------------------------------------------- actions


def submit(*, item, user):
    """Send a draft up the ladder, or a returned / withdrawn item back to where it is due."""
    item.refresh_from_db()
    _check_submittable(item, user)
    if item.process_id is None:
        _start(item=item, user=user)
    else:
        _resubmit(item=item, user=user)
    item.refresh_from_db()
    return item


def _start(*, item, user) -> None:
    with transaction.atomic():
        locked = type(item).objects.select_for_update().get(pk=item.pk)
        if locked.process_id is not None or locked.state != ItemState.DRAFT:
            raise Conflict(_("该事项已报送，不能重复报送。"))
        _new_version(locked, user)
        process = LadderFlow.start.run(item=locked, user=user)
        write_item_columns(locked, process=process)
        _audit("submit", user=user, item=locked, organisation=locked.unit)


def _resubmit(*, item, user) -> None:
    task = open_task(item, node=LadderFlow.revise)
    if task is None:
        raise Conflict(_("该事项正在审批中，不能重复报送。"))
    with _Run(task) as activation:
        if activation.task.status not in OPEN:
            raise Conflict(_("该事项已重新报送。"))
        locked = type(item).objects.select_for_update().get(pk=item.pk)
        _check_submittable(locked, user)
        process = activation.process
        process.artifact = locked
        _new_version(locked, user)
        process.decision, process.decision_comment = "", ""
        process.save()
        if activation.task.owner_id != user.pk:
            activation.reassign(user)
        activation.start(None)
        activation.execute()
        _audit("resubmit", user=user, item=locked, organisation=locked.unit)


def claim(*, task, user):
    """Take an unclaimed task from the organisation's queue (认领)."""
    with _Run(task) as activation:
        level = _open_level(activation.task)
        item = activation.process.item
        _require_may_act(user, item, level)
        if activation.task.owner_id == user.pk:
            return activation.task
        _take(activation, user)
        _audit("claim", user=user, item=item, organisation=acting_organisation(item, level), level=level)
        return activation.task


def release(*, task, user):
    """Put a claimed task back into the organisation's queue."""
    with _Run(task) as activation:
        level = _open_level(activation.task)
        item = activation.process.item
        if activation.task.owner_id != user.pk:
            raise NotAllowed(_("只有认领人可以退回队列。"))
        activation.unassign()
        _audit("release", user=user, item=item, organisation=acting_organisation(item, level), level=level)
        return activation.task


def approve(*, task, user, comment: str = "", kind_rules: bool = False):
    """Approve at the task's level with an optional comment (审批意见).

    ``kind_rules`` is set only by an item kind's own service for a level it guards (see registry).
    """
    return _decide(task=task, user=user, decision="approve", comment=clean_user_text(comment, max_length=COMMENT_MAX),
                   kind_rules=kind_rules)


def return_for_revision(*, task, user, comment: str, kind_rules: bool = False):
    """Send the item back to its submitter (退回); the comment says what to change and is required."""
    comment = clean_user_text(comment, max_length=COMMENT_MAX)
    if not comment:
        raise Invalid(_("退回时必须填写退回意见。"))
    return _decide(task=task, user=user, decision="return", comment=comment, kind_rules=kind_rules)


def _decide(*, task, user, decision: str, comment: str, kind_rules: bool = False):
    with _Run(task) as activation:
        level = _open_level(activation.task)
        process = activation.process
        item = process.item
        _require_may_act(user, item, level)
        if level in registry.kind_of(item).guarded_levels and not kind_rules:
            raise Conflict(_("该环节须通过专门的表单办理（如整改复查）。"))
        _take(activation, user)
        process.decision, process.decision_comment = decision, comment
        if decision == "return" and level != Level.UNIT:
            current = process.resume_level
            if not current or LEVEL_ORDER[level] > LEVEL_ORDER[current]:
                process.resume_level = level
        if decision == "approve" and process.resume_level == level:
            process.resume_level = ""
        process.save()
        if decision == "return":
            write_item_columns(item, returned_level=level)
        elif level == Level.UNIT:
            write_item_columns(item, signed_off_at=timezone.now())
        activation.start(None)
        activation.execute()
        if decision == "approve":
            level_approved.send(sender=type(item), item=item, level=level, actor=user, comment=comment)
        # Audited last: the first audit event of a transaction locks the audit chain until commit, and the
        # level's document (rendered above, some hundred milliseconds) must not hold every other writer up.
        organisation = acting_organisation(item, level)
        _audit(decision, user=user, item=item, organisation=organisation, level=level, comment=comment,
               task=activation.task.pk)
    item.refresh_from_db()
    return item


@dataclass(frozen=True)
class BatchResult:
    task_id: int
    ok: bool
    message: str


def batch_approve(*, task_ids: list[int], user, comment: str = "") -> list[BatchResult]:
    """Approve several tasks with one comment; each task stands alone (refusals leave it untouched). A task on an
    item the user cannot see is "not found", never "not allowed": ids are sequential, and a refusal would tell
    its level, state and reviewer."""
    from .selectors import visible_task

    results = []
    tasks = {task.pk: task for task in Task.objects.filter(pk__in=task_ids)}
    for task_id in dict.fromkeys(task_ids):
        task = tasks.get(task_id)
        if task is None or visible_task(user, task_id) is None:
            results.append(BatchResult(task_id, False, _("没有找到该待办。")))
            continue
        try:
            item = approve(task=task, user=user, comment=comment)
        except (Conflict, NotAllowed, Invalid) as refusal:
            results.append(BatchResult(task_id, False, refusal.message))
        else:
            results.append(BatchResult(task_id, True, _("已通过：%(title)s") % {"title": item_title(item)}))
    # Each approval above is its own event; this one records the batch as the user asked for it. A batch
    # refused whole changed nothing and, like any other refusal, leaves no trace.
    if any(result.ok for result in results):
        record_event(action="ladder.batch_approve", actor=user, comment=comment,
                     data={"approved": [r.task_id for r in results if r.ok],
                           "refused": [r.task_id for r in results if not r.ok]})
    return results


def reassign(*, task, user, to_user):
    """Hand a claimed task to a colleague holding the same grant on the same organisation (转交)."""
    with _Run(task) as activation:
        level = _open_level(activation.task)
        item = activation.process.item
        if activation.task.status != STATUS.ASSIGNED or activation.task.owner_id != user.pk:
            raise NotAllowed(_("只能转交自己已认领的待办。"))
        if to_user is None or to_user.pk == user.pk:
            raise Invalid(_("请选择另一位同事。"))
        if not may_act(to_user, item, level):
            raise Invalid(_("%(name)s没有该环节的权限，不能转交。") % {"name": _person(to_user)})
        activation.reassign(to_user)
        organisation = acting_organisation(item, level)
        _audit("reassign", user=user, item=item, organisation=organisation, level=level,
               to=to_user.username)
        notify(recipients=[to_user], title=_("转交：%(title)s") % {"title": item_title(item)},
               url=f"/ladder/tasks/{activation.task.pk}/")
        return activation.task


def colleagues_for(task, user):
    """Who a claimed task may be handed to: the other holders of the same grant on the same organisation; nobody
    for the submitter's own revision, which no grant opens."""
    if getattr(task.flow_task, "grant", None) is None:
        return get_user_model().objects.none()
    item = task.process.coerced.item
    organisation = acting_organisation(item, task.flow_task.level)
    return (grant_holders(task.flow_task.grant, organisation)
            .exclude(pk__in=[user.pk, item.submitted_by_id or 0]).order_by("username"))


def withdraw(*, item, user):
    """Take back the last step (撤回) while the next level has not claimed it: the task returns to its actor."""
    task = open_task(item)
    if task is None:
        raise Conflict(_("当前没有可撤回的环节。"))
    with _Run(task) as activation:
        pending = activation.task
        if pending.status == STATUS.ASSIGNED and pending.flow_task.level is not None:
            raise Conflict(_("%(name)s已认领，不能撤回。") % {"name": _person(pending.owner)})
        if pending.status != STATUS.NEW or pending.flow_task.level is None:
            raise Conflict(_("当前没有可撤回的环节。"))
        process = activation.process
        locked = process.item
        previous, actor = _previous_step(pending, locked)
        if actor is None or actor.pk != user.pk:
            raise NotAllowed(_("只有上一环节的办理人可以撤回。"))
        _cancel_with_timers(activation)
        process.decision, process.decision_comment = "withdraw", ""
        process.save()
        recreated = previous._create(activation, pending.token)  # private viewflow API, pinned version
        if recreated.task.status == STATUS.NEW:
            recreated.assign(user)
        organisation = acting_organisation(locked, previous.level) if previous.level else locked.unit
        _audit("withdraw", user=user, item=locked, organisation=organisation, level=previous.level)
    item.refresh_from_db()
    return item


def _previous_step(pending, item):
    """The step that led to ``pending`` and who did it: a review step's owner, or the submitter."""
    task = pending
    while True:
        task = task.previous.first()
        if task is None or task.flow_task_type == "START":
            return LadderFlow.revise, item.submitted_by
        if task.flow_task_type == "HUMAN":
            if task.flow_task == LadderFlow.revise:
                return LadderFlow.revise, item.submitted_by
            return task.flow_task, task.owner


def _cancel_with_timers(activation) -> None:
    """Cancel a pending task and disarm its time-limit timer (cancel sends no finished signal)."""
    task = activation.task
    for timer in Task.objects.filter(previous=task, flow_task_type="TIMER", status__in=[STATUS.NEW, STATUS.SCHEDULED]):
        timer_activation = timer.flow_task.activation_class(timer)
        timer_activation.cancel()
    activation.cancel()


def urge(*, item, user):
    """Nudge the pending level (催办): a notification, at most once a day per item."""
    if not can_submit(user, item.unit):
        raise NotAllowed(_("只有本单位联络员可以催办。"))
    with transaction.atomic():
        locked = type(item).objects.select_for_update().get(pk=item.pk)
        if locked.state != ItemState.PENDING:
            raise Conflict(_("该事项不在审批中，无需催办。"))
        today = timezone.localdate()
        if locked.last_urged_at and timezone.localtime(locked.last_urged_at).date() == today:
            raise Conflict(_("今天已催办过，每个事项每天只能催办一次。"))
        task = open_task(locked)
        level = locked.waiting_level
        organisation = acting_organisation(locked, level)
        people = [task.owner] if task and task.owner_id else grant_holders(task.flow_task.grant, organisation)
        notify(recipients=people, title=_("催办：%(title)s 待%(level)s，请尽快办理") % {
            "title": item_title(locked), "level": Level(level).label}, url=f"/ladder/tasks/{task.pk}/")
        write_item_columns(locked, last_urged_at=timezone.now())
        _audit("urge", user=user, item=locked, organisation=locked.unit, level=level)
    item.refresh_from_db()
    return item


def withdraw_actor(item):
    """Who could withdraw the item right now (None when nobody can): the actor of the step before an
    unclaimed pending review."""
    task = open_task(item)
    if task is None or task.status != STATUS.NEW or task.flow_task.level is None:
        return None
    return _previous_step(task, item)[1]
