"""Inline SVG charts for the static report: a sparkline per policy and a timeline plot.

Plain SVG written as text, so a report opens from `file://` with no script or download. Every
label is escaped; every mark carries a <title> (its tooltip).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html import escape
from typing import Any

KIND_COLOURS = {
    "first": "#4e9a06",
    "content": "#c05800",
    "effective-date": "#3465a4",
    "both": "#75507b",
    "silent-edit": "#cc0000",
    "markup-only": "#888888",
    "technical": "#aaaaaa",
}
OTHER_COLOUR = "#555555"


def when(text: str) -> datetime:
    """A stored date or date-time (ISO, UTC) as an aware datetime."""
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass(frozen=True)
class TimeScale:
    """Maps times in [start, end] onto x in [left, right]."""

    start: datetime
    end: datetime
    left: float
    right: float

    @classmethod
    def spanning(cls, times: list[datetime], left: float, right: float) -> TimeScale:
        # A history of one moment still needs a width: a day either side.
        start, end = min(times), max(times)
        if end - start < timedelta(days=2):
            start, end = start - timedelta(days=1), end + timedelta(days=1)
        return cls(start, end, left, right)

    def x(self, moment: datetime) -> float:
        share = (moment - self.start) / (self.end - self.start)
        return round(self.left + share * (self.right - self.left), 1)

    def ticks(self, count: int = 5) -> list[datetime]:
        step = (self.end - self.start) / (count - 1)
        return [self.start + step * i for i in range(count)]


def colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, OTHER_COLOUR)


def bucket_counts(changes: list[datetime], scale: TimeScale, buckets: int = 24) -> list[int]:
    """How many of `changes` fall in each of `buckets` equal periods of `scale`."""
    counts = [0] * buckets
    for moment in changes:
        share = (moment - scale.start) / (scale.end - scale.start)
        counts[min(buckets - 1, max(0, int(share * buckets)))] += 1
    return counts


def sparkline(counts: list[int], scale: TimeScale, tallest: int) -> str:
    """Bars of changes per period (`bucket_counts` on a scale every policy shares, so rows
    compare); `tallest` is the highest count of any policy's period."""
    width, height = scale.right - scale.left, 24
    bar = width / len(counts)
    bars = "".join(
        f'<rect x="{scale.left + i * bar:.1f}" y="{height - 2 - (height - 4) * n / tallest:.1f}" '
        f'width="{bar - 1:.1f}" height="{(height - 4) * n / tallest:.1f}" fill="#75507b"/>'
        for i, n in enumerate(counts)
        if n
    )
    total = sum(counts)
    label = (
        f"{total} change{'s' if total != 1 else ''} between "
        f"{scale.start:%Y-%m-%d} and {scale.end:%Y-%m-%d}"
    )
    return (
        f'<svg class="sparkline" width="{scale.right:.0f}" height="{height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>'
        f'<line x1="{scale.left}" y1="{height - 1}" x2="{scale.right}" y2="{height - 1}" '
        f'stroke="#ccc"/>{bars}</svg>'
    )


# The timeline plot's layout: section counts above, then the lanes of detected and stated dates.
WIDTH, LEFT, RIGHT = 760, 70, 740
STEPS_TOP, STEPS_BOTTOM = 20, 140
DETECTED_Y, EFFECTIVE_Y, AXIS_Y, HEIGHT = 175, 215, 240, 262


def timeline(versions: list[dict[str, Any]], anchor: str = "v{number}") -> str:
    """The plot of one policy's versions (oldest first): its section count over time, each
    change where it was detected (coloured by kind, linked to its diff at `#` + `anchor`),
    and each version's stated effective date joined to the date it was detected."""
    detected = [when(v["first_seen"]) for v in versions]
    effective = [when(v["effective_date"]) if v["effective_date"] else None for v in versions]
    ends = [*detected[1:], when(versions[-1]["last_seen"])]
    scale = TimeScale.spanning([*detected, *ends, *filter(None, effective)], LEFT, RIGHT)
    most = max(max(v["sections"] for v in versions), 1)

    def y(sections: int) -> float:
        return round(STEPS_BOTTOM - (STEPS_BOTTOM - STEPS_TOP) * sections / most, 1)

    parts = [
        f'<text x="{LEFT - 8}" y="{STEPS_TOP + 4}" text-anchor="end">{most}</text>',
        f'<text x="{LEFT - 8}" y="{STEPS_BOTTOM + 4}" text-anchor="end">0</text>',
        f'<text x="4" y="{(STEPS_TOP + STEPS_BOTTOM) / 2}">sections</text>',
        f'<text x="4" y="{DETECTED_Y + 4}">detected</text>',
        f'<text x="4" y="{EFFECTIVE_Y + 4}">effective</text>',
        f'<line x1="{LEFT}" y1="{STEPS_BOTTOM}" x2="{RIGHT}" y2="{STEPS_BOTTOM}" stroke="#ccc"/>',
        f'<line x1="{LEFT}" y1="{AXIS_Y}" x2="{RIGHT}" y2="{AXIS_Y}" stroke="#999"/>',
    ]
    ticks = scale.ticks()
    for i, tick in enumerate(ticks):
        x = scale.x(tick)
        # The end labels stay inside the plot.
        align = "start" if i == 0 else "end" if i == len(ticks) - 1 else "middle"
        parts.append(f'<line x1="{x}" y1="{AXIS_Y}" x2="{x}" y2="{AXIS_Y + 4}" stroke="#999"/>')
        parts.append(f'<text x="{x}" y="{HEIGHT - 4}" text-anchor="{align}">{tick:%Y-%m-%d}</text>')
    for version, start, end, stated in zip(versions, detected, ends, effective, strict=True):
        number, kind = version["version_number"], version["change_kind"]
        x, level = scale.x(start), y(version["sections"])
        tip = escape(
            f"version {number} ({kind}), detected {version['first_seen']}, "
            f"{version['sections']} sections"
            + (f", effective {version['effective_date']}" if stated else "")
        )
        # A dot where each count starts: versions days apart would otherwise be no line at all.
        parts.append(
            f'<line x1="{x}" y1="{level}" x2="{scale.x(end)}" y2="{level}" '
            f'stroke="#3465a4" stroke-width="2"><title>{tip}</title></line>'
            f'<circle cx="{x}" cy="{level}" r="3" fill="#3465a4"><title>{tip}</title></circle>'
        )
        if stated:
            parts.append(
                f'<line x1="{scale.x(stated)}" y1="{EFFECTIVE_Y}" x2="{x}" y2="{DETECTED_Y}" '
                f'stroke="#999" stroke-dasharray="3 2"/>'
                f'<rect x="{scale.x(stated) - 4}" y="{EFFECTIVE_Y - 4}" width="8" height="8" '
                f'fill="#fff" stroke="{colour(kind)}" stroke-width="2">'
                f"<title>{tip}</title></rect>"
            )
        dot = (
            f'<circle cx="{x}" cy="{DETECTED_Y}" r="6" fill="{colour(kind)}">'
            f"<title>{tip}</title></circle>"
        )
        # A first version has no diff to link to.
        parts.append(
            dot if kind == "first" else f'<a href="#{anchor.format(number=number)}">{dot}</a>'
        )
    return (
        f'<svg class="timeline" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'role="img" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">'
        "<title>Section count and changes over time</title>" + "".join(parts) + "</svg>"
    )
