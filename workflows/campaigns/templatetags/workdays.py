"""``{{ some_date|workday_note }}``: the caveat to show beside a deadline in a year whose holidays are unknown."""

import datetime as dt

from django import template

from workflows.campaigns.workdays import is_workday

register = template.Library()


@register.filter
def workday_note(value) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return ""
    return is_workday(value).note
