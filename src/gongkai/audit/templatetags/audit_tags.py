from django import template

from gongkai.audit import labels

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return labels.label(action)


@register.filter
def change_rows(event) -> list[tuple[str, object, object]]:
    """(field, before, after) for each key an event changed, for the timeline's detail table."""
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("", before, after)]
    return [(key, before.get(key), after.get(key)) for key in sorted({*before, *after})]


@register.simple_tag
def timeline_url(obj) -> str:
    """Link to the full timeline of ``obj`` (the events page, narrowed to it)."""
    from django.urls import reverse
    from django.utils.http import urlencode

    from gongkai.audit.selectors import target_key

    return f"{reverse('audit:events')}?{urlencode({'target': target_key(obj)})}"
