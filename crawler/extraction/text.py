"""Normalise text so that typography and invisible characters never look like a change."""

from __future__ import annotations

import re

# Zero-width space/joiners, word joiner, BOM, soft hyphen: invisible, yet they churn in real
# histories (EXTRACTION.md, "Normalise before hashing or comparing").
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"), None)
TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys(
            "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
            "\u200a\u202f\u205f\u3000",
            " ",
        ),
    }
)
SPACES = re.compile(r"[ \t\r\f\v]+")
LINE_SPACES = re.compile(r" *\n *")


def normalise_text(text: str) -> str:
    """Straighten quotes and dashes, drop invisible characters, collapse runs of spaces.

    Newlines are kept (they come from <br>); spaces around them are dropped.
    """
    text = text.translate(INVISIBLE).translate(TYPOGRAPHY)
    return LINE_SPACES.sub("\n", SPACES.sub(" ", text))


def collapse(text: str) -> str:
    """All whitespace, newlines included, as single spaces; stripped."""
    return " ".join(text.split())
