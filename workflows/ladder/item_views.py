"""Page bases every item kind shares: list, create, edit and detail, each reading through the kind's
``visible_*`` selector and writing through its services. A kind's views set a few attributes."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from workflows.organisations.permissions import can_submit
from workflows.organisations.selectors import units_filing_for

from . import registry
from .errors import LadderError
from .models import ItemState
from .views import item_panel


class KindMixin:
    kind_code = ""
    selector = None  # staticmethod(user) -> QuerySet of visible items

    @property
    def kind(self):
        return registry.kind_by_code(self.kind_code)

    def visible(self):
        return type(self).selector(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        return context


class ItemListView(LoginRequiredMixin, KindMixin, ListView):
    template_name = "ladder/item_list.html"
    paginate_by = 30
    context_object_name = "items"
    row_template = ""
    create_url_name = ""

    def get_queryset(self):
        items = self.visible().order_by("-updated_at")
        get = self.request.GET
        if get.get("period"):
            items = items.filter(period__code=get["period"][:6])
        if get.get("state") in ItemState.values:
            items = items.filter(state=get["state"])
        if get.get("q"):
            items = items.filter(unit__name__icontains=get["q"][:50])
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(can_create=bool(self.create_url_name) and units_filing_for(self.request.user).exists(),
                       create_url_name=self.create_url_name, row_template=self.row_template,
                       states=ItemState.choices, filters=self.request.GET, query_string=query.urlencode())
        return context


class ItemFormView(LoginRequiredMixin, KindMixin, FormView):
    """Create (no pk) or edit (pk) an item; the service's ValidationError lands on the form."""

    template_name = "ladder/item_form.html"
    fields: tuple[str, ...] = ()
    create_service = None
    update_service = None
    saved_message = _("已保存。请核对后点击“报送”。")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.item = None
        if "pk" in kwargs:
            self.item = self.visible().filter(pk=kwargs["pk"]).first()
            if self.item is None:
                raise Http404
            if not (self.item.is_editable and can_submit(request.user, self.item.unit)):
                messages.error(request, _("该事项当前不能修改。"))
                return HttpResponseRedirect(self.item.get_absolute_url())
        elif not units_filing_for(request.user).exists():
            messages.error(request, _("只有单位联络员可以填报。"))
            return HttpResponseRedirect("/")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units"] = units_filing_for(self.request.user)
        kwargs["instance"] = self.item
        return kwargs

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in self.fields if name in form.cleaned_data}
        try:
            if self.item is None:
                item = type(self).create_service(unit=form.cleaned_data["unit"], user=self.request.user, **data)
            else:
                item = type(self).update_service(self.item, self.request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except LadderError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message)
        return HttpResponseRedirect(item.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["item"] = self.item
        return context


class ItemDetailView(LoginRequiredMixin, KindMixin, DetailView):
    template_name = "ladder/item_detail.html"
    context_object_name = "item"
    edit_url_name = ""

    def get_queryset(self):
        return self.visible()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        context["panel"] = item_panel(item, self.request.user)
        context["can_edit"] = item.is_editable and can_submit(self.request.user, item.unit)
        # The page composes what other apps say about the item; the ladder itself never issues documents.
        from workflows.documents.selectors import documents_for, visible_documents

        context["documents"] = documents_for(item).filter(pk__in=visible_documents(self.request.user).values("pk"))
        context["edit_url_name"] = self.edit_url_name
        return context
