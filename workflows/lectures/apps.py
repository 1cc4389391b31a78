from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LecturesConfig(AppConfig):
    name = "workflows.lectures"
    label = "lectures"
    verbose_name = _("宣讲计划与记录")

    def ready(self):
        from workflows.ladder import registry

        from . import receivers  # noqa: F401
        from .models import LecturePlan, LectureRecord

        registry.register(code="plan", model=LecturePlan, label=_("宣讲计划"), detail_url_name="lectures:plan",
                          summary_template="lectures/_plan_fields.html")
        registry.register(code="record", model=LectureRecord, label=_("宣讲记录"), detail_url_name="lectures:record",
                          summary_template="lectures/_record_fields.html", title_related=("lecturer",))
