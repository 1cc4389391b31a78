"""The audit trail in the API: read-only, for the auditor alone, with the page's filters."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import BasePermission

from workflows.audit.filters import AuditEventFilter
from workflows.audit.models import AuditEvent
from workflows.audit.selectors import can_read_audit, visible_events


class AuditEventSerializer(serializers.ModelSerializer):
    organisation_code = serializers.CharField(source="organisation.code", read_only=True, default=None)

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "actor_username", "organisation", "organisation_code", "role", "action",
                  "target_type", "target_id", "version", "comment", "ip", "data", "prev_hash", "hash"]
        read_only_fields = fields


class IsAuditor(BasePermission):
    message = _("只有审计管理员可以查阅审计日志。")

    def has_permission(self, request, view):
        return can_read_audit(request.user)


@extend_schema_view(list=extend_schema(summary="审计事件（仅审计管理员，按时间倒序）"),
                    retrieve=extend_schema(summary="审计事件"))
class AuditEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """No write method exists here: the trail is appended to by the services alone."""

    serializer_class = AuditEventSerializer
    permission_classes = [IsAuditor]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditEventFilter
    lookup_value_converter = "int"

    def get_queryset(self):
        return visible_events(self.request.user).select_related("organisation")
