from django import template

from workflows.ladder.history import event_label as _event_label

register = template.Library()


@register.filter
def event_label(event) -> str:
    return _event_label(event)
