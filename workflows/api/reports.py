"""Half-year reports (工作开展情况报告) in the API: the ladder's item endpoints, create and edit of the narrative
through the report services. Statistics are never written here: they are frozen at the unit's sign-off."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from workflows.campaigns.models import Period
from workflows.reports import services
from workflows.reports.models import NARRATIVE_FIELDS, HalfYearReport
from workflows.reports.selectors import reportable_periods, visible_reports

from .items import ITEM_LIST_PARAMETERS, ItemCreateMixin, ItemUpdateMixin, LadderItemViewSet
from .serializers import LADDER_FIELDS, FilingUnitSerializer, LadderItemSerializer

# Statistics as the schema shows them: an object, or null (frozen ones before the sign-off, live ones after).
STATISTICS = serializers.DictField(allow_null=True)


class ReportSerializer(LadderItemSerializer):
    """A half-year report with the statistics frozen into it at the unit's sign-off (null before)."""

    statistics = serializers.SerializerMethodField(
        help_text=_("单位审签时依据已通过的宣讲记录生成并固定的统计：宣讲次数（总数及各负责人）、参加人数、"
                    "覆盖的宣讲内容和渠道、各负责人是否完成、记录清单；审签前为 null"))
    report_due = serializers.DateField(source="period.report_due", read_only=True, help_text=_("报告截止日期"))

    class Meta:
        model = HalfYearReport
        fields = ["id", "unit", "unit_name", "period", "report_due", "header", *NARRATIVE_FIELDS, "statistics",
                  "statistics_frozen_at", "is_late", "days_late", *LADDER_FIELDS]
        read_only_fields = fields

    @extend_schema_field(STATISTICS)
    def get_statistics(self, report):
        return report.statistics if report.statistics_frozen_at else None


class ReportDetailSerializer(ReportSerializer):
    """One report; before sign-off it also shows what the statistics would be today."""

    live_statistics = serializers.SerializerMethodField(
        help_text=_("尚未审签时：按目前已通过的宣讲记录计算的统计（审签时才固定）；审签后为 null"))

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "live_statistics"]
        read_only_fields = fields

    @extend_schema_field(STATISTICS)
    def get_live_statistics(self, report):
        return None if report.statistics_frozen_at else report.live_statistics()


class ReportUpdateSerializer(serializers.ModelSerializer):
    """The narrative a liaison may change while the report is a draft, returned or withdrawn (PATCH: any subset)."""

    class Meta:
        model = HalfYearReport
        fields = list(NARRATIVE_FIELDS)


class ReportCreateSerializer(FilingUnitSerializer, ReportUpdateSerializer):
    """A new report: the unit, the half-year (one already started) and the narrative."""

    period = serializers.SlugRelatedField(
        slug_field="code", queryset=Period.objects.none(), help_text=_("半年周期代码，如 2026H2"),
        error_messages={"does_not_exist": _("“{value}”不是可报送的半年周期。")})

    class Meta(ReportUpdateSerializer.Meta):
        fields = ["unit", "period", *ReportUpdateSerializer.Meta.fields]
        validators = []  # one report per unit and half-year is the service's rule (409), not a 400 here

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = reportable_periods()


@extend_schema_view(
    list=extend_schema(summary="半年工作报告列表（本人可见范围）", parameters=ITEM_LIST_PARAMETERS),
    retrieve=extend_schema(summary="半年工作报告详情"),
    create=extend_schema(request=ReportCreateSerializer, responses={201: ReportSerializer},
                         summary="新建半年工作报告（每个单位每半年一份）"),
    partial_update=extend_schema(request=ReportUpdateSerializer, responses=ReportSerializer,
                                 summary="修改工作报告（仅草稿、被退回或已撤回时）"),
)
class ReportViewSet(ItemCreateMixin, ItemUpdateMixin, LadderItemViewSet):
    """工作开展情况报告: one per unit and half-year; statistics frozen at unit sign-off, lateness judged then."""

    kind_code = "report"
    serializer_class = ReportSerializer
    create_serializer_class = ReportCreateSerializer
    update_serializer_class = ReportUpdateSerializer

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def visible(self):
        return visible_reports(self.request.user)

    def create_item(self, *, unit, user, **data):
        return services.create_report(unit=unit, user=user, **data)

    def update_item(self, item, *, user, **data):
        return services.update_report(report=item, user=user, **data)
