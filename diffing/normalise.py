"""Noise-free text for hashing and comparing policy versions.

`normalise_text` applies, in this order:

1. Unicode NFKC (full-width letters, ligatures, compatibility spaces become plain forms).
2. No-break and other Unicode spaces (U+00A0, U+2000 to U+200A, U+202F, U+205F, U+3000) → space.
3. Zero-width and invisible characters dropped: U+200B to U+200D, U+2060, U+FEFF, U+00AD.
4. Curly and low quotes, primes → straight `'` and `"`; hyphen, dash and minus variants → `-`.
5. E-mail obfuscation: Cloudflare links (`/cdn-cgi/l/email-protection#HEX`) decoded to the
   address; their `[email protected]` placeholder text unified; `name [at] host [dot] org`
   and `(at)`/`(dot)` forms → `name@host.org`.
6. Tracking and cache-busting query parameters removed from URLs: `utm_*`, `fbclid`, `gclid`,
   `dclid`, `gbraid`, `wbraid`, `msclkid`, `yclid`, `igshid`, `mc_cid`, `mc_eid`, `_ga`, `_gl`,
   `_hsenc`, `_hsmi`, `mkt_tok`; session ids (`jsessionid`, `phpsessid`, `sid`, `sessionid`,
   `session_id`, and `;jsessionid=` path parameters); cache-busters (`_`, `cb`, `cachebust`,
   `cachebuster`, `nocache`, `rnd`, `rand`, `timestamp`). A `?` or `&` left dangling is removed.
7. Markdown list bullets `*` and `+` → `-`.
8. Whitespace: runs of spaces and tabs → one space, lines stripped, empty lines dropped.

`visible_text` goes further for comparing what a reader sees: after `normalise_text` it drops
images, replaces links by their text, turns `<br>` tags into line breaks, removes emphasis
markers (`**`, `__`, `*`, `_` pairs) and markdown backslash escapes. Sections are then compared
with all whitespace collapsed, so a line break replacing a space is no change, and heading
levels and numbering are ignored. Link-only edits (OTA's *markup_only* versions) therefore
compare equal.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width characters, BOM, soft hyphen
# One table for steps 2-4: character -> replacement ("" drops it).
CHARACTER_NOISE = {
    **dict.fromkeys(
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
        "\u200a\u202f\u205f\u3000",
        " ",
    ),
    **dict.fromkeys(INVISIBLE, ""),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
}
# All of them are non-ASCII. A `in` test per character and str.replace for the few present are
# 3 times faster than one regex scan, and the same: no replacement holds a noisy character.
NOISY_CHARACTERS = tuple(CHARACTER_NOISE.items())
TRACKING_PARAMS = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "jsessionid",
    "phpsessid",
    "sid",
    "sessionid",
    "session_id",
    "_",
    "cb",
    "cachebust",
    "cachebuster",
    "nocache",
    "rnd",
    "rand",
    "timestamp",
}
# Every tracking parameter's name holds one of these ("_" is in all the names with one).
TRACKING_PIECES = ("_", *(name for name in sorted(TRACKING_PARAMS) if "_" not in name))
# A URL with a query or path parameters: "http(s)://…" or a markdown link's "](/…". Starting
# with the class [h/] lets the regex engine skip to candidate characters (twice as fast).
URL_WITH_PARAMETERS = re.compile(
    r"[h/](?:(?<=h)ttps?://|(?<=\]\(/))[^\s)\]>\"'?;]*[?;][^\s)\]>\"']*"
)
CLOUDFLARE_EMAIL = re.compile(
    r"\[(?:\\.|[^\]\\])*\]\((?:https?://[^\s)]*)?/cdn-cgi/l/email-protection#(?P<hex>[0-9a-fA-F]+)\)"
)
CLOUDFLARE_PLACEHOLDER = re.compile(r"\\?\[email(?:&#160;|\s)protected\\?\]")
SPELLED_EMAIL = re.compile(
    r"\b([\w.+-]+)\s*[\[(]\s*at\s*[\])]\s*([\w-]+(?:\s*[\[(]\s*dot\s*[\])]\s*[\w-]+)+)\b",
    re.IGNORECASE,
)
# "(at)" and "[at]" apart: each pattern starts with a literal the regex engine skips to, which
# is 3 times faster than scanning for the class [\[(] (no corpus text has either).
SPELLED_AT = (
    re.compile(r"\(\s*at\s*[\])]", re.IGNORECASE),
    re.compile(r"\[\s*at\s*[\])]", re.IGNORECASE),
)
SPELLED_DOT = re.compile(r"\s*[\[(]\s*dot\s*[\])]\s*", re.IGNORECASE)
# A bullet: "*" or "+" after nothing but spaces on its line, then a space or line break. The
# first line is matched apart, so that the pattern starts with the "\n" the engine skips to
# (5 times faster than a multiline "^"). `[^\S\n]*` rather than `\s*`: whitespace back to the
# previous line break, which is where a multiline "^(\s*)" would find the same bullet.
BULLET = re.compile(r"\n([^\S\n]*)[*+](?=\s)")
FIRST_LINE_BULLET = re.compile(r"[^\S\n]*[*+](?=\s)")
# Tabs and runs of spaces only: rewriting every single space costs twice the time.
HORIZONTAL_SPACE = re.compile(r"[\t\f\v][ \t\f\v]*| [ \t\f\v]+")
# The same for a text without tabs, form or line feeds: the literal "  " is skipped to fast.
SPACE_RUN = re.compile("  +")

LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)  # kept by converters in table cells
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# A link: text with backslash escapes, then a target with balanced parentheses one level deep
# and an optional title. Each repeat is written "unrolled" (a run of plain characters, then
# escape or parenthesis + run, repeated) rather than as (?:\\.|[^\]\\])*: a run of one class
# is one fast loop in the regex engine, an alternative per character is not (2.5 times
# faster). Both read a text the only way it can be read, so they match the same.
LINK = re.compile(
    r"\[([^\]\\]*(?:\\.[^\]\\]*)*)\]"
    r"\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)"
)
AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
# Paired emphasis markers on one line; markers inside words (snake_case) are not emphasis.
# Each marker checks the character before it by looking back over itself, so the pattern
# starts with the markers' characters and the regex engine skips to them (2.7x faster than
# a leading (?<![\w*\\]), with the same matches).
EMPHASIS = re.compile(
    "(" + "|".join(rf"{marker}(?<![\w*\\]{marker})" for marker in (r"\*\*", "__", r"\*", "_")) + ")"
    r"(?=\S)(.+?)(?<=[^\s\\])\1(?![\w*])"
)
# Fewer markers than one per this many characters: the matches are tried at each marker
# rather than by a scan of the text, which reads ~7 ns per character (1.4 ms per version).
CHARACTERS_PER_MARKER = 200
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


def decode_cloudflare_email(hex_code: str) -> str:
    """Decode Cloudflare's e-mail protection: the first byte is an XOR key for the others."""
    data = bytes.fromhex(hex_code[: len(hex_code) // 2 * 2])
    if len(data) < 2:
        return "[email protected]"
    return bytes(b ^ data[0] for b in data[1:]).decode("utf-8", "replace")


def strip_tracking(url: str) -> str:
    """Remove tracking, session and cache-busting parameters from `url`."""
    if ";" in url:  # what the pattern starts with; most URLs have none
        url = re.sub(r";jsessionid=[^?#]*", "", url, flags=re.IGNORECASE)
    # A tracking parameter's name, lowercased, is in the lowercased text after the first "?"
    # unless "%XX" encodes it or a tab or line break (which urlsplit drops) splits it: such
    # URLs are looked at in full. Most URLs hold none of the names: their split and parse
    # (~10 µs) is skipped.
    query = url.partition("?")[2]
    if not any(mark in query for mark in "%\t\r\n") and not any(
        piece in query.lower() for piece in TRACKING_PIECES
    ):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed "[" read as an IPv6 host: nothing safe to strip
        return url
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not is_tracking_param(k)]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept, safe="/:,@")))


def is_tracking_param(name: str) -> bool:
    """Is the query parameter `name` tracking or cache-busting noise?"""
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


def normalise_text(text: str) -> str:
    """Return the noise-free form of `text` used for hashing and comparing (see module doc)."""
    # ASCII text is its own NFKC form and holds no noisy character (all are non-ASCII);
    # isascii() reads a flag, while the two steps below scan every character.
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):  # the check is ~100 times faster
            text = unicodedata.normalize("NFKC", text)
        text = replace_noisy_characters(text)
    # Each rewrite below first checks for a character its pattern cannot match without:
    # a substring test is far faster than a scan by the pattern, and most texts lack some.
    if "email-protection" in text:
        text = CLOUDFLARE_EMAIL.sub(lambda m: decode_cloudflare_email(m.group("hex")), text)
    if "[email" in text:  # not "protected": a third of policies say it in prose
        text = CLOUDFLARE_PLACEHOLDER.sub("[email protected]", text)
    if any(pattern.search(text) for pattern in SPELLED_AT):
        text = SPELLED_EMAIL.sub(lambda m: f"{m.group(1)}@{SPELLED_DOT.sub('.', m.group(2))}", text)
    if "/" in text and ("?" in text or ";" in text):
        text = strip_tracking_in_urls(text)
    if "*" in text or "+" in text:
        text = markdown_bullets_as_dashes(text)
    return tidy_lines(text)


def replace_noisy_characters(text: str) -> str:
    """Steps 2-4: replace or drop each character of CHARACTER_NOISE."""
    for character, replacement in NOISY_CHARACTERS:
        if character in text:
            text = text.replace(character, replacement)
    return text


def strip_tracking_in_urls(text: str) -> str:
    """Step 6 on every URL of `text`. Only the lines holding a "?" or ";" are searched for URLs:
    they are few, and scanning all for URLs ("h" or "/" starts one) is 2-3 times slower. The
    marks are found by str.find, several times faster than a regex scan for [?;]."""
    pieces, done = [], 0
    question, semicolon = text.find("?"), text.find(";")
    while question != -1 or semicolon != -1:
        mark = semicolon if question == -1 or -1 < semicolon < question else question
        start = text.rfind("\n", 0, mark) + 1
        end = text.find("\n", mark)
        end = len(text) if end == -1 else end
        line = text[start:end]
        if "/" in line:
            line = URL_WITH_PARAMETERS.sub(lambda m: strip_tracking(m.group(0)), line)
        pieces += (text[done:start], line)
        done = end
        # The next marks after this line (each found again only once passed).
        if question != -1 and question < done:
            question = text.find("?", done)
        if semicolon != -1 and semicolon < done:
            semicolon = text.find(";", done)
    return "".join(pieces) + text[done:]


def markdown_bullets_as_dashes(text: str) -> str:
    """Step 7: markdown list bullets "*" and "+" become "-"."""
    if first := FIRST_LINE_BULLET.match(text):
        text = first.group(0)[:-1] + "-" + text[first.end() :]
    return BULLET.sub("\n\\1-", text)


def tidy_lines(text: str) -> str:
    """Collapse runs of horizontal whitespace, strip lines and drop the empty ones."""
    # Every run to collapse holds a tab, form feed, vertical tab or two spaces: most texts
    # have none, and testing for them is much faster than the regex scan.
    if "\t" in text or "\f" in text or "\v" in text:
        text = HORIZONTAL_SPACE.sub(" ", text)
    elif "  " in text:  # runs of spaces only: the same rewrite, faster
        text = SPACE_RUN.sub(" ", text)
    return "\n".join(filter(None, map(str.strip, text.splitlines())))


def text_hash(text: str) -> str:
    """SHA-256 hex digest of `normalise_text(text)`: equal for texts that differ only in noise."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def visible_text(text: str) -> str:
    """What a reader sees: normalised text without images, link targets, emphasis or escapes."""
    text = normalised = normalise_text(text)
    if "![" in text:
        text = IMAGE.sub("", text)
    if "<" in text:
        text = LINE_BREAK_TAG.sub("\n", text)
    if "](" in text:
        text = LINK.sub(lambda m: m.group(1), text)
    if "<" in text:
        text = AUTOLINK.sub(lambda m: m.group(1).removeprefix("mailto:"), text)
    if "*" in text or "_" in text:
        text = remove_emphasis(text)
    if "\\" in text:
        text = ESCAPE.sub(r"\1", text)
    # Normalised text is already tidy (tidying twice changes nothing): only an edit above
    # can have left runs of spaces or empty lines.
    return tidy_lines(text) if text != normalised else text


def remove_emphasis(text: str, characters_per_marker: int = CHARACTERS_PER_MARKER) -> str:
    """`EMPHASIS.sub(r"\\2", text)`: emphasis markers removed, their text kept."""
    markers = text.count("*") + text.count("_")
    if markers * characters_per_marker > len(text):
        return EMPHASIS.sub(r"\2", text)
    # Every match starts with a marker character.
    starts = sorted(position for marker in "*_" for position in iter_find(text, marker))
    return sub_at(EMPHASIS, starts, lambda match: match.group(2), text)


def iter_find(text: str, character: str):
    """Positions of `character` in `text`, in order."""
    position = text.find(character)
    while position != -1:
        yield position
        position = text.find(character, position + 1)


def sub_at(pattern: re.Pattern, starts: list[int], replace, text: str) -> str:
    """`pattern.sub(replace, text)` when `starts` (ascending) holds every position where
    `pattern.match(text, position)` succeeds and no match is empty: sub takes the leftmost
    match at or after the end of the previous one, which is the first such start that
    matches. Trying a few starts is much faster than a scan of the whole text."""
    pieces, done = [], 0
    for start in starts:
        if start >= done and (match := pattern.match(text, start)):
            pieces += (text[done:start], replace(match))
            done = match.end()
    return "".join(pieces) + text[done:] if pieces else text
