"""年报体检: reading published annual reports into the canonical JSON and checking them.

Importable without Django configured; only ``management`` and ``apps`` need Django.
"""

from .api import ParseResult, parse_bytes
from .errors import ReportReadError

__all__ = ["ParseResult", "ReportReadError", "parse_bytes"]
