"""Errors raised when an input cannot be read at all (the CLI exits with status 2)."""

from __future__ import annotations


class ReportReadError(Exception):
    """The input cannot be read as a report.  ``code`` is stable English, ``message`` Chinese."""

    code = "unreadable"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class TooLargeError(ReportReadError):
    code = "too_large"


class UnsupportedFormatError(ReportReadError):
    code = "unsupported"


class EncodingError(ReportReadError):
    code = "encoding"


class NeedsOcrError(ReportReadError):
    code = "needs_ocr"


class NotAReportError(ReportReadError):
    code = "not_a_report"
