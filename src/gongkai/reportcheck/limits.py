"""The size limits of 年报体检, one per kind of upload, shared by the web page and the parser.

A report file (TXT, HTML, DOCX, PDF, JSON) may be at most ``GONGKAI_REPORTCHECK_MAX_BYTES`` (50 MiB by
default) and a ZIP upload of several reports ``GONGKAI_REPORTCHECK_ZIP_MAX_BYTES`` (200 MiB).  The
settings are read at call time so that an override takes effect without a restart of the module;
outside Django (the CLI, the benchmark) the defaults apply.  What a compressed container may expand
to is bounded here too, so that a small file cannot become gigabytes in memory (docs/report-import.md).
"""

from __future__ import annotations

MIB = 1024 * 1024
DEFAULT_REPORT_MAX_BYTES = 50 * MIB
DEFAULT_ZIP_MAX_BYTES = 200 * MIB
DEFAULT_KEEP_HOURS = 24

# A DOCX is a ZIP too: its parts together may expand to at most this much, each XML part to
# ``DOCX_MAX_PART_BYTES``, and it may hold at most ``DOCX_MAX_MEMBERS`` parts.  A real annual report
# has a document.xml of well under 5 MB.
DOCX_MAX_EXPANDED_BYTES = 40 * MIB
DOCX_MAX_PART_BYTES = 20 * MIB
DOCX_MAX_MEMBERS = 2000
# The XML of a DOCX body may hold at most this many elements (a real report: tens of thousands).
DOCX_MAX_ELEMENTS = 1_500_000
# Paragraphs and table rows of one report, from any reader.  A real report has a few hundred; parsing
# costs about 0.2 ms a block, so this bounds the time a crafted file can take.
MAX_BLOCKS = 5000
# A ZIP upload: at most this many reports, and at most this much once expanded.
ZIP_MAX_MEMBERS = 300
ZIP_EXPANDED_FACTOR = 2
# A member may not claim to expand more than this many times its compressed size (a real DOCX or
# text compresses 3–20 times; a bomb 1000 times and more).
MAX_COMPRESSION_RATIO = 200


def _setting(name: str, default: int) -> int:
    try:
        from django.conf import settings

        if not settings.configured:
            return default
        value = getattr(settings, name, default)
    except ImportError:  # the parser is usable without Django
        return default
    return int(value) if isinstance(value, int) and value > 0 else default


def report_max_bytes() -> int:
    """The largest report file accepted, by the upload page and the parser alike."""
    return _setting("GONGKAI_REPORTCHECK_MAX_BYTES", DEFAULT_REPORT_MAX_BYTES)


def zip_max_bytes() -> int:
    """The largest ZIP upload accepted."""
    return _setting("GONGKAI_REPORTCHECK_ZIP_MAX_BYTES", DEFAULT_ZIP_MAX_BYTES)


def zip_max_expanded_bytes() -> int:
    """What all reports of one ZIP upload may expand to together."""
    return zip_max_bytes() * ZIP_EXPANDED_FACTOR


def batch_keep_hours() -> int:
    """How long the result of a background batch is kept for its uploader (then ``report-purge``
    deletes it)."""
    return _setting("GONGKAI_REPORTCHECK_KEEP_HOURS", DEFAULT_KEEP_HOURS)


def size_label(size: int) -> str:
    """A size for a message: ``50 MB``, ``1.5 MB``, ``300 KB``."""
    if size >= MIB:
        value = size / MIB
        return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"
    return f"{max(1, size // 1024)} KB"
