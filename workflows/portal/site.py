"""The viewflow Material site: one Application per area, each added by the app that owns it."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, Site

from .views import HomeView


class WorkbenchApp(Application):
    title = _("工作台")
    icon = "dashboard"
    app_name = "workbench"
    menu_template_name = None

    index_path = path("", HomeView.as_view(), name="index")


site = Site(
    title=_("领导干部讲安全"),
    primary_color="#b71c1c",
    secondary_color="#37474f",
    viewsets=[WorkbenchApp()],
)
