"""Rewrites stored agency letter templates from Django template syntax to the letters' placeholders.

``{{ a.receipt_number }}`` becomes ``{{ receipt_number }}``, the include of the remedies paragraph
becomes ``{{ remedies }}`` and so on. A template still using anything else after the rewrite (loops,
other lookups) is removed, so the agency falls back to the default wording; its text is kept in an
audit event for the 负责人 to rewrite it.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import migrations
from django.utils import timezone

# Attributes of the old ``a`` (the application) and ``agency`` objects that have a flat placeholder now.
APPLICATION_FIELDS = ("receipt_number", "applicant_name", "document_number", "received_basis")
AGENCY_FIELDS = ("name", "phone")


def _description(match: re.Match[str]) -> str:
    limit = int(match.group(1)) if match.group(1) else 200
    return "{{ description_short }}" if limit <= 120 else "{{ description }}"


def rewrite(body: str) -> str:
    """The old template in the placeholder syntax (as far as it maps)."""
    fields = "|".join(APPLICATION_FIELDS)
    text = re.sub(r"\{\{\s*a\.description\s*(?:\|\s*truncatechars\s*:\s*(\d+)\s*)?\}\}", _description, body)
    text = re.sub(rf"\{{\{{\s*a\.({fields})\s*\}}\}}", r"{{ \1 }}", text)
    text = re.sub(rf"\{{%\s*if\s+a\.({fields}|description)\s*%\}}", r"{% if \1 %}", text)
    text = re.sub(rf"\{{\{{\s*agency\.({'|'.join(AGENCY_FIELDS)})\s*\}}\}}", r"{{ agency_\1 }}", text)
    text = re.sub(rf"\{{%\s*if\s+agency\.({'|'.join(AGENCY_FIELDS)})\s*%\}}", r"{% if agency_\1 %}", text)
    return re.sub(r"\{%\s*include\s+[\"']applications/letters/_remedies\.txt[\"'][^%]*%\}", "{{ remedies }}", text)


def migrate_templates(apps, schema_editor) -> None:
    from gongkai.applications.letters import validate_template

    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    Event = apps.get_model("audit", "Event")
    for template in LetterTemplate.objects.all():
        body = rewrite(template.body)
        try:
            validate_template(template.kind, body)
        except ValidationError as exc:
            Event.objects.create(
                occurred_at=timezone.now(),
                actor_label="系统",
                action="application.letter_template",
                target_repr=f"{template.kind} {template.outcome}".strip(),
                agency_id=template.agency_id,
                before={"kind": template.kind, "outcome": template.outcome, "body": template.body},
                after={"kind": template.kind, "outcome": template.outcome, "body": ""},
                reason=(
                    "告知书模板改用占位符后，此模板无法自动转换，已恢复为系统默认模板；原模板正文见变更前。"
                    + "；".join(exc.messages)
                )[:2000],
            )
            template.delete()
            continue
        if body != template.body:
            template.body = body
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_online_correction"),
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [migrations.RunPython(migrate_templates, migrations.RunPython.noop)]
