"""The API's JSON shapes. They parse and present only: every rule lives in the services and the models'
``clean()``, whose ValidationError comes back as 400 with the same messages the web forms show."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflows.audit.models import AuditEvent
from workflows.campaigns.models import Period
from workflows.common.numbers import MAX_ID
from workflows.ladder import registry
from workflows.ladder.history import event_label
from workflows.ladder.models import ItemState, Level
from workflows.ladder.services import COMMENT_MAX
from workflows.lectures.choices import Channel, Topic
from workflows.lectures.models import LecturePlan
from workflows.lectures.selectors import open_periods
from workflows.organisations.models import Organisation
from workflows.organisations.roles import Role
from workflows.organisations.selectors import units_filing_for

from .parsing import QueryBooleanField

REVISE = "revise"  # the task level of an item back with its submitter
TASK_LEVELS = [*Level.choices, (REVISE, _("退回修改"))]
TASK_STATUSES = [("new", _("待认领")), ("assigned", _("已认领")), ("done", _("已办结")), ("canceled", _("已取消"))]


class LevelField(serializers.ChoiceField):
    """A ladder level, or null where the model stores an empty string (not waiting, never returned)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Level.choices, read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


@extend_schema_field({"type": "string", "format": "time", "example": "09:00:00+08:00"})
class LocalTimeField(serializers.TimeField):
    """A time of day kept as the site's wall-clock time (a lecture's start), shown in RFC 3339 with the site's offset:
    ``09:00:00+08:00``. A time given with an offset is read as that moment's time here; one without, as it is."""

    def to_representation(self, value):
        if value is None:
            return None
        offset = timezone.get_default_timezone().utcoffset(dt.datetime.combine(timezone.localdate(), value))
        return value.replace(tzinfo=dt.timezone(offset)).isoformat()

    def to_internal_value(self, value):
        try:
            given = dt.time.fromisoformat(value)
        except (TypeError, ValueError):
            given = None
        if given is None or given.tzinfo is None:
            return super().to_internal_value(value)
        return dt.datetime.combine(timezone.localdate(), given).astimezone(timezone.get_default_timezone()).time()


# ---------------------------------------------------------------- what every item on the ladder shows

LADDER_FIELDS = ["state", "waiting_level", "returned_level", "version", "created_at", "updated_at", "submitted_at",
                 "approved_at"]


class LadderItemSerializer(serializers.ModelSerializer):
    """The fields every item kind shares: its unit, its half-year and where it stands on the ladder.
    A kind's serializer lists ``id``, ``unit``, ``unit_name``, ``period``, its own fields and LADDER_FIELDS."""

    unit_name = serializers.CharField(source="unit.display_name", read_only=True)
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    state = serializers.ChoiceField(choices=ItemState.choices, read_only=True)
    waiting_level = LevelField(help_text=_("待哪一级审批；不在审批中时为 null"))
    returned_level = LevelField(help_text=_("最近退回的级别；没有退回时为 null"))


def code_list(choices, *, allow_empty: bool, empty_message: str = "", read_only: bool = False, **kwargs):
    """A list of choice codes (topics, channels); ``empty_message`` is the model's own word for an empty list."""
    if read_only:
        return serializers.ListField(child=serializers.ChoiceField(choices=choices), read_only=True, **kwargs)
    error_messages = {"empty": empty_message} if empty_message else {}
    return serializers.ListField(child=serializers.ChoiceField(choices=choices), allow_empty=allow_empty,
                                 error_messages=error_messages, **kwargs)


# ---------------------------------------------------------------- plans


class PlanSerializer(LadderItemSerializer):
    """A lecture plan as the API shows it."""

    lecturer = serializers.CharField(source="lecturer.get_full_name", read_only=True, allow_null=True,
                                     help_text=_("宣讲人姓名（由单位的主要负责人任职自动带出）"))
    topics = code_list(Topic.choices, allow_empty=False, read_only=True)
    channels = code_list(Channel.choices, allow_empty=False, read_only=True)

    class Meta:
        model = LecturePlan
        fields = ["id", "unit", "unit_name", "period", "lecturer_role", "lecturer", "theme", "planned_date", "venue",
                  "audience", "topics", "channels", "expected_attendees", *LADDER_FIELDS]
        read_only_fields = fields


class PlanUpdateSerializer(serializers.ModelSerializer):
    """What a liaison may change while the plan is a draft, returned or withdrawn (PATCH: any subset)."""

    period = serializers.SlugRelatedField(
        slug_field="code", queryset=Period.objects.none(), help_text=_("半年周期代码，如 2026H2"),
        error_messages={"does_not_exist": _("“{value}”不是可填报的半年周期。")})
    # Like the web form's fields: an empty list is refused here, with the model's own words.
    topics = code_list(Topic.choices, allow_empty=False, empty_message=_("请至少选择一项宣讲内容。"),
                       help_text=_("通知第三部分七项重点内容的编号 1…7"))
    channels = code_list(Channel.choices, allow_empty=False, empty_message=_("请至少选择一种宣传渠道。"))

    class Meta:
        model = LecturePlan
        fields = ["period", "lecturer_role", "theme", "planned_date", "venue", "audience", "topics", "channels",
                  "expected_attendees"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = open_periods()


class FilingUnitSerializer(serializers.Serializer):
    """The ``unit`` of a new item: one the caller files for as liaison (mixed into each kind's create body)."""

    unit = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(), help_text=_("填报单位 id（须是本人担任联络员的单位）"),
        error_messages={"does_not_exist": _("您不是该单位的联络员，或该单位不存在。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["unit"].queryset = units_filing_for(request.user)


class PlanCreateSerializer(FilingUnitSerializer, PlanUpdateSerializer):
    """A new draft plan: the unit (one the caller files for as liaison) and every required field."""

    class Meta(PlanUpdateSerializer.Meta):
        fields = ["unit", *PlanUpdateSerializer.Meta.fields]


# ---------------------------------------------------------------- history


class HistoryEventSerializer(serializers.ModelSerializer):
    """One line of an item's history (办理记录): who, when, what, at which level, with which comment."""

    label = serializers.SerializerMethodField(help_text=_("操作的中文说明，如“主管部门审核通过”"))
    actor = serializers.CharField(source="actor_username")
    actor_name = serializers.SerializerMethodField()
    organisation_name = serializers.CharField(source="organisation.display_name", allow_null=True, default=None)
    level = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "action", "label", "actor", "actor_name", "organisation", "organisation_name", "role",
                  "level", "version", "comment"]
        read_only_fields = fields

    def get_label(self, event) -> str:
        return str(event_label(event))

    def get_actor_name(self, event) -> str:
        return event.actor.get_full_name() if event.actor_id else event.actor_username

    @extend_schema_field(serializers.ChoiceField(choices=Level.choices, allow_null=True))
    def get_level(self, event):
        return (event.data or {}).get("level") or None


# ---------------------------------------------------------------- tasks


class TaskSerializer(serializers.Serializer):
    """An approval task (待办) with the item it is about (attached by ``selectors.attach_items``)."""

    id = serializers.IntegerField()
    item_kind = serializers.SerializerMethodField(help_text=_("事项类型，如 plan"))
    item_id = serializers.IntegerField(source="item.pk")
    item_title = serializers.CharField(source="item")
    item_state = serializers.ChoiceField(source="item.state", choices=ItemState.choices)
    unit = serializers.IntegerField(source="item.unit_id", help_text=_("填报单位 id"))
    level = serializers.SerializerMethodField(help_text=_("unit / department / office；退回修改的待办为 revise"))
    status = serializers.SerializerMethodField(help_text=_("new 待认领、assigned 已认领、done 已办结、canceled 已撤回"))
    claimed_by = serializers.CharField(source="owner.username", allow_null=True, help_text=_("认领人用户名"))
    created = serializers.DateTimeField()
    due = serializers.DateTimeField(allow_null=True, help_text=_("办理时限"))
    overdue = serializers.BooleanField(source="is_overdue")

    @extend_schema_field(OpenApiTypes.STR)
    def get_item_kind(self, task) -> str:
        return registry.kind_of(task.item).code

    @extend_schema_field(serializers.ChoiceField(choices=TASK_LEVELS))
    def get_level(self, task) -> str:
        return task.level or REVISE

    @extend_schema_field(serializers.ChoiceField(choices=TASK_STATUSES))
    def get_status(self, task) -> str:
        return str(task.status).lower()


class TaskFilterSerializer(serializers.Serializer):
    """The task list's query parameters."""

    kind = serializers.ChoiceField(choices=(), required=False, help_text=_("事项类型，如 plan"))
    level = serializers.ChoiceField(choices=TASK_LEVELS, required=False)
    overdue = QueryBooleanField(required=False, default=None,
                                help_text=_("true 只看超时的，false 只看未超时的"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [kind.code for kind in registry.kinds()]


class ApproveSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=COMMENT_MAX,
                                    help_text=_("审批意见（可不填）"))


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, max_length=COMMENT_MAX, help_text=_("退回意见（必填）"),
                                    error_messages={"required": _("退回时必须填写退回意见。")})


class ReassignSerializer(serializers.Serializer):
    user = serializers.CharField(max_length=150, help_text=_("转交给的同事的用户名"))


def id_list_field(help_text) -> serializers.ListField:
    """One to a hundred row ids, each within a database integer."""
    return serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1,
                                 max_length=100, help_text=help_text)


class BatchApproveSerializer(serializers.Serializer):
    ids = id_list_field(_("待办 id，最多 100 个"))
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=COMMENT_MAX)


class BatchResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ok = serializers.BooleanField()
    detail = serializers.CharField()


class BatchApproveResultSerializer(serializers.Serializer):
    approved = serializers.IntegerField()
    refused = serializers.IntegerField()
    results = BatchResultSerializer(many=True)


# ---------------------------------------------------------------- organisations, periods, me


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "code", "name", "short_name", "kind", "parent", "credit_code"]
        read_only_fields = fields


class PeriodSerializer(serializers.ModelSerializer):
    """A half-year; the view passes which one is current and which still take plans (campaign selectors)."""

    label = serializers.CharField(read_only=True)
    current = serializers.SerializerMethodField(help_text=_("今天是否在该半年内"))
    open = serializers.SerializerMethodField(help_text=_("是否还能为该半年填报计划"))

    class Meta:
        model = Period
        fields = ["code", "label", "starts", "ends", "report_due", "current", "open"]
        read_only_fields = fields

    def get_current(self, period) -> bool:
        return period.pk == self.context.get("current_id")

    def get_open(self, period) -> bool:
        return period.pk in self.context.get("open_ids", ())


class MembershipOrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    organisations = MembershipOrganisationSerializer(many=True)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, write_only=True,
                                     style={"input_type": "password"})
    otp = serializers.CharField(max_length=6, required=False, allow_blank=True, write_only=True,
                                help_text="动态验证码（6位）：须双因素认证的用户（办公室主任、三员及自行启用者）必填。")


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    username = serializers.CharField()
