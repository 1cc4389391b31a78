"""Rectification in the API: notices (drafting, issue, void, re-issue, escalation; the unit's acknowledge and
answer; the department's re-check; the office's close) and the unit's answers (整改报告), which are an item kind
on the ladder. Reads go through ``visible_notices`` / ``visible_answers``, writes through the rectification
and ladder services — the re-check is the answer's department level, the close its office level."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from workflows.campaigns.models import Period
from workflows.common.numbers import MAX_ID
from workflows.ladder import services as ladder
from workflows.ladder.errors import Conflict
from workflows.ladder.flows import LadderFlow
from workflows.rectification import services
from workflows.rectification.models import Escalation, Notice, Recheck, RectificationAnswer
from workflows.rectification.selectors import overdue_reason, visible_answers, visible_notices

from .documents import DocumentSerializer, subject_documents
from .evidence import EvidenceSerializer
from .items import ITEM_LIST_PARAMETERS, EvidenceUploadMixin, ItemUpdateMixin, LadderItemViewSet
from .parsing import QueryIntegerField, filtered, valid_data, valid_query
from .serializers import (
    LADDER_FIELDS,
    ApproveSerializer,
    BatchResultSerializer,
    LadderItemSerializer,
    id_list_field,
)

# ---------------------------------------------------------------- shapes


class NoticeFindingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rule = serializers.CharField()
    rule_label = serializers.CharField(source="get_rule_display")
    description = serializers.CharField()
    status = serializers.CharField()


class RecheckSerializer(serializers.ModelSerializer):
    """复查: per finding accepted or not, who checked, and the 整改复查意见书 it issued."""

    document_number = serializers.CharField(source="document.number", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Recheck
        fields = ["id", "round", "checked_on", "reviewers", "decisions", "opinion", "passed", "new_deadline",
                  "document", "document_number", "at"]
        read_only_fields = fields


class EscalationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Escalation
        fields = ["id", "kind", "note", "done_on", "at"]
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer):
    """A notice with its findings, the unit's answer (when the caller may see it), re-checks and escalations."""

    unit_name = serializers.CharField(source="unit.display_name", read_only=True)
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    findings = NoticeFindingSerializer(many=True, read_only=True)
    acknowledged_by = serializers.CharField(source="acknowledged_by.username", read_only=True, allow_null=True,
                                            default=None)
    answer = serializers.SerializerMethodField(help_text=_("整改报告 id；尚无或不可见时为 null"))
    overdue = serializers.SerializerMethodField(help_text=_("逾期原因（未逾期为空字符串）"))
    rechecks = RecheckSerializer(many=True, read_only=True)
    escalations = EscalationSerializer(many=True, read_only=True)

    class Meta:
        model = Notice
        fields = ["id", "unit", "unit_name", "supervisor", "period", "status", "number", "round", "deadline", "basis",
                  "requirements", "findings", "document", "drafted_at", "issued_at", "acknowledged_by",
                  "acknowledged_at", "answer", "overdue", "rechecks", "escalations", "closed_at", "closing_document",
                  "voided_at", "voided_reason", "reissue_of"]
        read_only_fields = fields

    def get_answer(self, notice) -> int | None:
        answer = notice.answers.first()  # prefetched: only the answers the caller may see
        return answer.pk if answer else None

    def get_overdue(self, notice) -> str:
        return str(overdue_reason(notice))


class NoticeListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=Notice.Status.choices, required=False)
    period = serializers.CharField(required=False, allow_blank=True, max_length=6, help_text=_("半年周期代码"))
    unit = QueryIntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=_("整改单位 id"))


class DraftSerializer(serializers.Serializer):
    period = serializers.SlugRelatedField(slug_field="code", queryset=Period.objects.all(),
                                          help_text=_("半年周期代码：为该半年尚未列入通知的问题起草"))


class DraftUpdateSerializer(serializers.Serializer):
    basis = serializers.CharField(max_length=2000, allow_blank=True, required=False)
    requirements = serializers.CharField(max_length=4000, allow_blank=True, required=False)
    deadline = serializers.DateField(required=False)


class BatchIssueSerializer(serializers.Serializer):
    ids = id_list_field(_("整改通知草稿 id，最多 100 个"))


class BatchIssueResultSerializer(serializers.Serializer):
    issued = serializers.IntegerField()
    refused = serializers.IntegerField()
    results = BatchResultSerializer(many=True)


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, allow_blank=True, help_text=_("作废原因（必填）"),
                                   error_messages={"required": _("请填写作废原因。")})


class EscalateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Escalation.Kind.choices)
    note = serializers.CharField(max_length=2000, allow_blank=True)
    done_on = serializers.DateField()


class DecisionSerializer(serializers.Serializer):
    finding = serializers.IntegerField(help_text=_("问题 id"))
    accepted = serializers.BooleanField(help_text=_("是否整改到位"))
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class RecheckRequestSerializer(serializers.Serializer):
    reviewers = serializers.ListField(child=serializers.CharField(max_length=30, allow_blank=True), max_length=10,
                                      help_text=_("复查人员姓名，至少两人"))
    checked_on = serializers.DateField(help_text=_("复查日期"))
    decisions = DecisionSerializer(many=True, help_text=_("逐项意见：每个待整改问题一项"))
    opinion = serializers.CharField(max_length=2000, allow_blank=True, help_text=_("复查意见"))
    new_deadline = serializers.DateField(required=False, allow_null=True, default=None,
                                         help_text=_("未全部通过时必填：新的整改期限"))


class MeasureSerializer(serializers.Serializer):
    finding = serializers.IntegerField(help_text=_("问题 id"))
    measures = serializers.CharField(max_length=2000, allow_blank=True, help_text=_("整改措施"))
    status = serializers.ChoiceField(choices=RectificationAnswer.MeasureStatus.choices, required=False,
                                     default=RectificationAnswer.MeasureStatus.DONE)
    done_on = serializers.DateField(required=False, allow_null=True, default=None)


class AnswerSerializer(LadderItemSerializer):
    """整改报告: per pending finding what was done, with evidence; climbs the ladder (复查 at the department,
    销号 at the office)."""

    notice_number = serializers.CharField(source="notice.number", read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = RectificationAnswer
        fields = ["id", "unit", "unit_name", "period", "notice", "notice_number", "round", "measures", "summary",
                  "evidence", *LADDER_FIELDS]
        read_only_fields = fields


class AnswerUpdateSerializer(serializers.Serializer):
    measures = MeasureSerializer(many=True, required=False)
    summary = serializers.CharField(max_length=4000, allow_blank=True, required=False)


# ---------------------------------------------------------------- answers


@extend_schema_view(
    list=extend_schema(summary="整改报告列表（本人可见范围）", parameters=ITEM_LIST_PARAMETERS),
    retrieve=extend_schema(summary="整改报告详情"),
    partial_update=extend_schema(request=AnswerUpdateSerializer, responses=AnswerSerializer,
                                 summary="填写整改措施和综述（草稿或被退回时）"),
)
class AnswerViewSet(EvidenceUploadMixin, ItemUpdateMixin, LadderItemViewSet):
    """整改报告: started from its notice (``POST /notices/{id}/answer/``), then edited, given evidence, submitted
    and signed off like any item; the department's level is the re-check, the office's the close."""

    kind_code = "answer"
    serializer_class = AnswerSerializer
    update_serializer_class = AnswerUpdateSerializer

    def visible(self):
        return visible_answers(self.request.user).prefetch_related("evidence")

    def update_item(self, item, *, user, **data):
        measures = data.get("measures", item.measures)
        return services.update_answer(answer=item, actor=user, measures=measures,
                                      summary=data.get("summary", item.summary))

    def add_evidence(self, item, *, user, kind, upload):
        return services.add_answer_evidence(answer=item, actor=user, kind=kind, upload=upload)


# ---------------------------------------------------------------- notices


@extend_schema_view(
    list=extend_schema(summary="整改通知列表（草稿仅办公室可见）", parameters=[NoticeListQuery]),
    retrieve=extend_schema(summary="整改通知详情"),
    partial_update=extend_schema(request=DraftUpdateSerializer, responses=NoticeSerializer,
                                 summary="修改草稿（依据、整改要求、期限；下发后不能修改）"),
)
class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """整改通知 and every action on it, each one service."""

    serializer_class = NoticeSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        user = self.request.user
        notices = visible_notices(user).select_related("acknowledged_by").prefetch_related(
            "findings", "escalations", Prefetch("rechecks", queryset=Recheck.objects.select_related("document")),
            Prefetch("answers", queryset=visible_answers(user)))
        if self.action == "list":
            notices = filtered(notices, valid_query(NoticeListQuery, self.request), status="status",
                               period="period__code", unit="unit_id")
        return notices.order_by("-drafted_at", "-id")

    def _notice(self, notice) -> Response:
        """The notice as it is now, after the action."""
        return Response(self.get_serializer(self.get_queryset().get(pk=notice.pk)).data)

    def _answer(self, notice):
        """The unit's answer to the notice, as far as the caller may see it."""
        answer = visible_answers(self.request.user).filter(notice=notice).first()
        if answer is None:
            raise Conflict(_("单位尚未报送整改报告。"))
        return answer

    # ---- the office

    @extend_schema(request=DraftSerializer, responses={201: NoticeSerializer(many=True)},
                   summary="起草整改通知：每个单位一份，列出该半年尚未列入通知的问题（区安委会办公室工作人员）")
    @action(detail=False, methods=["post"], pagination_class=None)
    def draft(self, request):
        data = valid_data(DraftSerializer(data=request.data))
        drafts = services.draft_notices(period=data["period"], actor=request.user)
        notices = self.get_queryset().filter(pk__in=[notice.pk for notice in drafts]).order_by("unit__code")
        return Response(self.get_serializer(notices, many=True).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        notice = self.get_object()
        data = valid_data(DraftUpdateSerializer(data=request.data))
        current = {"basis": notice.basis, "requirements": notice.requirements, "deadline": notice.deadline}
        services.update_draft(notice=notice, actor=request.user, **{**current, **data})
        return self._notice(notice)

    @extend_schema(request=None, summary="签发（区安委会办公室主任）：取号并生成盖章的整改通知书")
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        return self._notice(services.issue_notice(notice=self.get_object(), actor=request.user))

    @extend_schema(request=BatchIssueSerializer, responses=BatchIssueResultSerializer,
                   summary="批量签发：逐份办理，未签发的不受影响（区安委会办公室主任）")
    @action(detail=False, methods=["post"], url_path="batch-issue", url_name="batch-issue")
    def batch_issue(self, request):
        ids = list(dict.fromkeys(valid_data(BatchIssueSerializer(data=request.data))["ids"]))
        visible = set(visible_notices(request.user).filter(pk__in=ids).values_list("pk", flat=True))
        done = {result.notice_id: result for result in
                services.issue_notices(notice_ids=[pk for pk in ids if pk in visible], actor=request.user)}
        results = [
            {"id": pk, "ok": done[pk].ok, "detail": done[pk].message} if pk in done
            else {"id": pk, "ok": False, "detail": _("没有找到该整改通知。")}
            for pk in ids
        ]
        issued = sum(result["ok"] for result in results)
        return Response({"issued": issued, "refused": len(results) - issued, "results": results})

    @extend_schema(request=VoidSerializer, summary="作废（区安委会办公室主任，须填写原因；通知书随之撤销）")
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        notice = self.get_object()
        data = valid_data(VoidSerializer(data=request.data))
        return self._notice(services.void_notice(notice=notice, reason=data["reason"], actor=request.user))

    @extend_schema(request=None, responses={201: NoticeSerializer},
                   summary="依作废的通知重新起草（以新文号签发，原文号留存）")
    @action(detail=True, methods=["post"])
    def reissue(self, request, pk=None):
        draft = services.reissue(notice=self.get_object(), actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=draft.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=EscalateSerializer, summary="记录督办措施（约谈、通报、督促提醒）")
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        notice = self.get_object()
        data = valid_data(EscalateSerializer(data=request.data))
        services.escalate(notice=notice, actor=request.user, **data)
        return self._notice(notice)

    # ---- the unit

    @extend_schema(request=None, summary="签收（被通知单位的联络员或主要负责人）")
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._notice(services.acknowledge(notice=self.get_object(), actor=request.user))

    @extend_schema(request=None, responses=AnswerSerializer,
                   summary="整改报告：首次调用时创建，之后返回同一份（被通知单位的联络员，须先签收）")
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        answer = services.start_answer(notice=self.get_object(), actor=request.user)
        answer = visible_answers(request.user).prefetch_related("evidence").get(pk=answer.pk)
        return Response(AnswerSerializer(answer).data)

    # ---- the department and the office on the answer's ladder

    @extend_schema(request=RecheckRequestSerializer, responses={201: RecheckSerializer},
                   summary="复查（主管部门）：逐项认定，至少两名复查人员；全部通过则报办公室销号，否则退回单位继续整改")
    @action(detail=True, methods=["post"])
    def recheck(self, request, pk=None):
        notice = self.get_object()
        data = valid_data(RecheckRequestSerializer(data=request.data))
        task = ladder.open_task(self._answer(notice), node=LadderFlow.department_review)
        if task is None:
            raise Conflict(_("整改报告不在待复查环节。"))
        decisions = [services.Decision(finding_id=row["finding"], accepted=row["accepted"], note=row["note"])
                     for row in data.pop("decisions")]
        result = services.recheck(task=task, actor=request.user, decisions=decisions, **data)
        return Response(RecheckSerializer(result).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ApproveSerializer, responses=NoticeSerializer,
                   summary="销号（区安委会办公室）：审核通过复查合格的整改报告，签发销号通知")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        notice = self.get_object()
        data = valid_data(ApproveSerializer(data=request.data))
        task = ladder.open_task(self._answer(notice), node=LadderFlow.office_review)
        if task is None:
            raise Conflict(_("整改报告尚未复查通过，不能销号。"))
        ladder.approve(task=task, user=request.user, comment=data["comment"])
        return self._notice(notice)

    @extend_schema(responses=DocumentSerializer(many=True),
                   summary="本通知的公文：整改通知书、整改复查意见书、销号通知（新的在前）")
    @action(detail=True, methods=["get"])
    def documents(self, request, pk=None):
        page = self.paginate_queryset(subject_documents(request.user, self.get_object()))
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)
