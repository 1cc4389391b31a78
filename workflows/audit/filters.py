"""The auditor's search: one filter set for the page, its XLSX export and the API."""

import django_filters
from django import forms
from django.core.validators import validate_ipv46_address
from django.utils.translation import gettext_lazy as _

from workflows.organisations.models import Organisation

from .models import AuditEvent

_DATE = forms.DateInput(attrs={"type": "date"})


class AuditEventFilter(django_filters.FilterSet):
    """Time range, user, action, organisation, target and address; anything left empty is not filtered."""

    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("起始日期"), widget=_DATE)
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("截止日期"), widget=_DATE)
    user = django_filters.CharFilter(field_name="actor_username", lookup_expr="iexact", label=_("用户名"))
    action = django_filters.CharFilter(method="filter_action", label=_("操作"),
                                       help_text=_("完整名称，或以“.”结尾的前缀，如 ladder."))
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.order_by("code"),
                                                    label=_("单位"), to_field_name="code")
    target_type = django_filters.CharFilter(field_name="target_type", lookup_expr="iexact", label=_("对象类型"))
    target_id = django_filters.CharFilter(field_name="target_id", lookup_expr="exact", label=_("对象编号"))
    ip = django_filters.CharFilter(field_name="ip", lookup_expr="exact", label=_("IP 地址"),
                                   validators=[validate_ipv46_address])

    class Meta:
        model = AuditEvent
        fields = []

    def filter_action(self, queryset, name, value):
        if value.endswith("."):
            return queryset.filter(action__startswith=value)
        return queryset.filter(action=value)
