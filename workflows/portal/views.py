from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from .selectors import home_context


class HomeView(LoginRequiredMixin, TemplateView):
    """The workbench each person lands on: their roles, this half-year and what is due."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(home_context(self.request.user))
        return context
