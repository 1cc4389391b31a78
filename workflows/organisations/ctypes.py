"""Content types for guardian that keep proxy models (viewflow's proxy processes) apart."""

from django.contrib.contenttypes.models import ContentType


def get_content_type(obj):
    return ContentType.objects.get_for_model(obj, for_concrete_model=False)
