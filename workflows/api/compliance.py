"""Compliance in the API: each visible unit's obligations in a half-year, the office's evaluation run, and
findings (evaluated or recorded by hand). Reads go through the compliance selectors, writes through its services."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from workflows.campaigns.models import QUOTA_LABELS, Period
from workflows.common.numbers import MAX_ID
from workflows.compliance import services
from workflows.compliance.models import Evaluation, Finding
from workflows.compliance.rules import Rule
from workflows.compliance.selectors import visible_findings, visible_unit_statuses
from workflows.ladder.errors import NotAllowed
from workflows.ladder.models import ItemState
from workflows.organisations.models import Organisation

from .parsing import QueryBooleanField, QueryIntegerField, filtered, valid_data, valid_query

QUOTA_CHOICES = list(QUOTA_LABELS.items())  # met, missing, not_required
REPORT_STATES = ["missing", *ItemState.values]  # missing: the unit has not started its report


def period_field(**kwargs):
    return serializers.SlugRelatedField(slug_field="code", queryset=Period.objects.select_related("rule_set"),
                                        error_messages={"does_not_exist": _("没有“{value}”这个半年周期。")}, **kwargs)


# ---------------------------------------------------------------- shapes


class UnitStatusSerializer(serializers.Serializer):
    """One unit's obligations in the half-year and whether each is met (from ``compliance.evaluation``)."""

    unit = serializers.IntegerField(source="unit_id")
    code = serializers.CharField()
    name = serializers.CharField()
    supervisor = serializers.IntegerField(source="supervisor_id", allow_null=True, help_text=_("主管单位 id"))
    has_party_organisation = serializers.BooleanField()
    combined_heads = serializers.BooleanField(help_text=_("一肩挑：党政主要负责人由一人担任"))
    party_head_lectures = serializers.IntegerField(source="lectures.party_head",
                                                   help_text=_("党组织主要负责人已通过的宣讲次数"))
    party_head_quota = serializers.ChoiceField(source="quota.party_head", choices=QUOTA_CHOICES)
    admin_head_lectures = serializers.IntegerField(source="lectures.admin_head",
                                                   help_text=_("行政主要负责人已通过的宣讲次数"))
    admin_head_quota = serializers.ChoiceField(source="quota.admin_head", choices=QUOTA_CHOICES)
    other_lectures = serializers.IntegerField(source="lectures.other", help_text=_("其他领导宣讲次数（不计入考核）"))
    report_state = serializers.ChoiceField(choices=REPORT_STATES, help_text=_("半年工作报告的状态；missing 为未填报"))
    report_signed_off_at = serializers.DateTimeField(allow_null=True)
    report_days_late = serializers.IntegerField()
    report_on_time = serializers.BooleanField(help_text=_("截止日期前经单位审签"))
    compliant = serializers.BooleanField(help_text=_("全部义务均已完成"))
    never_active = serializers.SerializerMethodField(help_text=_("本半年没有任何计划、记录或报告"))
    shortfalls = serializers.ListField(child=serializers.ChoiceField(choices=Rule.choices),
                                       help_text=_("未完成的考核项"))

    def get_never_active(self, status) -> bool:
        return not status.active


class ComplianceQuerySerializer(serializers.Serializer):
    period = period_field(help_text=_("半年周期代码，如 2026H1"))
    compliant = QueryBooleanField(required=False, default=None,
                                  help_text=_("true 只看达标的，false 只看未达标的"))


class FindingListQuery(serializers.Serializer):
    period = serializers.CharField(required=False, allow_blank=True, max_length=6, help_text=_("半年周期代码"))
    unit = QueryIntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=_("单位 id"))
    status = serializers.ChoiceField(choices=Finding.Status.choices, required=False)
    rule = serializers.ChoiceField(choices=Rule.choices, required=False)
    source = serializers.ChoiceField(choices=Finding.Source.choices, required=False)


class EvaluateSerializer(serializers.Serializer):
    period = period_field(help_text=_("半年周期代码，如 2026H1"))


class EvaluationSerializer(serializers.ModelSerializer):
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "period", "rule_set_version", "ran_at", "units", "compliant_units", "new_findings",
                  "dismissed_findings"]
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.display_name", read_only=True)
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    rule_label = serializers.CharField(source="get_rule_display", read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "unit", "unit_name", "supervisor", "period", "rule", "rule_label", "rule_set_version",
                  "source", "description", "basis", "facts", "status", "inspected_on", "inspectors", "created_at",
                  "resolved_at", "resolution"]
        read_only_fields = fields


class FindingCreateSerializer(serializers.Serializer):
    """A finding recorded by hand: an inspection's (or a re-check's, with at least two inspectors)."""

    unit = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.OFFICE),
        help_text=_("被检查单位 id"), error_messages={"does_not_exist": _("没有找到该单位。")})
    period = serializers.SlugRelatedField(
        slug_field="code", queryset=Period.objects.none(), help_text=_("半年周期代码（已开始的），如 2026H2"),
        error_messages={"does_not_exist": _("“{value}”不是可登记问题的半年周期。")})
    source = serializers.ChoiceField(choices=[(Finding.Source.INSPECTION, _("执法检查")),
                                              (Finding.Source.RECHECK, _("复查"))],
                                     default=Finding.Source.INSPECTION)
    inspected_on = serializers.DateField(help_text=_("检查日期"))
    inspectors = serializers.ListField(child=serializers.CharField(max_length=30, allow_blank=True), max_length=10,
                                       help_text=_("检查人员姓名；复查须至少两人"))
    description = serializers.CharField(max_length=2000, allow_blank=True, help_text=_("问题描述"))
    basis = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="",
                                  help_text=_("依据；不填则引用本项工作的依据"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = Period.objects.filter(starts__lte=timezone.localdate())


# ---------------------------------------------------------------- endpoints


@extend_schema_view(list=extend_schema(summary="各单位本半年义务完成情况（本人可见范围）",
                                       parameters=[ComplianceQuerySerializer]))
class ComplianceViewSet(viewsets.GenericViewSet):
    """A department sees its units (and itself), a unit itself, the office every unit; others nothing."""

    serializer_class = UnitStatusSerializer

    def list(self, request):
        query = valid_query(ComplianceQuerySerializer, request)
        statuses = visible_unit_statuses(request.user, query["period"])
        if query["compliant"] is not None:
            statuses = [unit for unit in statuses if unit.compliant == query["compliant"]]
        page = self.paginate_queryset(statuses)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=EvaluateSerializer, responses={201: EvaluationSerializer},
                   summary="开展考核评估：找出本半年的全部问题（仅区安委会办公室工作人员；可重复运行）")
    @action(detail=False, methods=["post"])
    def evaluate(self, request):
        data = valid_data(EvaluateSerializer(data=request.data))
        result = services.evaluate_period(period=data["period"], actor=request.user)
        return Response(EvaluationSerializer(result.evaluation).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="问题清单（本人可见范围）", parameters=[FindingListQuery]),
    retrieve=extend_schema(summary="问题详情"),
    create=extend_schema(request=FindingCreateSerializer, responses={201: FindingSerializer},
                         summary="登记检查发现的问题（执法检查人员、区安委会办公室工作人员）"),
)
class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = FindingSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        findings = visible_findings(self.request.user)
        if self.action == "list":
            findings = filtered(findings, valid_query(FindingListQuery, self.request), period="period__code",
                                unit="unit_id", status="status", rule="rule", source="source")
        return findings.order_by("-created_at", "-id")

    def create(self, request):
        if not services.may_record_findings(request.user):
            raise NotAllowed(_("您没有登记问题的权限。"))
        data = valid_data(FindingCreateSerializer(data=request.data))
        finding = services.add_manual_finding(actor=request.user, **data)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)
