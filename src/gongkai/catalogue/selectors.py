"""Reads of the 标准目录: timeliness of linked items on the working-day calendar, the compliance table
per agency (on time, late, missing, 要素 incomplete, score) and suggestions of entries for an item."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.calendar.cache import get_calendar
from gongkai.catalogue.models import Catalogue, Entry, EntryItem, ScoringSetting
from gongkai.catalogue.rules import Scoring, Timeliness, Verdict, missing_slots, score, timeliness
from gongkai.disclosure.models import Item


def link_timeliness(link: EntryItem, today: dt.date | None = None) -> Timeliness:
    calendar = get_calendar()
    return timeliness(
        limit=link.entry.rule,
        formed=link.item.formed_on,
        published=link.item.published_on,
        today=today or timezone.localdate(),
        add_working_days=calendar.add_working_days,
        working_days_between=calendar.working_days_between,
    )


@dataclass
class LinkRow:
    link: EntryItem
    timeliness: Timeliness


@dataclass
class EntryRow:
    entry: Entry
    links: list[LinkRow] = field(default_factory=list)
    missing: list[tuple[dt.date, dt.date]] = field(default_factory=list)

    @property
    def late(self) -> list[LinkRow]:
        return [r for r in self.links if r.timeliness.verdict is Verdict.LATE]

    @property
    def on_time(self) -> list[LinkRow]:
        return [r for r in self.links if r.timeliness.verdict is Verdict.ON_TIME]

    @property
    def incomplete(self) -> list[LinkRow]:
        return [r for r in self.links if r.link.elements_missing]


@dataclass
class AgencyCompliance:
    agency: Agency
    rows: list[EntryRow]
    scoring: Scoring

    @property
    def entries(self) -> int:
        return len(self.rows)

    @property
    def items(self) -> int:
        return sum(len(r.links) for r in self.rows)

    @property
    def on_time(self) -> int:
        return sum(len(r.on_time) for r in self.rows)

    @property
    def late(self) -> int:
        return sum(len(r.late) for r in self.rows)

    @property
    def missing(self) -> int:
        return sum(len(r.missing) for r in self.rows)

    @property
    def incomplete(self) -> int:
        return sum(len(r.incomplete) for r in self.rows)

    @property
    def on_time_rate(self) -> float | None:
        decided = self.on_time + self.late
        return round(100 * self.on_time / decided, 1) if decided else None

    @property
    def score(self) -> float:
        return score(self.scoring, late=self.late, missing=self.missing, incomplete=self.incomplete)


def current_catalogues(agencies: QuerySet[Agency] | list[Agency]) -> QuerySet[Catalogue]:
    """The newest version of each (agency, 领域) catalogue."""
    found = (
        Catalogue.objects.filter(agency__in=agencies)
        .select_related("agency", "area")
        .order_by("agency__sort_path", "area__sort_order", "area__name", "-version")
    )
    seen: set[tuple[int, int]] = set()
    keep = []
    for catalogue in found:
        key = (catalogue.agency_id, catalogue.area_id)
        if key not in seen:
            seen.add(key)
            keep.append(catalogue.pk)
    return found.filter(pk__in=keep)


def compliance(
    agencies: QuerySet[Agency] | list[Agency], start: dt.date, end: dt.date, today: dt.date | None = None
) -> list[AgencyCompliance]:
    """Per agency: each 主动 entry of its current catalogues with the items published (or due) in
    [start, end], and the slots of the period with no item at all."""
    today = today or timezone.localdate()
    scoring = ScoringSetting.current()
    catalogues = list(current_catalogues(agencies))
    entries = (
        Entry.objects.filter(catalogue__in=catalogues)
        .select_related("catalogue__agency", "catalogue__area")
        .order_by("catalogue__agency__sort_path", "catalogue__area__sort_order", "catalogue_id", "position")
    )
    links = (
        EntryItem.objects.filter(entry__catalogue__in=catalogues)
        .exclude(item__status="withdrawn")
        .select_related("item", "entry")
    )
    by_entry: dict[int, list[EntryItem]] = {}
    for link in links:
        item = link.item
        date = item.published_on or item.formed_on
        if start <= date <= end:
            by_entry.setdefault(link.entry_id, []).append(link)
    result: dict[int, AgencyCompliance] = {}
    for entry in entries:
        if not entry.is_proactive:
            continue
        agency = entry.catalogue.agency
        block = result.setdefault(agency.pk, AgencyCompliance(agency, [], scoring))
        entry_links = by_entry.get(entry.pk, [])
        rows = [LinkRow(link, link_timeliness(link, today)) for link in entry_links]
        published = [r.link.item.published_on for r in rows if r.link.item.published_on]
        last = min(end, today)
        gaps = missing_slots(entry.rule.recurrence, start, last, published) if last >= start else []
        block.rows.append(EntryRow(entry, rows, gaps))
    return list(result.values())


def suggest_entries(item: Item, limit: int = 5) -> list[Entry]:
    """Entries of the item's agency whose 事项 or 要素 words appear in its title or category: a hint,
    the clerk chooses."""
    text = f"{item.title} {item.category.name if item.category_id else ''} {item.summary}"
    candidates = Entry.objects.filter(catalogue__in=current_catalogues([item.agency])).select_related("catalogue__area")
    scored = []
    for entry in candidates:
        if not entry.is_proactive:
            continue
        words = [w for w in (entry.level1, entry.level2, entry.level3, entry.catalogue.area.name) if w]
        words += entry.elements
        hits = sum(len(w) for w in words if len(w) >= 2 and w in text)
        hits += sum(1 for w in _bigrams(entry.level2 or entry.level1) if w in text)
        if hits:
            scored.append((hits, -entry.pk, entry))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    return [entry for _, _, entry in scored[:limit]]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def annual_figures(agency: Agency, year: int) -> dict[str, object]:
    """Figures the annual report's section 一 may cite: entries, items, on-time rate, of the subtree."""
    blocks = compliance(agency.subtree(), dt.date(year, 1, 1), dt.date(year, 12, 31))
    on_time = sum(b.on_time for b in blocks)
    late = sum(b.late for b in blocks)
    return {
        "entries": sum(b.entries for b in blocks),
        "items": sum(b.items for b in blocks),
        "on_time_rate": round(100 * on_time / (on_time + late), 1) if on_time + late else None,
    }
