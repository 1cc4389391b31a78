"""A worker warms the renderer up at start: one sample document rendered and signed, nothing stored."""

import pytest

from workflows.audit.models import AuditEvent
from workflows.documents.models import Document, NumberAllocation
from workflows.documents.warmup import warm_up_process

pytestmark = pytest.mark.django_db


def test_warming_up_renders_and_signs_a_sample_without_writing_anything(demo):
    counts = [model.objects.count() for model in (Document, NumberAllocation, AuditEvent)]
    warm_up_process()
    assert [model.objects.count() for model in (Document, NumberAllocation, AuditEvent)] == counts
