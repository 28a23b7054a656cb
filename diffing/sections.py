"""Split markdown into sections along its ATX heading tree."""

from __future__ import annotations

import re

from diffing.document import Section

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def split_sections(markdown: str) -> tuple[Section, ...]:
    """Return the sections of `markdown`, in order; text before the first heading is level 0."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    heading, level, body = "", 0, []

    def close() -> None:
        text = "\n".join(body).strip()
        if heading or text:
            path = tuple(h for _, h in stack)
            sections.append(Section(heading=heading, level=level, path=path, text=text))

    for line in markdown.splitlines():
        match = HEADING.match(line)
        if not match:
            body.append(line)
            continue
        close()
        level, heading, body = len(match.group(1)), match.group(2).strip(), []
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, heading))
    close()
    return tuple(sections)
