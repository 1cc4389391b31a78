from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import ListView

from workflows.common.numbers import posted_ids

from .selectors import notifications_for
from .services import mark_read


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "notifications/list.html"
    paginate_by = 30
    context_object_name = "notifications"

    def get_queryset(self):
        return notifications_for(self.request.user)


class MarkReadView(LoginRequiredMixin, View):
    def post(self, request):
        ids = posted_ids(request.POST.getlist("id"))
        mark_read(user=request.user, notification_ids=ids or None)
        return HttpResponseRedirect(reverse("notifications:list"))
