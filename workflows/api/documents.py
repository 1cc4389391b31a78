"""Documents (公文) in the API: the register of documents in the caller's sight, their files, revocation and
supersession by the office director, and the public verification record. Reads go through
``visible_documents`` and ``verification_data``; writes through the documents services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.common.numbers import MAX_ID
from workflows.documents import views as document_pages
from workflows.documents.forms import VerifyUploadForm
from workflows.documents.models import Document
from workflows.documents.selectors import documents_for, matches_issued_pdf, verification_data, visible_documents
from workflows.documents.services import revoke_document, supersede_document
from workflows.documents.verification import lookup_wait
from workflows.ladder import registry
from workflows.ladder.errors import Conflict
from workflows.ladder.models import Level

from .parsing import QueryIntegerField, filtered, valid_data, valid_query
from .renderers import DOWNLOAD_RENDERERS, FILE_RESPONSE

# ---------------------------------------------------------------- shapes


class DocumentSerializer(serializers.ModelSerializer):
    """One issued document's record (not its content): what the register and the verification page show."""

    kind_label = serializers.CharField(read_only=True)
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    recipient_name = serializers.CharField(source="recipient.name", read_only=True, allow_null=True, default=None)
    level = serializers.SerializerMethodField(help_text=_("签发本文的审批层级 unit / department / office；其他为 null"))
    subject_kind = serializers.SerializerMethodField(help_text=_("所涉事项类型：plan、record、report、answer、notice"))
    pdf = serializers.SerializerMethodField(help_text=_("PDF 下载地址"))
    docx = serializers.SerializerMethodField(help_text=_("DOCX 下载地址"))

    class Meta:
        model = Document
        fields = ["id", "kind", "kind_label", "level", "number", "title", "issuer", "issuer_name", "recipient",
                  "recipient_name", "year", "issued_at", "verify_code", "sha256", "status", "status_reason",
                  "status_changed_at", "superseded_by", "subject_kind", "subject_id", "pdf", "docx"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Level.choices, allow_null=True))
    def get_level(self, document):
        return document.level or None

    def get_subject_kind(self, document) -> str | None:
        if not document.subject_type_id:
            return None
        model = document.subject_type.model_class()
        codes = {kind.model: kind.code for kind in registry.kinds()}
        return codes.get(model, document.subject_type.model)

    def get_pdf(self, document) -> str:
        return f"/api/v1/documents/{document.pk}/pdf/"

    def get_docx(self, document) -> str:
        return f"/api/v1/documents/{document.pk}/docx/"


class DocumentListQuery(serializers.Serializer):
    issuer = QueryIntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=_("发文机关 id"))
    kind = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                 help_text=_("文种，如 filing_notice、rectification_notice"))
    status = serializers.ChoiceField(choices=Document.Status.choices, required=False)
    year = QueryIntegerField(required=False, min_value=1, max_value=9999)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=2000, help_text=_("原因（必填）"),
                                   error_messages={"required": _("请填写原因。")})


class SupersedeSerializer(ReasonSerializer):
    by = serializers.PrimaryKeyRelatedField(queryset=Document.objects.none(), help_text=_("替代本文的新公文 id"),
                                            error_messages={"does_not_exist": _("没有找到该公文。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["by"].queryset = visible_documents(request.user)


class SignatureSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    signer = serializers.CharField(allow_null=True)


class SuccessorSerializer(serializers.Serializer):
    verify_code = serializers.CharField()
    number = serializers.CharField(allow_null=True)
    title = serializers.CharField()


class VerificationSerializer(serializers.Serializer):
    """The public verification page as JSON: the record of the document and nothing else."""

    verify_code = serializers.CharField()
    display_code = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    number = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    issuer = serializers.CharField(help_text=_("发文机关名称"))
    issued_on = serializers.DateField()
    issued_on_text = serializers.CharField()
    sha256 = serializers.CharField(help_text=_("签发的 PDF 的 SHA-256"))
    stored_sha256_matches = serializers.BooleanField()
    status = serializers.ChoiceField(choices=Document.Status.choices)
    status_label = serializers.CharField()
    status_reason = serializers.CharField()
    status_changed_on = serializers.DateField(allow_null=True)
    superseded_by = SuccessorSerializer(allow_null=True)
    signature = SignatureSerializer()
    identical = serializers.BooleanField(required=False,
                                         help_text=_("仅上传比对时：上传的文件是否与签发的 PDF 完全一致"))


class VerifyUploadSerializer(serializers.Serializer):
    """For the schema: the multipart body of an upload check (the page's own form validates it)."""

    pdf = serializers.FileField()


# ---------------------------------------------------------------- helpers other endpoints use


def subject_documents(user, subject):
    """The documents issued about ``subject`` that the user may see, for ``…/{id}/documents/``."""
    return (documents_for(subject).filter(pk__in=visible_documents(user).values("pk"))
            .select_related("subject_type").order_by("-issued_at", "-id"))


def _state_conflict(service, **kwargs):
    """Run a documents service; its refusal of the document's state (no field named) is 409, not 400."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise Conflict("；".join(error.messages)) from error


# ---------------------------------------------------------------- endpoints


@extend_schema_view(
    list=extend_schema(summary="公文登记（本人可见范围）", parameters=[DocumentListQuery]),
    retrieve=extend_schema(summary="公文记录"),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Documents issued by or to the organisations in the caller's sight; another's is 404."""

    serializer_class = DocumentSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        documents = visible_documents(self.request.user).select_related("subject_type")
        if self.action == "list":
            documents = filtered(documents, valid_query(DocumentListQuery, self.request), issuer="issuer_id",
                                 kind="kind", status="status", year="year")
        return documents.order_by("-issued_at", "-id")

    def _file(self, request, pk, file_format):
        # The register's own download view: the same permission check (visible_documents) and file name.
        return document_pages.download(request._request, pk=int(pk), file_format=file_format)

    @extend_schema(responses={(200, "application/pdf"): FILE_RESPONSE}, summary="下载 PDF（签发的正式文本）")
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD_RENDERERS)
    def pdf(self, request, pk=None):
        return self._file(request, pk, "pdf")

    @extend_schema(responses={
        (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"): FILE_RESPONSE},
        summary="下载 DOCX（可编辑文本）")
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD_RENDERERS)
    def docx(self, request, pk=None):
        return self._file(request, pk, "docx")

    @extend_schema(request=ReasonSerializer, summary="撤销公文（仅区安委会办公室主任，须填写原因）")
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        document = self.get_object()
        data = valid_data(ReasonSerializer(data=request.data))
        document = _state_conflict(revoke_document, document=document, reason=data["reason"], actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=document.pk)).data)

    @extend_schema(request=SupersedeSerializer, summary="以新公文替代本文（仅区安委会办公室主任，须填写原因）")
    @action(detail=True, methods=["post"])
    def supersede(self, request, pk=None):
        document = self.get_object()
        data = valid_data(SupersedeSerializer(data=request.data, context=self.get_serializer_context()))
        document = _state_conflict(supersede_document, document=document, by_document=data["by"],
                                   reason=data["reason"], actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=document.pk)).data)


class VerifyView(APIView):
    """GET: the public record of a document by its verification code (no log-in); POST a PDF (multipart ``pdf``)
    to learn whether it is byte-identical to the issued one. Rate-limited per address like the page."""

    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [MultiPartParser]

    def _record(self, request, code: str) -> dict:
        wait = lookup_wait(request._request)  # the same counter as the page's
        if wait:
            raise Throttled(wait=wait)
        data = verification_data(code)
        if data is None:
            raise NotFound
        return data

    @extend_schema(responses=VerificationSerializer, auth=[], summary="公文验证（公开，无需登录）")
    def get(self, request, code):
        return Response(VerificationSerializer(self._record(request, code)).data)

    @extend_schema(request={"multipart/form-data": VerifyUploadSerializer}, responses=VerificationSerializer,
                   auth=[], summary="上传 PDF 与签发文本逐字节比对（公开）")
    def post(self, request, code):
        data = self._record(request, code)
        form = VerifyUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            raise DjangoValidationError(form.errors.as_data())
        data["identical"] = matches_issued_pdf(code, form.cleaned_data["pdf"])
        return Response(VerificationSerializer(data).data)
