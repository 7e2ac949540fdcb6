"""The reads of agencies that public pages share."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.agencies.models import Agency

# A county's agencies are listed and offered whole; a province's two thousand would bury a page or a
# select, so past this many only the top two levels are (each agency's page lists its own).
OFFERED_AGENCIES = 80


@dataclass(frozen=True)
class Offered:
    agencies: list[Agency]  # in the official order
    total: int  # every active agency
    complete: bool  # False: only the top two levels


def offered_agencies(*fields: str) -> Offered:
    """The active agencies a public page lists or offers (``fields``: only those columns loaded)."""
    active = Agency.objects.filter(is_active=True).order_by("sort_path")
    if fields:
        active = active.only(*fields)
    total = active.count()
    if total <= OFFERED_AGENCIES:
        return Offered(list(active), total, True)
    return Offered(list(active.filter(depth__lte=1)), total, False)
