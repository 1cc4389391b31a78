"""The viewflow Material site. Each area is an Application whose pages come from its app's urls.py."""

from importlib import import_module

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from viewflow.urls import Application, Site

from workflows.audit.selectors import can_read_audit
from workflows.dashboards.importing import may_import
from workflows.dashboards.selectors import is_office_staff
from workflows.dashboards.views import IndexView as DashboardIndexView
from workflows.organisations.roles import Role
from workflows.organisations.selectors import roles_of, supervised_organisation_ids

from .views import HomeView


class AreaApp(Application):
    """An area of the site: its URL module and its menu entries ((label, url name, icon), …).

    An entry may carry a fourth element, a function of the user saying whether to show it.
    """

    menu_template_name = "anquan/app_menu.html"
    urls_module = None
    menu = ()

    @property
    def urlpatterns(self):
        # The module's patterns join the Application's own namespace (its app_name), not a nested one.
        return [path("", include(import_module(self.urls_module).urlpatterns))] if self.urls_module else []

    @property
    def index_path(self):
        """The area's own address leads to its first menu entry (the site menu links every area there)."""
        return path("", RedirectView.as_view(pattern_name=self.menu[0][1]), name="index")

    def menu_links(self, user=None):
        return [(label, reverse(name), icon) for label, name, icon, *shown in self.menu
                if user is None or not shown or shown[0](user)]


def is_security_admin(user) -> bool:
    return Role.SECURITY_ADMIN in roles_of(user)


class WorkbenchApp(AreaApp):
    title = _("工作台")
    icon = "dashboard"
    app_name = "workbench"
    index_path = path("", HomeView.as_view(), name="index")
    menu = ((_("工作台"), "workbench:index", "dashboard"), (_("消息提醒"), "notifications:list", "notifications"),
            (_("登录安全"), "account_two_factor", "verified_user"),
            (_("锁定账号"), "locked_users", "lock_open", is_security_admin))


class LecturesApp(AreaApp):
    title = _("宣讲")
    icon = "campaign"
    app_name = "lectures"
    urls_module = "workflows.lectures.urls"
    menu = ((_("宣讲计划"), "lectures:plans", "event_note"), (_("宣讲记录"), "lectures:records", "fact_check"))


class ReportsApp(AreaApp):
    title = _("半年工作报告")
    icon = "summarize"
    app_name = "reports"
    urls_module = "workflows.reports.urls"
    menu = ((_("半年工作报告"), "reports:reports", "summarize"),)


class ComplianceApp(AreaApp):
    title = _("检查考核")
    icon = "fact_check"
    app_name = "compliance"
    urls_module = "workflows.compliance.urls"
    menu = ((_("考核评估"), "compliance:overview", "assessment"), (_("执法检查查询"), "compliance:lookup", "search"))


class RectificationApp(AreaApp):
    title = _("整改")
    icon = "build_circle"
    app_name = "rectification"
    urls_module = "workflows.rectification.urls"
    menu = ((_("整改通知"), "rectification:notices", "assignment_late"),)


class LadderApp(AreaApp):
    title = _("审批")
    icon = "approval"
    app_name = "ladder"
    urls_module = "workflows.ladder.urls"
    menu = ((_("待办"), "ladder:tasks", "inbox"), (_("已办"), "ladder:archive", "archive"),
            (_("审批看板"), "ladder:board", "view_kanban"))


def _reviews_units(user) -> bool:
    return bool(supervised_organisation_ids(user))


class DashboardsApp(AreaApp):
    title = _("统计分析")
    icon = "insights"
    app_name = "dashboards"
    urls_module = "workflows.dashboards.urls"
    index_path = path("", DashboardIndexView.as_view(), name="index")
    menu = ((_("工作总览"), "dashboards:index", "insights", _reviews_units),
            (_("考核矩阵"), "dashboards:matrix", "grid_on", _reviews_units),
            (_("台账导出"), "dashboards:ledgers", "table_view"),
            (_("半年通报"), "dashboards:bulletins", "campaign", is_office_staff),
            (_("导入单位和用户"), "dashboards:import", "upload_file", may_import))


class AuditApp(AreaApp):
    title = _("审计日志")
    icon = "policy"
    app_name = "audit"
    permission = staticmethod(can_read_audit)  # the area is not even in the menu for anyone else
    urls_module = "workflows.audit.urls"
    menu = ((_("审计事件"), "audit:events", "policy", can_read_audit),)


site = Site(
    title=_("领导干部讲安全"),
    primary_color="#b71c1c",
    secondary_color="#37474f",
    viewsets=[WorkbenchApp(), LecturesApp(), ReportsApp(), LadderApp(), ComplianceApp(), RectificationApp(),
              DashboardsApp(), AuditApp()],
)
