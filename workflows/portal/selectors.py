"""What the home page shows each person: one card per role they hold."""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.campaigns.models import Period
from workflows.campaigns.selectors import current_period
from workflows.campaigns.workdays import workdays_between
from workflows.organisations.models import Organisation
from workflows.organisations.roles import ADMIN_ROLES, HEAD_ROLES, OFFICE_ROLES, SUPERVISOR_ROLES, Role
from workflows.organisations.selectors import memberships_of


@dataclass
class RoleCard:
    role: str
    role_label: str
    organisation: Organisation
    position: str
    lines: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DueCountdown:
    period: Period
    calendar_days: int
    workdays: int
    estimated_note: str

    @property
    def overdue(self) -> bool:
        return self.calendar_days < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.calendar_days)


def report_countdown(period: Period | None, today: dt.date | None = None) -> DueCountdown | None:
    if period is None:
        return None
    today = today or timezone.localdate()
    working = workdays_between(today, period.report_due)
    return DueCountdown(period=period, calendar_days=(period.report_due - today).days,
                        workdays=working.value, estimated_note=working.note)


def _card_lines(role: str, organisation: Organisation) -> list[str]:
    if role in HEAD_ROLES:
        return [_("审签本单位报送的宣讲计划、宣讲记录和半年工作报告。"),
                _("每半年至少进行 1 次安全生产宣讲。")]
    if role == Role.LIAISON:
        return [_("填报宣讲计划、宣讲记录和半年工作情况报告，上传佐证材料，答复整改通知。")]
    if role in SUPERVISOR_ROLES:
        count = organisation.children.filter(is_active=True).count()
        return [_("审核所主管的 %(n)d 家单位报送的事项。") % {"n": count}]
    if role == Role.INSPECTOR:
        return [_("在执法检查中查询企业主要负责人宣讲情况，记录检查发现的问题。")]
    if role in OFFICE_ROLES:
        count = Organisation.objects.filter(is_active=True).exclude(kind=Organisation.Kind.OFFICE).count()
        return [_("终审全区 %(n)d 家单位的事项，检查考核，下发整改通知。") % {"n": count}]
    if role == Role.SYSTEM_ADMIN:
        return [_("管理用户账号和单位信息。")]
    if role == Role.SECURITY_ADMIN:
        return [_("管理任职与授权。")]
    return [_("查阅和导出审计日志。")]


def _card_links(role: str) -> list[tuple[str, str]]:
    links = []
    if role in SUPERVISOR_ROLES or role in OFFICE_ROLES - {Role.INSPECTOR}:
        links.append((_("工作总览"), reverse("dashboards:index")))
    if role not in ADMIN_ROLES and role != Role.INSPECTOR:
        links.append((_("发文登记簿"), reverse("documents:register_index")))
    if role == Role.SYSTEM_ADMIN:
        links.append((_("导入单位和用户"), reverse("dashboards:import")))
    if role == Role.AUDITOR:
        links.append((_("查询审计日志"), reverse("audit:events")))
    if role in ADMIN_ROLES or role in OFFICE_ROLES - {Role.INSPECTOR}:
        links.append((_("进入管理后台"), "/admin/"))
    return links


def role_cards(user) -> list[RoleCard]:
    return [
        RoleCard(role=m.role, role_label=m.get_role_display(), organisation=m.organisation,
                 position=m.position, lines=_card_lines(m.role, m.organisation), links=_card_links(m.role))
        for m in memberships_of(user)
    ]


def home_context(user) -> dict:
    from workflows.dashboards.checklist import unit_checklists  # it uses report_countdown from this module

    period = current_period()
    return {"cards": role_cards(user), "period": period, "countdown": report_countdown(period),
            "checklists": unit_checklists(user, period) if period else []}
