"""Query parameters read into checked values. A value out of range is the visitor's mistake, so it
answers 400 with a Chinese message (site.views.bad_request for pages, gongkai.api for the API), never a
500 from a database that cannot hold the number (docs/security.md)."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# Far beyond any real list, far below what SQLite and PostgreSQL can hold in an OFFSET.
MAX_PAGE = 100_000
MAX_OFFSET = 10_000_000
# The largest page the staff APIs hand out at once.
MAX_LIMIT = 100
YEAR_MIN, YEAR_MAX = 1949, 2100
# A primary key given as a query parameter (bigint).
MAX_ID = 2**63 - 1
# Longer input is no number anyone typed.
_MAX_DIGITS = 12


class BadParameter(BadRequest):
    """A query parameter that cannot be used; its text is the Chinese message shown to the visitor."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def parse_int(name: str, raw: str | None, *, label: str, minimum: int, maximum: int) -> int | None:
    """``raw`` as an int in [minimum, maximum]; None when empty; BadParameter otherwise."""
    text = (raw or "").strip()
    if not text:
        return None
    if len(text) > _MAX_DIGITS or not text.lstrip("-").isdigit():
        raise BadParameter(name, f"{label}应为{minimum}至{maximum}之间的整数")
    value = int(text)
    if not minimum <= value <= maximum:
        raise BadParameter(name, f"{label}应为{minimum}至{maximum}之间的整数")
    return value


def int_param(request: HttpRequest, name: str, *, label: str, minimum: int, maximum: int) -> int | None:
    return parse_int(name, request.GET.get(name), label=label, minimum=minimum, maximum=maximum)


def page_param(request: HttpRequest, name: str = "page") -> int:
    """The page number (1 when absent)."""
    return int_param(request, name, label="页码", minimum=1, maximum=MAX_PAGE) or 1


def year_param(request: HttpRequest, name: str = "year") -> int | None:
    return int_param(request, name, label="年度", minimum=YEAR_MIN, maximum=YEAR_MAX)


def check_page(page: int, name: str = "page") -> int:
    """An already-parsed page number (the API's) within range."""
    if not 1 <= page <= MAX_PAGE:
        raise BadParameter(name, f"页码应为1至{MAX_PAGE}之间的整数")
    return page


def check_year(year: int | None, name: str = "year") -> int | None:
    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        raise BadParameter(name, f"年度应为{YEAR_MIN}至{YEAR_MAX}之间的整数")
    return year


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Ninja's limit/offset pagination with both ends capped: an unbounded offset reaches the database
    as a number it cannot hold (a 500), and an unbounded limit lets one request read a whole table."""

    class Input(Schema):
        limit: int = Field(MAX_LIMIT, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, max_limit: int = MAX_LIMIT, **kwargs: object) -> None:
        super().__init__(max_limit=max_limit, **kwargs)
