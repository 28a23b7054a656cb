"""Where sentences break: the one text scan the word diff and the sentence summary share.

A break is a maximal run of whitespace that follows one of `.!?;:` or holds a line break. The
obvious patterns start with a lookbehind, which the regex engine tries at every character
(~1.5 ms per 43 kB section); this one starts with a class of rare characters (`.!?;:` and
the line break), which the engine skips to, and a run's spaces before its line break are
found by stepping back over them. The sentence summary strips what lies between breaks, so
it splits at the same breaks as the word diff.
"""

from __future__ import annotations

import re

# A line break and the whitespace after it (group 1 empty or not), or a punctuation mark and
# the whitespace run after it (group 2). One leading character class, not two alternatives
# each starting with one, is what lets the engine skip ahead (3 times faster).
BREAK_START = re.compile(r"[.!?;:\n](?:(?<=\n)\s*|(\s+))")


def sentence_pieces(text: str) -> tuple[str, ...]:
    """Sentences and breaks alternately, as re.split with a captured break would give them:
    text, break, text, …, text (the texts may be empty)."""
    pieces: list[str] = []
    end = 0  # where the current sentence began
    for match in BREAK_START.finditer(text):
        if match.start(1) != -1:
            start, stop = match.span(1)
        else:
            start, stop = match.span()
            while start > end and text[start - 1].isspace():
                start -= 1
        pieces.append(text[end:start])
        pieces.append(text[start:stop])
        end = stop
    pieces.append(text[end:])
    return tuple(pieces)
