"""What the security tests share: a fingerprint of everything a refused request must leave as it was."""

from django.db.models import Max
from viewflow.workflow.models import Task

from workflows.audit.models import AuditEvent
from workflows.compliance.models import Finding
from workflows.dashboards.models import Bulletin
from workflows.documents.models import Document
from workflows.evidence.models import Evidence
from workflows.lectures.models import LecturePlan, LectureRecord
from workflows.notifications.models import Notification
from workflows.organisations.models import Membership, Organisation
from workflows.rectification.models import Notice, RectificationAnswer
from workflows.reports.models import HalfYearReport


def fingerprint() -> dict:
    """Items, tasks, documents, notices, evidence, memberships, notifications and the audit trail's last event."""
    return {
        "audit": AuditEvent.objects.aggregate(last=Max("pk"))["last"],
        "documents": list(Document.objects.order_by("pk").values_list("pk", "status")),
        "tasks": list(Task.objects.order_by("pk").values_list("pk", "status", "owner_id")),
        "notifications": Notification.objects.count(),
        "evidence": Evidence.objects.count(),
        "findings": Finding.objects.count(),
        "items": [list(model.objects.order_by("pk").values_list("pk", "state", "version", "waiting_level"))
                  for model in (LecturePlan, LectureRecord, HalfYearReport, RectificationAnswer)],
        "notices": list(Notice.objects.order_by("pk").values_list("pk", "status", "number")),
        "bulletins": list(Bulletin.objects.order_by("pk").values_list("pk", "status")),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
    }
