"""Lecture records (宣讲记录) in the API: the ladder's item endpoints, create and edit through the lecture
services, evidence upload and removal while the record is editable."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from workflows.evidence.selectors import evidence_of
from workflows.lectures import services
from workflows.lectures.choices import Channel, Topic
from workflows.lectures.models import LecturePlan, LectureRecord
from workflows.lectures.selectors import visible_plans, visible_records

from .evidence import EvidenceSerializer
from .items import (
    ITEM_LIST_PARAMETERS,
    EvidenceUploadMixin,
    ItemCreateMixin,
    ItemUpdateMixin,
    LadderItemViewSet,
)
from .serializers import LADDER_FIELDS, FilingUnitSerializer, LadderItemSerializer, LocalTimeField, code_list

MEDIA_LINKS_MAX = 20


class RecordSerializer(LadderItemSerializer):
    """A lecture record as the API shows it, with its evidence."""

    starts_at = LocalTimeField(read_only=True, label=_("开始时间"))
    ends_at = LocalTimeField(read_only=True, label=_("结束时间"))
    lecturer = serializers.CharField(source="lecturer_display", read_only=True,
                                     help_text=_("宣讲人（身份与姓名，或其他领导的姓名及职务）"))
    counts_toward_quota = serializers.BooleanField(read_only=True, help_text=_("是否计入主要负责人宣讲考核"))
    topics = code_list(Topic.choices, allow_empty=False, read_only=True)
    channels = code_list(Channel.choices, allow_empty=True, read_only=True)
    media_links = serializers.ListField(child=serializers.CharField(), source="link_list", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = LectureRecord
        fields = ["id", "unit", "unit_name", "period", "plan", "held_on", "starts_at", "ends_at", "venue",
                  "lecturer_role", "lecturer", "other_lecturer", "counts_toward_quota", "form", "theme", "audience",
                  "attendees", "topics", "channels", "summary", "host", "recorder", "media_links", "evidence",
                  *LADDER_FIELDS]
        read_only_fields = fields


class RecordUpdateSerializer(serializers.ModelSerializer):
    """What a liaison may change while the record is a draft, returned or withdrawn (PATCH: any subset).
    The half-year follows from ``held_on``."""

    starts_at = LocalTimeField(label=_("开始时间"))
    ends_at = LocalTimeField(label=_("结束时间"))
    plan = serializers.PrimaryKeyRelatedField(
        queryset=LecturePlan.objects.none(), allow_null=True, required=False,
        help_text=_("对应的宣讲计划 id（本单位同一半年的计划，可不填）"),
        error_messages={"does_not_exist": _("没有找到该宣讲计划。")})
    topics = code_list(Topic.choices, allow_empty=False, empty_message=_("请至少选择一项宣讲内容。"),
                       help_text=_("通知第三部分七项重点内容的编号 1…7"))
    channels = code_list(Channel.choices, allow_empty=True, required=False)
    media_links = serializers.ListField(child=serializers.CharField(max_length=500), max_length=MEDIA_LINKS_MAX,
                                        required=False, help_text=_("媒体报道链接（网址）"))

    class Meta:
        model = LectureRecord
        fields = list(services.RECORD_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["plan"].queryset = visible_plans(request.user)

    def validate_media_links(self, links: list[str]) -> str:
        """Stored one a line, as the web form writes them; the model checks each address."""
        return "\n".join(links)


class RecordCreateSerializer(FilingUnitSerializer, RecordUpdateSerializer):
    """A new draft record: the unit (one the caller files for as liaison) and every required field."""

    class Meta(RecordUpdateSerializer.Meta):
        fields = ["unit", *RecordUpdateSerializer.Meta.fields]


@extend_schema_view(
    list=extend_schema(summary="宣讲记录列表（本人可见范围）", parameters=ITEM_LIST_PARAMETERS),
    retrieve=extend_schema(summary="宣讲记录详情（含佐证材料）"),
    create=extend_schema(request=RecordCreateSerializer, responses={201: RecordSerializer},
                         summary="新建宣讲记录（草稿；之后上传佐证材料）"),
    partial_update=extend_schema(request=RecordUpdateSerializer, responses=RecordSerializer,
                                 summary="修改宣讲记录（仅草稿、被退回或已撤回时）"),
)
class RecordViewSet(EvidenceUploadMixin, ItemCreateMixin, ItemUpdateMixin, LadderItemViewSet):
    """宣讲记录: at least two photos and a sign-in sheet before it may be submitted (the model says so)."""

    kind_code = "record"
    serializer_class = RecordSerializer
    create_serializer_class = RecordCreateSerializer
    update_serializer_class = RecordUpdateSerializer

    def visible(self):
        return visible_records(self.request.user).prefetch_related("evidence")

    def create_item(self, *, unit, user, **data):
        return services.create_record(unit=unit, user=user, **data)

    def update_item(self, item, *, user, **data):
        return services.update_record(record=item, user=user, **data)

    def add_evidence(self, item, *, user, kind, upload):
        return services.add_record_evidence(record=item, user=user, kind=kind, upload=upload)

    @extend_schema(request=None, responses={204: None}, summary="删除一份佐证材料（记录可修改时）")
    @action(detail=True, methods=["delete"], url_path="evidence/<int:evidence_id>", url_name="evidence-remove")
    def remove_evidence(self, request, pk=None, evidence_id=None):
        record = self.get_object()
        evidence = evidence_of(record).filter(pk=evidence_id).first()
        if evidence is None:
            raise NotFound
        services.remove_record_evidence(record=record, user=request.user, evidence=evidence)
        return Response(status=status.HTTP_204_NO_CONTENT)
