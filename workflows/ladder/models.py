"""What every item on the approval ladder shares: its state, its versions and its viewflow process."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow import jsonstore
from viewflow.workflow.models import Process


class Level(models.TextChoices):
    """The three rungs of the ladder."""

    UNIT = "unit", _("单位审签")
    DEPARTMENT = "department", _("主管部门审核")
    OFFICE = "office", _("安委会办公室审核")


LEVEL_ORDER = {Level.UNIT: 1, Level.DEPARTMENT: 2, Level.OFFICE: 3}


class ItemState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("审批中")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")
    APPROVED = "approved", _("已通过")


EDITABLE_STATES = frozenset({ItemState.DRAFT, ItemState.RETURNED, ItemState.WITHDRAWN})


class LadderProcess(Process):
    """The viewflow process of one item; routing state lives in its JSON ``data``.

    Field names avoid the ones viewflow uses itself (status, data, artifact, seed, …).
    """

    skip_department = jsonstore.BooleanField(default=False)
    resume_level = jsonstore.CharField(max_length=20, blank=True)
    decision = jsonstore.CharField(max_length=20, blank=True)
    decision_comment = jsonstore.TextField(blank=True)

    class Meta:
        proxy = True
        verbose_name = _("审批流程")
        verbose_name_plural = _("审批流程")

    @property
    def item(self):
        """The plan, record, report or answer climbing the ladder."""
        return self.artifact


class LadderItem(models.Model):
    """Abstract base of every item kind that climbs the ladder (plans, records, reports, answers).

    ``unit`` and ``supervisor`` are indexed columns so that every list is one filter on
    ``unit_id__in=`` / ``supervisor_id__in=`` the organisations a user may see.
    """

    unit = models.ForeignKey("organisations.Organisation", verbose_name=_("填报单位"), on_delete=models.PROTECT,
                             related_name="+")
    supervisor = models.ForeignKey("organisations.Organisation", verbose_name=_("主管单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("campaigns.Period", verbose_name=_("半年周期"), on_delete=models.PROTECT,
                               related_name="+")
    state = models.CharField(_("状态"), max_length=20, choices=ItemState.choices, default=ItemState.DRAFT)
    waiting_level = models.CharField(_("待审级别"), max_length=20, choices=Level.choices, blank=True)
    returned_level = models.CharField(_("退回级别"), max_length=20, choices=Level.choices, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)
    process = models.OneToOneField(Process, verbose_name=_("审批流程"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    signed_off_at = models.DateTimeField(_("单位审签时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    last_urged_at = models.DateTimeField(_("最近催办时间"), null=True, blank=True)

    # Set by each concrete kind: the code used in URLs, the API and the registry.
    kind: str = ""

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def state_label(self) -> str:
        if self.state == ItemState.PENDING and self.waiting_level:
            return _("待%(level)s") % {"level": Level(self.waiting_level).label}
        if self.state == ItemState.RETURNED and self.returned_level:
            return _("被%(level)s退回") % {"level": Level(self.returned_level).label}
        return self.get_state_display()

    def snapshot(self) -> dict:
        """The content a version freezes; each kind lists its own fields."""
        raise NotImplementedError

    def submission_errors(self) -> list[str]:
        """What must be fixed before the item may be submitted (empty when ready)."""
        return []

    def prepare_submission(self) -> None:
        """Refresh derived content just before a version is frozen (e.g. a report's header)."""


class ItemVersion(models.Model):
    """The content of an item as submitted, kept for every submission."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    number = models.PositiveIntegerField(_("版本号"))
    data = models.JSONField(_("内容"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("报送时间"))

    class Meta:
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "number"], name="item_version_unique"),
        ]

    def __str__(self):
        return f"v{self.number}"
