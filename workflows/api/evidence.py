"""Evidence (佐证材料) in the API: how an attached file is shown, and its permission-checked download."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from workflows.evidence import views as evidence_pages
from workflows.evidence.kinds import RULES
from workflows.evidence.models import Evidence

from .renderers import DOWNLOAD_RENDERERS, FILE_RESPONSE


class EvidenceSerializer(serializers.ModelSerializer):
    """One attached file: what it is, its hashes, and what reviewers should look at."""

    name = serializers.CharField(source="original_name", read_only=True)
    flags = serializers.SerializerMethodField(help_text=_("提请审核人注意的情况（拍摄日期不符、重复使用）"))
    download = serializers.SerializerMethodField(help_text=_("下载地址"))

    class Meta:
        model = Evidence
        fields = ["id", "kind", "name", "mime_type", "size", "sha256", "width", "height", "captured_at",
                  "capture_date_mismatch", "duplicate", "flags", "uploaded_at", "download"]
        read_only_fields = fields

    def get_flags(self, evidence) -> list[str]:
        return [str(flag) for flag in evidence.flags]

    def get_download(self, evidence) -> str:
        return f"/api/v1/evidence/{evidence.pk}/"


# What a download is served as: the formats the evidence kinds accept (an upload is recognised by its content).
MEDIA_TYPES = list(dict.fromkeys(file_format.mime for rule in RULES.values() for file_format in rule.formats))


class EvidenceDownloadView(APIView):
    """The file itself, for whoever may see the unit's items (``visible_evidence``); anyone else gets 404."""

    renderer_classes = DOWNLOAD_RENDERERS

    @extend_schema(responses={(200, media_type): FILE_RESPONSE for media_type in MEDIA_TYPES}, summary="下载佐证材料")
    def get(self, request, pk):
        # The evidence app's own download view: the same scoping, headers and audit event as the web page.
        return evidence_pages.download(request._request, pk=pk)
