from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "workflows.evidence"
    label = "evidence"
    verbose_name = _("佐证材料")

    def ready(self):
        # Let Pillow open HEIC/HEIF photos from phones; they are re-encoded as JPEG on upload.
        from pillow_heif import register_heif_opener

        register_heif_opener()
