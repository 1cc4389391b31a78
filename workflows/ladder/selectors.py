"""Reads of the ladder, always scoped to the user: items, tasks, history, the flow chart."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DateTimeField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from viewflow.workflow import chart
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.audit.models import AuditEvent
from workflows.organisations.models import Organisation
from workflows.organisations.roles import REVIEW, SIGN_OFF
from workflows.organisations.selectors import (
    granted_organisation_ids,
    own_organisation_ids,
    reviews_everything,
    supervised_filter,
    supervised_organisation_ids,
)

from . import registry
from .flows import LadderFlow
from .models import ItemVersion, Level

REVIEW_NODES = (LadderFlow.unit_sign_off, LadderFlow.department_review, LadderFlow.office_review)
NODE_OF_LEVEL = {node.level: node for node in REVIEW_NODES}


def visible_items(model, user) -> QuerySet:
    """Items of ``model`` the user may see: every item of their own organisations, and the submitted
    items (never drafts) of the organisations they review."""
    own = own_organisation_ids(user)
    if not own and not reviews_everything(user) and not supervised_organisation_ids(user):
        return model.objects.none()
    return model.objects.filter(Q(unit_id__in=own) | (supervised_filter(user) & Q(version__gt=0)))


def _with_due(tasks: QuerySet) -> QuerySet:
    timers = Task.objects.filter(previous=OuterRef("pk"), flow_task_type="TIMER").order_by("-created")
    return tasks.annotate(due=Subquery(timers.values("scheduled")[:1], output_field=DateTimeField()))


def ladder_tasks() -> QuerySet:
    return Task.objects.filter(process__flow_class=LadderFlow, flow_task_type="HUMAN")


def actionable_tasks(user) -> QuerySet:
    """Open tasks the user may act on: those they claimed, and unclaimed ones in their organisations' queues."""
    if not user.is_authenticated:
        return Task.objects.none()
    mine = Q(owner=user, status=STATUS.ASSIGNED)
    for codename in (SIGN_OFF, REVIEW):
        ids = [str(pk) for pk in granted_organisation_ids(user, codename)]
        if ids:
            mine |= Q(status=STATUS.NEW, owner_permission=f"organisations.{codename}", owner_permission_obj_pk__in=ids)
    return _with_due(ladder_tasks().filter(mine)).select_related("owner", "process").order_by("created", "pk")


def filter_tasks(tasks: QuerySet, *, kind: str = "", level: str = "", overdue: bool | None = None) -> QuerySet:
    if level in NODE_OF_LEVEL:
        tasks = tasks.filter(flow_task=NODE_OF_LEVEL[level])
    elif level == "revise":
        tasks = tasks.filter(flow_task=LadderFlow.revise)
    item_kind = registry.kind_by_code(kind)
    if item_kind is not None:
        tasks = tasks.filter(process__artifact_content_type=ContentType.objects.get_for_model(item_kind.model))
    if overdue is True:
        tasks = tasks.filter(due__lte=timezone.now())
    elif overdue is False:
        tasks = tasks.filter(Q(due__isnull=True) | Q(due__gt=timezone.now()))
    return tasks


def archived_tasks(user) -> QuerySet:
    """Tasks the user completed, on items they may still see."""
    visible = Q()
    for kind in registry.kinds():
        visible |= Q(process_id__in=visible_items(kind.model, user).values("process_id"))
    return ladder_tasks().filter(visible, owner=user, status=STATUS.DONE).select_related("process").order_by(
        "-finished")


def attach_items(tasks) -> list:
    """Give each task ``.item`` (and ``.level``) with one query per item kind, whatever the page size."""
    tasks = list(tasks)
    wanted = defaultdict(set)
    for task in tasks:
        wanted[task.process.artifact_content_type_id].add(task.process.artifact_object_id)
    kinds = registry.content_type_ids()
    loaded = {}
    for content_type_id, ids in wanted.items():
        kind = kinds[content_type_id]
        for item in kind.model.objects.filter(pk__in=ids).select_related(*kind.list_related()):
            loaded[(content_type_id, item.pk)] = item
    for task in tasks:
        task.item = loaded.get((task.process.artifact_content_type_id, task.process.artifact_object_id))
        task.level = getattr(task.flow_task, "level", None)
        task.is_overdue = bool(getattr(task, "due", None) and task.due <= timezone.now())
    return tasks


def visible_task(user, pk: int):
    """A task whose item the user may see, or None (the view answers 404)."""
    task = _with_due(ladder_tasks()).select_related("owner", "process").filter(pk=pk).first()
    if task is None:
        return None
    [task] = attach_items([task])
    if task.item is None or not visible_items(type(task.item), user).filter(pk=task.item.pk).exists():
        return None
    return task


def item_history(item) -> QuerySet[AuditEvent]:
    """Every action on the item, oldest first: who, when, what, comment, version, level."""
    return (AuditEvent.objects.filter(target_type=item._meta.label_lower, target_id=str(item.pk))
            .select_related("actor", "organisation").order_by("id"))


def item_versions(item) -> QuerySet[ItemVersion]:
    return ItemVersion.objects.filter(content_type=ContentType.objects.get_for_model(item),
                                      object_id=item.pk).select_related("submitted_by")


def flow_chart_svg(item) -> str:
    """The ladder's chart, with the item's passed and current steps marked."""
    grid = chart.calc_layout_data(LadderFlow)
    if item.process_id:
        chart.calc_cell_status(LadderFlow, grid, item.process_id)
    return chart.grid_to_svg(grid)


BOARD_CARDS = 50


def pending_by_level(user) -> dict[str, tuple[int, list]]:
    """The kanban board: per level, how many submitted items wait there within the user's sight and the
    oldest ``BOARD_CARDS`` of them — counted in the database, so the cost does not grow with the backlog."""
    counts = dict.fromkeys(Level.values, 0)
    oldest = {level: [] for level in Level.values}
    for kind in registry.kinds():
        waiting = visible_items(kind.model, user).filter(state="pending")
        for row in waiting.values("waiting_level").annotate(n=Count("pk")).order_by():
            if row["waiting_level"] in counts:
                counts[row["waiting_level"]] += row["n"]
        for level in Level.values:
            if counts[level]:
                oldest[level] += waiting.filter(waiting_level=level).select_related(*kind.list_related()).order_by(
                    "submitted_at")[:BOARD_CARDS]
    return {level: (counts[level], sorted(oldest[level], key=lambda item: item.submitted_at)[:BOARD_CARDS])
            for level in Level.values}


def open_review_counts(user, within: Q | None = None) -> dict[str, dict[str, int]]:
    """Open review tasks per level — ``{"unit": {"open": n, "overdue": m}, …}`` — on the items the user may see
    (narrowed to the organisations matching ``within``, a Q on Organisation). Overdue means past the level's
    time limit. One query."""
    pending = Q()
    for kind in registry.kinds():
        items = visible_items(kind.model, user).filter(state="pending")
        if within:
            items = items.filter(unit__in=Organisation.objects.filter(within))
        pending |= Q(process_id__in=items.values("process_id"))
    counts = {level: {"open": 0, "overdue": 0} for level in Level.values}
    tasks = _with_due(ladder_tasks().filter(pending, status__in=[STATUS.NEW, STATUS.ASSIGNED],
                                            flow_task__in=REVIEW_NODES))
    now = timezone.now()
    for node, due in tasks.values_list("flow_task", "due"):
        counts[node.level]["open"] += 1
        counts[node.level]["overdue"] += bool(due and due <= now)
    return counts
