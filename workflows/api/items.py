"""The API of any item kind on the ladder, written once: list, read, history, documents, submit, withdraw, urge;
and, for the kinds that have them, create, edit and evidence upload.

A kind's viewset names its registry code, its serializers, its ``visible_*`` selector and its services;
everything else — scoping, 404 for other organisations' items, the ladder services, the error mapping — is here.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from workflows.common.numbers import MAX_ID
from workflows.evidence.forms import EvidenceUploadForm
from workflows.evidence.kinds import Kind as EvidenceKind
from workflows.ladder import registry, selectors, services
from workflows.ladder.errors import NotAllowed
from workflows.ladder.models import ItemState
from workflows.organisations.selectors import units_filing_for

from .documents import DocumentSerializer, subject_documents
from .evidence import EvidenceSerializer
from .parsing import QueryIntegerField, filtered, valid_data, valid_query
from .serializers import HistoryEventSerializer


class ItemListQuery(serializers.Serializer):
    """The list filters every kind takes (``?period=2026H2&state=pending&unit=3``)."""

    period = serializers.CharField(required=False, allow_blank=True, max_length=6,
                                   help_text=_("半年周期代码，如 2026H2"))
    state = serializers.ChoiceField(choices=ItemState.choices, required=False)
    unit = QueryIntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=_("填报单位 id"))


ITEM_LIST_PARAMETERS = [ItemListQuery]  # for each kind's extend_schema(parameters=…)


class LadderItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read an item kind and drive it up the ladder as its submitter."""

    kind_code = ""  # the registry code: "plan", "record", "report", "answer"
    lookup_value_converter = "int"

    @classmethod
    def item_kind(cls) -> registry.ItemKind:
        return registry.kind_by_code(cls.kind_code)

    def visible(self):
        """The items of this kind the caller may see; a kind overrides it with its own selector."""
        return selectors.visible_items(self.item_kind().model, self.request.user)

    def filter_list(self, items):
        """The list filters every kind shares (query parameters)."""
        query = valid_query(ItemListQuery, self.request)
        return filtered(items, query, period="period__code", state="state", unit="unit_id")

    def get_queryset(self):
        items = self.visible()
        if self.action == "list":
            items = self.filter_list(items)
        return items.order_by("-created_at", "-pk")

    def _run(self, service) -> Response:
        item = service(item=self.get_object(), user=self.request.user)
        return Response(self.get_serializer(item).data)

    @extend_schema(request=None, summary="报送（草稿、被退回或已撤回的事项）")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._run(services.submit)

    @extend_schema(request=None, summary="撤回（下一环节尚未认领时）")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._run(services.withdraw)

    @extend_schema(request=None, summary="催办（每个事项每天一次）")
    @action(detail=True, methods=["post"])
    def urge(self, request, pk=None):
        return self._run(services.urge)

    @extend_schema(responses=HistoryEventSerializer(many=True), summary="办理记录（由早到晚）")
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        events = selectors.item_history(self.get_object())
        return Response(HistoryEventSerializer(events, many=True).data)

    @extend_schema(responses=DocumentSerializer(many=True), summary="各级审批签发的公文（新的在前）")
    @action(detail=True, methods=["get"])
    def documents(self, request, pk=None):
        page = self.paginate_queryset(subject_documents(request.user, self.get_object()))
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)


class ItemCreateMixin:
    """``POST /{kind}/``: a new draft through the kind's create service, by a liaison of the unit."""

    create_serializer_class = None

    def create_item(self, *, unit, user, **data):
        raise NotImplementedError

    def create(self, request):
        if not units_filing_for(request.user).exists():
            raise NotAllowed(_("只有单位联络员可以填报%(kind)s。") % {"kind": self.item_kind().label})
        body = self.create_serializer_class(data=request.data, context=self.get_serializer_context())
        data = valid_data(body)
        item = self.create_item(unit=data.pop("unit"), user=request.user, **data)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)


class ItemUpdateMixin:
    """``PATCH /{kind}/{id}/``: any subset of the editable fields, through the kind's update service (which
    refuses an item that is not a draft, returned or withdrawn with 409)."""

    update_serializer_class = None

    def update_item(self, item, *, user, **data):
        raise NotImplementedError

    def partial_update(self, request, pk=None):
        item = self.get_object()
        body = self.update_serializer_class(data=request.data, partial=True, context=self.get_serializer_context())
        item = self.update_item(item, user=request.user, **valid_data(body))
        return Response(self.get_serializer(item).data)


class EvidenceUploadSerializer(serializers.Serializer):
    """For the schema: the multipart body of an upload (the evidence app's upload form validates it)."""

    kind = serializers.ChoiceField(choices=EvidenceKind.choices,
                                   help_text=_("photo 照片、signin_sheet 签到表、slides 课件、video 视频、other 其他"))
    file = serializers.FileField(help_text=_("文件；类型按内容识别，不看文件名"))


class EvidenceUploadMixin:
    """``POST /{kind}/{id}/evidence/`` (multipart ``kind`` and ``file``) while the item is editable."""

    def add_evidence(self, item, *, user, kind: str, upload):
        raise NotImplementedError

    @extend_schema(request={"multipart/form-data": EvidenceUploadSerializer}, responses={201: EvidenceSerializer},
                   summary="上传佐证材料（草稿、被退回或已撤回时）")
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def evidence(self, request, pk=None):
        item = self.get_object()
        form = EvidenceUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            raise DjangoValidationError(form.errors.as_data())
        evidence = self.add_evidence(item, user=request.user, kind=form.cleaned_data["kind"],
                                     upload=form.cleaned_data["file"])
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)
