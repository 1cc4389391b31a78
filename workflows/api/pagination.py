from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from workflows.common.numbers import MAX_ID, parse_int


class PagePagination(PageNumberPagination):
    """``?page=2&page_size=50``: every list is paged, at most 100 rows a page. Both are whole numbers from 1 (as the
    schema says): anything else is a 400, a page past the last one a 404."""

    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()  # DRF's ``?page=last`` is no whole number

    def get_page_number(self, request, paginator):
        return self._whole_number(request, self.page_query_param, high=MAX_ID) or 1

    def get_page_size(self, request):
        return self._whole_number(request, self.page_size_query_param, high=self.max_page_size) or self.page_size

    @staticmethod
    def _whole_number(request, name: str, *, high: int) -> int | None:
        """The parameter as a whole number 1 … ``high``; None when it is not given."""
        if name not in request.query_params:
            return None
        number = parse_int(request.query_params[name], low=1, high=high)
        if number is None:
            raise ValidationError({name: [_("应为 1 到 %(high)d 之间的整数。") % {"high": high}]})
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.page_query_param: {"minimum": 1},
                  self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size}}
        for parameter in parameters:
            parameter["schema"].update(bounds[parameter["name"]])
        return parameters
