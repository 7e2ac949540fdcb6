"""Showing computed dates the same way on every screen.

A WorkDate (from ``gongkai.calendar.rules``) is rendered as its ISO date, followed by a 暂定 badge
when it reaches into a year whose holiday arrangement is not confirmed; such a date is never shown as
final. In any app's template::

    {% load workcalendar %}
    答复期限：{{ application.answer_due|workdate }}

or, without loading the library, ``{% include "calendar/workdate.html" with value=answer_due %}``.
A WorkCount renders with ``|workcount`` (e.g. "已用 12 个工作日" plus the badge).
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString

from gongkai.calendar.rules import WorkCount, WorkDate

register = template.Library()

_BADGE = (
    ' <span class="badge badge-provisional"'
    ' title="该年度放假安排尚未确认，日期可能变化；确认后自动重新计算">暂定</span>'
)


@register.filter
def workdate(value: WorkDate | None) -> SafeString | str:
    """A WorkDate as ``<time>`` plus the 暂定 badge; empty for None."""
    if value is None:
        return ""
    return SafeString(render_to_string("calendar/workdate.html", {"value": value}).strip())


@register.filter
def workcount(value: WorkCount | None) -> SafeString | str:
    """A WorkCount as "N 个工作日" plus the 暂定 badge; empty for None."""
    if value is None:
        return ""
    text = format_html("{} 个工作日", value.days)
    return SafeString(text + (_BADGE if value.provisional else ""))
