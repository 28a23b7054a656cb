"""One diff model, four renderings: terminal text, Markdown, HTML and JSON.

Renderers register under a short name (`@renderer("text")`); `render_diff` looks them up, so
adding a format touches no if-chain. Unchanged sections are counted, not printed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape

from diffing.model import DocumentDiff
from diffing.render_html import render_html
from diffing.render_parts import (
    headline,
    section_notes,
    section_title,
    shown_sections,
    with_context,
)
from diffing.topics import change_topics

Renderer = Callable[[DocumentDiff, bool, str, str], str]
RENDERERS: dict[str, Renderer] = {}

ANSI = {"-": "\033[31m", "+": "\033[32m", "head": "\033[1m", "note": "\033[36m", "end": "\033[0m"}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    """Register a renderer under `name`."""

    def register(function: Renderer) -> Renderer:
        RENDERERS[name] = function
        return function

    return register


def render_diff(
    diff: DocumentDiff,
    fmt: str,
    color: bool = False,
    old_label: str = "",
    new_label: str = "",
    explain: bool = False,
) -> str:
    """Render `diff` as text|markdown|html|json; `color` adds ANSI colours to text; `explain`
    adds the words that made each section's topics."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(RENDERERS)}")
    if explain and fmt == "json":
        return json.dumps(explained_dict(diff), ensure_ascii=False, indent=2)
    rendered = RENDERERS[fmt](diff, color, old_label, new_label)
    if not explain:
        return rendered
    lines = topic_explanation(diff)
    if fmt == "html":
        return rendered + f"<pre>{escape(chr(10).join(lines))}</pre>\n"
    return rendered + "\n" + "\n".join(lines) + "\n"


def explained_dict(diff: DocumentDiff) -> dict:
    """`diff.to_dict()` with each section's `topic_matches`: topic -> where and words."""
    result = diff.to_dict()
    for section, change in zip(result["sections"], diff.sections, strict=True):
        section["topic_matches"] = {
            match.topic: {"where": match.where, "words": list(match.words)}
            for match in change_topics(change)
        }
    return result


def topic_explanation(diff: DocumentDiff) -> list[str]:
    """One line per changed section: its topics and the words that matched each."""
    lines = ["Topics (words that matched):"]
    for change in shown_sections(diff):
        if change.status == "unchanged":
            continue
        found = change_topics(change)
        reasons = "; ".join(
            f"{m.topic} ({m.where}: {', '.join(repr(w) for w in m.words)})" for m in found
        )
        title = section_title(change, diff.unit)
        lines.append(f"  {change.status}: {title} -> {reasons or 'none'}")
    return lines


@renderer("json")
def render_json(diff: DocumentDiff, color: bool, old_label: str, new_label: str) -> str:
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2)


@renderer("text")
def render_text(diff: DocumentDiff, color: bool, old_label: str, new_label: str) -> str:
    def paint(kind: str, text: str) -> str:
        return f"{ANSI[kind]}{text}{ANSI['end']}" if color else text

    lines = headline(diff, old_label, new_label)
    for change in shown_sections(diff):
        notes = " ".join(f"[{note}]" for note in section_notes(change))
        title = f"{change.status.upper()}: {section_title(change, diff.unit)}"
        lines += ["", paint("head", title) + (" " + paint("note", notes) if notes else "")]
        body = []
        for op, text in with_context(change.diff):
            if op == 0:
                body.append(text)
            else:
                sign = "-" if op < 0 else "+"
                marked = f"[{sign}{text}{sign}]"
                body.append(paint(sign, marked) if color else marked)
        if change.status != "unchanged" and body:
            lines.append("".join(body))
    return "\n".join(lines) + "\n"


def emphasise(text: str, marker: str) -> str:
    """Wrap each line of `text` in `marker`, keeping surrounding spaces outside it."""
    lines = []
    for line in text.split("\n"):
        core = line.strip()
        lines.append(line.replace(core, f"{marker}{core}{marker}", 1) if core else line)
    return "\n".join(lines)


@renderer("markdown")
def render_markdown(diff: DocumentDiff, color: bool, old_label: str, new_label: str) -> str:
    lines = headline(diff, old_label, new_label)
    for change in shown_sections(diff):
        notes = " ".join(f"`{note}`" for note in section_notes(change))
        lines += [
            "",
            f"### {change.status.capitalize()}: {section_title(change, diff.unit)} {notes}",
        ]
        markers = {0: "", -1: "~~", 1: "**"}
        body = "".join(
            emphasise(text, markers[op]) if op else text for op, text in with_context(change.diff)
        )
        if change.status != "unchanged" and body:
            lines += ["", body]
    return "\n".join(lines) + "\n"


renderer("html")(render_html)
