"""Is an extracted text written language at all?

Random or binary bytes served as a page decode, in any charset, to text with few letters and
many control, private-use or undecodable characters; written language in any script is mostly
letters. Two counts over the start of the text tell them apart cheaply.
"""

from __future__ import annotations

import re

# Enough text to judge (noise is the same throughout); a long page is not read whole.
SAMPLE_CHARS = 5_000
# Shares of the non-blank characters. Extracted policies (every snapshot of the shared corpus,
# Latin and Chinese scripts alike) have 0.85 or more letters and no junk; 200 kB of random
# bytes decoded as UTF-8, Latin-1, KOI8-R, Shift-JIS, GB18030, Big5 or EUC-KR have 0.33 to 0.56
# letters and 0.10 to 0.47 junk. A page with a few mis-decoded bytes stays far below the limit.
MIN_LETTER_SHARE = 0.65
MAX_JUNK_SHARE = 0.05
# Regular expressions count in C, ten times faster than a Python loop over the characters.
NOT_LETTER = re.compile(r"[\W\d_]")
# Control characters other than blanks, surrogates, private use, and U+FFFD (a byte that did
# not decode).
JUNK = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\uf8ff\ufffd]")


def not_language(text: str) -> str | None:
    """Why `text` is no written language (its letter and junk shares), or None when it is."""
    chars = "".join(text[:SAMPLE_CHARS].split())
    if not chars:
        return None  # empty texts have their own outcome
    letters = 1 - len(NOT_LETTER.findall(chars)) / len(chars)
    junk = len(JUNK.findall(chars)) / len(chars)
    if letters >= MIN_LETTER_SHARE and junk <= MAX_JUNK_SHARE:
        return None
    return (
        f"not written language: {letters:.0%} letters, {junk:.0%} control or undecodable "
        "characters (binary or random bytes?)"
    )
