from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog

from workflows.accounts.urls import AccountsViewset
from workflows.accounts.views import admin_login
from workflows.portal.site import site

admin.site.site_header = _("领导干部讲安全 · 管理后台")
admin.site.site_title = _("领导干部讲安全")
admin.site.index_title = _("基础数据管理")
admin.site.login = admin_login  # one log-in for everything: the second factor and the address limit

# Under /api/ even an unrouted URL answers in the API's JSON error shape.
handler404 = "workflows.api.errors.page_not_found"
handler500 = "workflows.api.errors.server_error"

urlpatterns = [
    path("accounts/", AccountsViewset(with_profile_view=False).urls),
    path("admin/", admin.site.urls),
    path("notifications/", include("workflows.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("evidence/", include("workflows.evidence.urls")),
    path("documents/", include("workflows.documents.urls")),
    path("verify/", include("workflows.documents.verify_urls")),
    path("api/v1/", include("workflows.api.urls")),
    path("", site.urls),
]
