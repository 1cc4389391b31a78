"""The item kinds that climb the ladder. The ladder knows items only through this registry."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class ItemKind:
    code: str  # "plan", "record", "report", "answer" — used in URLs and the API
    model: type
    label: str
    detail_url_name: str  # reversed with the item's pk
    summary_template: str  # an include showing the item's fields on ladder pages
    # Levels whose decision the kind takes through its own form and service (e.g. a re-check of an answer):
    # the generic approve / return refuse them, and the task page shows ``review_template`` instead.
    guarded_levels: frozenset = frozenset()
    review_template: str = ""
    # Relations the item's title (``str(item)``) reads, loaded with it in every list (no query per row).
    title_related: tuple[str, ...] = ()

    def list_related(self) -> tuple[str, ...]:
        return ("unit", "period", "submitted_by", *self.title_related)


_by_code: dict[str, ItemKind] = {}


def register(*, code: str, model, label: str, detail_url_name: str, summary_template: str,
             guarded_levels=frozenset(), review_template: str = "", title_related: tuple[str, ...] = ()) -> None:
    _by_code[code] = ItemKind(code=code, model=model, label=label, detail_url_name=detail_url_name,
                              summary_template=summary_template, guarded_levels=frozenset(guarded_levels),
                              review_template=review_template, title_related=tuple(title_related))
    model.kind = code


def kinds() -> list[ItemKind]:
    return list(_by_code.values())


def kind_by_code(code: str) -> ItemKind | None:
    return _by_code.get(code)


def kind_of(item) -> ItemKind:
    return _by_code[type(item).kind]


def content_type_ids() -> dict[int, ItemKind]:
    return {ContentType.objects.get_for_model(kind.model).pk: kind for kind in _by_code.values()}
