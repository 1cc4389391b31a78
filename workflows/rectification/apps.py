from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "workflows.rectification"
    label = "rectification"
    verbose_name = _("整改")

    def ready(self):
        from workflows.ladder import registry

        from . import receivers  # noqa: F401
        from .models import RectificationAnswer

        registry.register(code="answer", model=RectificationAnswer, label=_("整改报告"),
                          detail_url_name="rectification:answer", summary_template="rectification/_answer_fields.html",
                          guarded_levels={"department"}, review_template="rectification/_recheck_form.html",
                          title_related=("notice",))
