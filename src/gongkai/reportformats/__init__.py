"""Annual report formats (as data), normalisation and the checker: pure Python, no Django.

Shared by the importer (``gongkai.reportcheck``) and the report builder.
"""

from .checker import Finding, check_cross_year, check_report
from .definitions import FORMATS, SCHEMA, FormatDefinition, get_format

__all__ = ["FORMATS", "SCHEMA", "Finding", "FormatDefinition", "check_cross_year", "check_report", "get_format"]
