"""Normalise text so that typography and invisible characters never look like a change."""

from __future__ import annotations

import re

# Zero-width space/joiners, word joiner, BOM, soft hyphen: invisible, yet they churn in real
# histories (EXTRACTION.md, "Normalise before hashing or comparing").
REPLACEMENTS = {
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f", ""),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys(
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
        "\u200a\u202f\u205f\u3000",
        " ",
    ),
}
SPECIAL_CHARACTERS = tuple(REPLACEMENTS.items())
# C0 control characters but tab and line feed, and DEL: no meaning in a policy's words, and
# XML 1.0 (Atom, RSS) cannot carry them at all, so a version must never hold them.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
SPACES = re.compile(r"[ \t\r\f\v]+")
LINE_SPACES = re.compile(r" *\n *")


def normalise_characters(text: str) -> str:
    """Straighten quotes and dashes, unify spaces, drop invisible characters."""
    if text.isascii():  # the common case, checked in C far faster than any substitution
        return text
    # One C scan per character (`in`, then `replace` for the few present) is faster than a
    # regular expression's character class. Exact: no replacement contains a special character.
    for special, replacement in SPECIAL_CHARACTERS:
        if special in text:
            text = text.replace(special, replacement)
    return text


def drop_controls(text: str) -> str:
    """`text` without control characters (tab and line feed kept)."""
    return CONTROLS.sub("", text)


def clean_line(text: str) -> str:
    """One line: control characters dropped, whitespace runs as single spaces, stripped; the
    characters otherwise as they are (a name keeps its curly apostrophe)."""
    return " ".join(drop_controls(text).split())


def normalise_lines(text: str) -> str:
    """Normalised characters and collapsed spaces, keeping line breaks (for <pre>)."""
    text = SPACES.sub(" ", normalise_characters(text))
    return LINE_SPACES.sub("\n", drop_controls(text)).strip("\n")


def one_line(text: str) -> str:
    """Normalised characters, all whitespace (newlines included) as single spaces; stripped."""
    text = normalise_characters(text)
    # Most texts are already on one line: single spaces between words and no other whitespace
    # (every whitespace character but the space is unprintable). Checked in C, this spares
    # splitting them into words only to join the same words again.
    if "  " not in text and text.isprintable() and text[:1] != " " and text[-1:] != " ":
        return text
    text = " ".join(text.split())
    # Left unprintable only by a control character (whitespace is gone), which is rare.
    return text if text.isprintable() else " ".join(drop_controls(text).split())


def text_of(element) -> str:
    """All text inside an lxml element, as in the DOM's textContent."""
    return "".join(element.itertext())
