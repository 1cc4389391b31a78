"""The API of any item kind on the ladder, written once: list, read, history, submit, withdraw, urge.

A kind's viewset names its registry code, its serializer and its ``visible_*`` selector; everything
else — scoping, 404 for other organisations' items, the ladder services, the error mapping — is here.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from workflows.ladder import registry, selectors, services

from .serializers import HistoryEventSerializer


class LadderItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read an item kind and drive it up the ladder as its submitter."""

    kind_code = ""  # the registry code: "plan", later "record", "report" …
    lookup_value_converter = "int"

    @classmethod
    def item_kind(cls) -> registry.ItemKind:
        return registry.kind_by_code(cls.kind_code)

    def visible(self):
        """The items of this kind the caller may see; a kind overrides it with its own selector."""
        return selectors.visible_items(self.item_kind().model, self.request.user)

    def filter_list(self, items):
        """A kind's own list filters (query parameters); none by default."""
        return items

    def get_queryset(self):
        items = self.visible()
        if self.action == "list":
            items = self.filter_list(items)
        return items.order_by("-created_at", "-pk")

    def _run(self, service) -> Response:
        item = service(item=self.get_object(), user=self.request.user)
        return Response(self.get_serializer(item).data)

    @extend_schema(request=None, summary="报送（草稿、被退回或已撤回的事项）")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._run(services.submit)

    @extend_schema(request=None, summary="撤回（下一环节尚未认领时）")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._run(services.withdraw)

    @extend_schema(request=None, summary="催办（每个事项每天一次）")
    @action(detail=True, methods=["post"])
    def urge(self, request, pk=None):
        return self._run(services.urge)

    @extend_schema(responses=HistoryEventSerializer(many=True), summary="办理记录（由早到晚）")
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        events = selectors.item_history(self.get_object())
        return Response(HistoryEventSerializer(events, many=True).data)
