"""Tell a policy that really got shorter from a page that lost most of its text by accident.

A truncated body loses the document's end, a bot wall or a fragment shares little of it. A
real deletion (whole sections taken out, the rest kept) opens and ends as the old text did and
is otherwise the old wording; a rewrite in fewer words is a document of its own
(crawler/timeline/replacement.py). Either is a change like any other, not a shrink to hold back.
"""

from __future__ import annotations

from crawler.timeline.replacement import WORD, contained_share, is_rewrite, runs_of
from diffing.model import PolicyDocument

# The opening and the ending compared: a paragraph or two, so that an edited first or last
# sentence does not hide that the rest stayed, while a footer line that outlived a truncation
# is too short to pass for the old ending.
END_WORDS = 150
# Share of those words' runs found near the same end of the new text (within twice as many
# words, room for a line added before or after them).
END_KEPT = 0.6
# Share of the new text's runs the old text has too: what is left is the old wording.
KEPT_WORDING = 0.8
# Shorter texts than this have no middle to delete from.
MIN_WORDS = 180


def found_share(part: list[str], within: list[str]) -> float:
    """Share of `part`'s word runs that `within` has too."""
    wanted = runs_of(part)
    return len(wanted & runs_of(within)) / len(wanted) if wanted else 0.0


def keeps_both_ends(old_text: str, new_text: str) -> bool:
    """Is the new text the old one with part of its middle taken out?"""
    old, new = WORD.findall(old_text.lower()), WORD.findall(new_text.lower())
    if len(old) < MIN_WORDS or len(new) < MIN_WORDS:
        return False
    near = 2 * END_WORDS
    return (
        found_share(old[:END_WORDS], new[:near]) >= END_KEPT
        and found_share(old[-END_WORDS:], new[-near:]) >= END_KEPT
        and contained_share(old_text, new_text) >= KEPT_WORDING
    )


def shorter_on_purpose(old_text: str, new: PolicyDocument, watched: str | None = None) -> bool:
    """Did the policy itself get this much shorter (a rewrite, or sections deleted)?"""
    return keeps_both_ends(old_text, new.markdown) or is_rewrite(old_text, new, watched)
