"""The report as PDF: WeasyPrint from the standalone HTML page and its print stylesheet.

The print styles (``html.PRINT_CSS``) set the A4 page with the GB/T 9704 margins, the official fonts
with the installed Noto CJK fonts (Debian ``fonts-noto-cjk``) as fallback, header rows that repeat
when the section 三 table runs onto a second page, and small tables kept whole.
"""

from __future__ import annotations

from typing import Any

from .html import render_page


def render_pdf(report: dict[str, Any]) -> bytes:
    # Imported here: WeasyPrint loads Pango and fontconfig, which the other formats do not need.
    from weasyprint import HTML

    document = HTML(string=render_page(report, print_css=True), base_url=None)
    return document.write_pdf()
