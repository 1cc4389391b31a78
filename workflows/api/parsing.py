"""Reading a request as the schema states it, in one place: a JSON body's values have the schema's JSON types, and a
query string's whole numbers, booleans and choices are exactly what the schema lists; anything else is a 400 with
the message per field (issue 14: what schemathesis found DRF accepting silently)."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from workflows.common.numbers import parse_int


def valid_data(serializer) -> dict:
    """The parsed request body, or 400 with the messages per field. A JSON body's values must have the JSON types
    the schema gives them: DRF alone would take ``"comment": 0`` as the text "0" and ``"ids": ["3"]`` as 3."""
    data = serializer.initial_data
    wrong_types = {} if isinstance(data, QueryDict) else _object_type_errors(serializer, data)  # a form's is text
    if not serializer.is_valid() or wrong_types:
        raise serializers.ValidationError({**serializer.errors, **wrong_types})
    return dict(serializer.validated_data)


def valid_query(serializer_class, request) -> dict:
    """The query string read by ``serializer_class`` (the last value of a repeated name), or 400. The same class
    documents the parameters (``extend_schema(parameters=[serializer_class])``)."""
    serializer = serializer_class(data=request.query_params.dict())
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def filtered(queryset, query: dict, **lookups):
    """``queryset`` filtered on each parameter given, ``name="lookup"``; an empty text filters nothing."""
    return queryset.filter(**{lookup: query[name] for name, lookup in lookups.items() if query.get(name, "") != ""})


class QueryIntegerField(serializers.IntegerField):
    """A whole number in a query string: ASCII digits only, as ``common.numbers`` reads them (``1.0``, ``1e3``, ``²``
    and an empty value are not)."""

    def to_internal_value(self, data):
        if parse_int(data) is None:
            self.fail("invalid")
        return super().to_internal_value(data)


class QueryBooleanField(serializers.BooleanField):
    """``true`` or ``false`` in a query string, the way the schema writes a boolean; nothing else."""

    TRUE_VALUES = frozenset({"true"})
    FALSE_VALUES = frozenset({"false"})
    NULL_VALUES = frozenset()


def _json_type(field) -> tuple[tuple[type, ...], str] | None:
    """The Python types a request field's JSON value may have, and their name for the message; None for a field
    left to itself (files, or choices of mixed types)."""
    if isinstance(field, serializers.BooleanField):
        return (bool,), _("true 或 false")
    if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        return (int, float), _("整数")  # 3.0 is an integer in JSON; DRF refuses 3.5 itself
    if isinstance(field, serializers.ListField | serializers.ListSerializer | serializers.ManyRelatedField):
        return (list,), _("列表")
    if isinstance(field, serializers.Serializer):
        return (dict,), _("对象")
    if isinstance(field, serializers.ChoiceField):
        return ((str,), _("字符串")) if all(isinstance(key, str) for key in field.choices) else None
    if isinstance(field, serializers.CharField | serializers.DateField | serializers.TimeField
                  | serializers.DateTimeField | serializers.SlugRelatedField):
        return (str,), _("字符串")
    return None


def _type_errors(field, value):
    """The messages for a value of the wrong JSON type, down through lists and nested objects; None when right."""
    expected = _json_type(field)
    if value is None or expected is None:
        return None  # null is the field's own business (allow_null)
    types, name = expected
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        return [_("应为%(type)s。") % {"type": name}]
    if isinstance(value, dict):
        return _object_type_errors(field, value) or None
    if isinstance(value, list):
        child = getattr(field, "child", None) or getattr(field, "child_relation", None)
        errors = {index: error for index, item in enumerate(value) if (error := _type_errors(child, item))}
        return errors or None
    return None


def _object_type_errors(serializer, data) -> dict:
    if not isinstance(data, dict):
        return {}  # the serializer itself says it wants an object
    fields = serializer.fields.items()
    return {name: error for name, field in fields
            if name in data and not field.read_only and (error := _type_errors(field, data[name]))}
