"""归档 (第四十五条): one ZIP bundle per closed case — a PDF of its facts and timeline, every letter
(PDF and DOCX) and every file — for printing into the paper archive."""

from __future__ import annotations

import io
import zipfile

from django.template.loader import render_to_string

from gongkai.applications import letters, services
from gongkai.applications.models import Application
from gongkai.audit.models import Event


def timeline_pdf(application: Application) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "applications/archive_timeline.html",
        {
            "a": application,
            "clock": services.clock(application),
            "events": Event.objects.for_object(application).order_by("occurred_at", "id"),
            "letters": application.letters.all(),
            "files": application.files.all(),
            "consultations": application.consultations.all(),
            "appeals": application.appeals.all(),
            "body_fonts": letters._css_fonts(letters.FANGSONG_FONTS),
        },
    )
    return HTML(string=html).write_pdf()


def build_archive(application: Application) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("00-案件办理过程.pdf", timeline_pdf(application))
        for index, letter in enumerate(application.letters.all(), start=1):
            stem = f"文书/{index:02d}-{letter.title}-{letter.number}"
            bundle.writestr(f"{stem}.pdf", letters.to_pdf(letter))
            bundle.writestr(f"{stem}.docx", letters.to_docx(letter))
        for index, item in enumerate(application.files.all(), start=1):
            with item.file.open("rb") as handle:
                bundle.writestr(f"材料/{index:02d}-{item.get_kind_display()}-{item.name}", handle.read())
    return buffer.getvalue()
