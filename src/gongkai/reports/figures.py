"""Key figures of a canonical report for comparisons across years (the year-over-year view)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KEY_FIGURES: list[tuple[str, str]] = [
    ("new_received", "新收申请"),
    ("total_processed", "办结申请"),
    ("granted", "予以公开"),
    ("carried_forward", "结转下年度"),
    ("reviews", "行政复议"),
    ("lawsuits", "行政诉讼"),
]


def key_figures(report: dict[str, Any]) -> dict[str, int | None]:
    apps = report.get("applications") or {}
    appeals = report.get("appeals") or {}

    def total(row: str) -> int | None:
        value = (apps.get(row) or {}).get("total")
        return value if isinstance(value, int) else None

    def appeal_total(*groups: str) -> int | None:
        values = [(appeals.get(g) or {}).get("total") for g in groups]
        numbers = [v for v in values if isinstance(v, int)]
        return sum(numbers) if numbers else None

    return {
        "new_received": total("new_received"),
        "total_processed": total("total_processed"),
        "granted": total("granted"),
        "carried_forward": total("carried_forward"),
        "reviews": appeal_total("review"),
        "lawsuits": appeal_total("litigation_direct", "litigation_after_review"),
    }


@dataclass
class Bar:
    x: float
    y: float
    height: float
    value: int


@dataclass
class Series:
    key: str
    label: str
    css: str
    bars: list[Bar]


def chart(
    years: list[int],
    figures: list[dict[str, int | None]],
    *,
    keys: tuple[str, ...] = ("new_received", "total_processed"),
    width: int = 640,
    height: int = 220,
) -> dict[str, Any]:
    """Geometry of a grouped bar chart (server-rendered SVG, no JavaScript)."""
    labels = dict(KEY_FIGURES)
    top = max([f.get(k) or 0 for f in figures for k in keys] + [1])
    plot_h, left, bottom = height - 40, 40, height - 24
    group_w = (width - left - 10) / max(len(years), 1)
    bar_w = group_w * 0.7 / len(keys)
    series = []
    for index, key in enumerate(keys):
        bars = []
        for position, fig in enumerate(figures):
            value = fig.get(key) or 0
            bar_h = plot_h * value / top
            x = left + position * group_w + group_w * 0.15 + index * bar_w
            bars.append(Bar(x=round(x, 1), y=round(bottom - bar_h, 1), height=round(bar_h, 1), value=value))
        series.append(Series(key=key, label=labels[key], css=f"series-{index}", bars=bars))
    ticks = [{"x": round(left + i * group_w + group_w / 2, 1), "year": y} for i, y in enumerate(years)]
    return {
        "width": width,
        "height": height,
        "series": series,
        "ticks": ticks,
        "top": top,
        "bottom": bottom,
        "left": left,
        "bar_width": round(bar_w, 1),
    }
