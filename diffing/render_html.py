"""Self-contained HTML for a diff, readable in an e-mail client.

E-mail clients strip <style> blocks and scripts, so every style is inline. Every piece of
policy text, heading and label is HTML-escaped: a policy containing `<script>` stays text.
"""

from __future__ import annotations

from html import escape

from diffing.model import DocumentDiff, SectionChange
from diffing.render_parts import (
    headline,
    section_notes,
    section_title,
    shown_sections,
    with_context,
)

PAGE = "font-family:Georgia,serif;max-width:46em;margin:1em auto;color:#222;line-height:1.5"
SECTION = "border-top:1px solid #ddd;padding:0.5em 0"
DELETED = "background:#fdd;color:#900;text-decoration:line-through"
INSERTED = "background:#dfd;color:#060;text-decoration:none"
BADGE = (
    "display:inline-block;font:12px sans-serif;padding:1px 6px;margin-left:6px;"
    "border-radius:3px;background:#eef;color:#335"
)
STATUS_COLOURS = {"added": "#060", "removed": "#900", "modified": "#a60", "unchanged": "#555"}


def text_html(text: str) -> str:
    """Escaped text with its line breaks kept."""
    return escape(text).replace("\n", "<br>\n")


def diff_html(change: SectionChange) -> str:
    parts = []
    for op, text in with_context(change.diff):
        if op < 0:
            parts.append(f'<del style="{DELETED}">{text_html(text)}</del>')
        elif op > 0:
            parts.append(f'<ins style="{INSERTED}">{text_html(text)}</ins>')
        else:
            parts.append(text_html(text))
    return "".join(parts)


def section_html(change: SectionChange, unit: str) -> str:
    colour = STATUS_COLOURS[change.status]
    badges = "".join(
        f'<span style="{BADGE}">{escape(note)}</span>' for note in section_notes(change)
    )
    status = (
        f'<span style="color:{colour};font:bold 12px sans-serif">{change.status.upper()}</span>'
    )
    title = escape(section_title(change, unit))
    body = diff_html(change) if change.status != "unchanged" else ""
    return (
        f'<div style="{SECTION}">\n<h3 style="margin:0.3em 0">{status} {title}{badges}</h3>\n'
        f"<p>{body}</p>\n</div>"
    )


def render_html(diff: DocumentDiff, color: bool, old_label: str, new_label: str) -> str:
    """The diff as one HTML page with inline styles (`color` is ignored: HTML is coloured)."""
    intro = "".join(f"<p>{escape(line)}</p>\n" for line in headline(diff, old_label, new_label))
    sections = "\n".join(section_html(change, diff.unit) for change in shown_sections(diff))
    title = escape(f"Policy changes: {old_label} → {new_label}" if old_label else "Policy changes")
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{title}</title></head>\n"
        f'<body style="{PAGE}">\n<h2>{title}</h2>\n{intro}{sections}\n</body></html>\n'
    )
