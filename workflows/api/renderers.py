from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.renderers import JSONRenderer


class FileRenderer(JSONRenderer):
    """Lets a download be asked for with any ``Accept`` header (``application/pdf`` …); a refusal is still JSON.

    A download answers with Django's FileResponse, which no renderer touches; this renderer only makes content
    negotiation accept the request, and renders an error body as JSON under its proper content type.
    """

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return super().render(data, "application/json", renderer_context)


DOWNLOAD_RENDERERS = [JSONRenderer, FileRenderer]
# How a download's 200 is documented.
FILE_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description=_("文件（附件下载）"))
