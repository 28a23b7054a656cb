"""Pieces every renderer shares: section titles, badges, which sections to show, the headline."""

from __future__ import annotations

from diffing.model import DocumentDiff, SectionChange


def section_title(change: SectionChange, unit: str) -> str:
    """How a section is named to readers: its heading (old → new when renamed)."""
    heading = change.new_heading if change.new_heading is not None else change.old_heading
    if change.renamed:
        return f"{change.old_heading} → {change.new_heading}"
    if heading:
        return heading
    index = change.new_index if change.new_index is not None else change.old_index
    return "(preamble)" if unit == "section" and index == 0 else f"({unit} {index + 1})"


def section_notes(change: SectionChange) -> list[str]:
    """Badges for a section: moved, renamed, split from, merged into, sentence counts."""
    notes = []
    if change.moved:
        notes.append("moved")
    if change.renamed:
        notes.append("renamed")
    if change.split_from is not None:
        notes.append(f"split from old #{change.split_from + 1}")
    if change.merged_into is not None:
        notes.append(f"merged into new #{change.merged_into + 1}")
    if note := sentence_note(change):
        notes.append(note)
    return notes


def sentence_note(change: SectionChange) -> str:
    """E.g. "sentences: 2 changed, 1 added" for a modified section; "" when none are counted."""
    summary = change.sentences
    counts = {"changed": summary.changed, "added": summary.added, "removed": summary.removed}
    parts = [f"{len(items)} {name}" for name, items in counts.items() if items]
    return "sentences: " + ", ".join(parts) if parts else ""


def shown_sections(diff: DocumentDiff) -> list[SectionChange]:
    """Sections worth showing: everything except unchanged ones that did not move."""
    return [c for c in diff.sections if c.status != "unchanged" or c.moved]


def headline(diff: DocumentDiff, old_label: str, new_label: str) -> list[str]:
    """Opening lines shared by text and Markdown: labels, dates and the counts."""
    lines = []
    if old_label or new_label:
        lines.append(f"{old_label or 'old'} → {new_label or 'new'}")
    old_date, new_date = diff.effective_date
    if old_date or new_date:
        lines.append(f"Effective date: {old_date or 'none'} → {new_date or 'none'}")
    if not diff.changed:
        lines.append("No change in the visible text.")
        return lines
    counts = diff.summary()
    lines.append(", ".join(f"{value} {name}" for name, value in counts.items() if value))
    return lines


# Characters of unchanged text kept on each side of an edit; the rest is elided (…).
CONTEXT_CHARS = 100


def with_context(diff: tuple[tuple[int, str], ...]) -> list[tuple[int, str]]:
    """The diff with long unchanged stretches shortened to the words around the edits."""
    shown = []
    for position, (op, text) in enumerate(diff):
        if op != 0 or len(text) <= 2 * CONTEXT_CHARS + 20:
            shown.append((op, text))
            continue
        head = text[:CONTEXT_CHARS].rsplit(" ", 1)[0] if position else ""
        tail = text[-CONTEXT_CHARS:].split(" ", 1)[-1] if position < len(diff) - 1 else ""
        shown.append((0, (head + " … " if head else "… ") + tail if tail else head + " …"))
    return shown
