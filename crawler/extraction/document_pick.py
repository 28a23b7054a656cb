"""Pick one document out of a page that holds several (terms and privacy policy on one page).

A user may state which document a watched page is meant to hold (`document: privacy-policy`).
When the extracted markdown carries title headings of two or more different document kinds
("Terms of Use" and "Privacy Policy"), only the runs of text under the titles of the stated kind
are kept. Anything less certain leaves the text whole: a hint must never cost a whole policy.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Stated document types (normalised: lower case, words joined by "-") → the kind of title that
# opens such a document. Open Terms Archive's terms types ("Privacy Policy", "Trackers Policy")
# normalise into this table.
KINDS = {
    "privacy-policy": "privacy",
    "privacy-notice": "privacy",
    "privacy-statement": "privacy",
    "data-protection-policy": "privacy",
    "terms-of-service": "terms",
    "terms-of-use": "terms",
    "terms-and-conditions": "terms",
    "terms": "terms",
    "user-agreement": "terms",
    "general-conditions": "terms",
    "cookie-policy": "cookies",
    "cookies-policy": "cookies",
    "cookie-notice": "cookies",
    "trackers-policy": "cookies",
}

# Title phrases per kind (English, French, German, Spanish, Italian), matched against a whole
# heading: a phrase alone is far more often a section ("Cookies") than a document's title.
PHRASES = {
    "privacy": (
        r"privacy (?:policy|notice|statement|policies)|data privacy frameworks? "
        r"(?:policy|notice|statement)|data protection (?:policy|notice)|"
        r"politique de (?:confidentialit[eé]|protection des donn[eé]es(?: personnelles)?)|"
        r"(?:d[eé]claration|avis|charte) de confidentialit[eé]|"
        r"datenschutz(?:erkl[aä]rung|richtlinien?|hinweise|bestimmungen|informationen?)|"
        r"pol[ií]tica de privacidad|aviso de privacidad|informativa (?:sulla )?privacy"
    ),
    "terms": (
        r"terms (?:of (?:service|use)|and conditions(?: of (?:use|service|sale))?)|"
        r"terms & conditions|user agreement|conditions of use|"
        r"conditions g[eé]n[eé]rales(?: d'utilisation| de vente)?|conditions d'utilisation|"
        r"allgemeine gesch[aä]ftsbedingungen|nutzungsbedingungen|"
        r"t[eé]rminos (?:y condiciones|de (?:uso|servicio))|condiciones de uso|"
        r"termini (?:e condizioni|di servizio|d'uso)"
    ),
    "cookies": (
        r"(?:cookies?|trackers?) (?:policy|notice|statement)|"
        r"cookies? and (?:similar |other )?(?:tracking )?technolog(?:y|ies) (?:policy|notice)|"
        r"politique (?:relative aux |en mati[eè]re de |de gestion des |des )?(?:cookies|traceurs)|"
        r"cookie-?(?:richtlinien?|hinweise?|erkl[aä]rung)|pol[ií]tica de cookies"
    ),
}
# Words that make a heading *about* a document rather than its title ("Other Important
# Terms" is a clause of terms, not a document after them): "Changes to this
# Privacy Policy", "Updates to our Terms of Service", "Änderungen dieser Datenschutzerklärung".
NOT_A_TITLE = (
    r"this|these|our|to|about|changes?|updates?|of|in|under|see|read|your|and|or|with|for|by|"
    r"on|how|what|why|does|do|is|other|important|notre|nos|votre|cette|ces|modifications?|changements?|"
    r"mise|[aà]|jour|unserer|dieser|diese|unsere|zur|[aä]nderungen?|nuestra|esta|cambios"
)
PREFIX_WORD = rf"(?!(?:{NOT_A_TITLE})\b)[\w.,'&-]+"
TITLE = {
    kind: re.compile(
        rf"^(?:{PREFIX_WORD}\s+){{0,4}}(?:{phrase})(?:\s*\([^)]*\))?\s*[:.]?$", re.IGNORECASE
    )
    for kind, phrase in PHRASES.items()
}
# Titles of other documents ("DMCA Takedown Policy", "API Terms", "Community Guidelines"): they
# end the document before them, but never open one nor, alone, make a page multi-document.
OTHER = "other"
OTHER_TITLE = re.compile(
    rf"^(?:{PREFIX_WORD}\s+){{1,3}}(?:policy|terms|guidelines)(?:\s*\([^)]*\))?\s*[:.]?$",
    re.IGNORECASE,
)
# A word every title pattern above (TITLE and OTHER_TITLE) contains, matched the same way
# (ignoring case): most headings have none, and one search rules out four matches.
TITLE_WORD = re.compile(
    r"privacy|protection|politique|confidentialit|datenschutz|privacidad|terms|agreement|"
    r"conditions|bedingungen|rminos|condiciones|termini|cookie|tracker|policy|guidelines",
    re.IGNORECASE,
)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")
# Numbered headings are clauses of a document ("16.1 Privacy Policy"), never its title.
NUMBERED = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[ivxl]+\.|[a-z]\.)\s", re.IGNORECASE)
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"[*_`\\]")
# Below this many words the chosen part is more likely a stray heading than a document.
MIN_PICKED_WORDS = 50


def normalise_type(name: str) -> str:
    """'Privacy Policy', 'privacy_policy', 'PRIVACY-POLICY' → 'privacy-policy'."""
    return "-".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", name).casefold()))


def document_kind(name: str) -> str | None:
    """The title kind a stated document type asks for, or None for a type we do not know."""
    return KINDS.get(normalise_type(name))


@dataclass(frozen=True)
class Title:
    line: int  # index in the markdown's lines
    level: int
    kind: str
    text: str


def title_kind(heading: str) -> str | None:
    """The document kind whose title `heading` is, or None for an ordinary heading."""
    text = " ".join(EMPHASIS.sub("", LINK.sub(r"\1", heading)).replace("\u2019", "'").split())
    if NUMBERED.match(text) or not TITLE_WORD.search(text):
        return None
    kind = next((kind for kind, pattern in TITLE.items() if pattern.match(text)), None)
    return kind or (OTHER if OTHER_TITLE.match(text) else None)


def find_titles(lines: list[str]) -> list[Title]:
    titles = []
    for index, line in enumerate(lines):
        heading = HEADING.match(line) if line.startswith("#") else None
        if heading and (kind := title_kind(heading.group(2))):
            titles.append(Title(index, len(heading.group(1)), kind, heading.group(2)))
    return titles


@dataclass(frozen=True)
class Pick:
    """The result of picking: the markdown to keep, its title, and why nothing was cut."""

    markdown: str
    title: str | None = None  # the heading that opened the kept document, when one was cut out
    warning: str | None = None

    @property
    def picked(self) -> bool:
        return self.title is not None


def kept_runs(titles: list[Title], kind: str, end: int) -> list[tuple[int, int]]:
    """Line ranges under the titles of `kind`.

    A run opens at a title of `kind` at level L and closes at the next title of another kind
    at level L or above; titles of the same kind inside it, and other kinds' titles nested
    deeper (a "Cookie Policy" section inside a privacy policy), do not close it.
    """
    runs: list[tuple[int, int]] = []
    opened: Title | None = None
    for title in titles:
        if opened is None and title.kind == kind:
            opened = title
        elif opened is not None and title.kind != kind and title.level <= opened.level:
            runs.append((opened.line, title.line))
            opened = None
    if opened is not None:
        runs.append((opened.line, end))
    return runs


# "Privacy Policy - Example", "Terms | Example": a page's <title> names the site after the page.
TITLE_SEPARATOR = re.compile(r"\s+[|\u2013\u2014\u00b7:-]+\s+")


def page_title_kind(page_title: str) -> str | None:
    """The document kind `page_title` names, whole or in one of its parts."""
    parts = [page_title, *TITLE_SEPARATOR.split(page_title)]
    return next((kind for part in parts if (kind := title_kind(part)) and kind != OTHER), None)


def page_titles(lines: list[str], page_title: str) -> list[Title]:
    """The title headings of `lines`, led by the page's own title when the text above the
    first title heading is the document the page is named after (a title outside the block).
    That title stands level with the first title heading, which then ends its document."""
    titles = find_titles(lines)
    page_kind = page_title_kind(page_title)
    if page_kind and not (titles and titles[0].line == 0):
        level = min((t.level for t in titles), default=1)
        titles.insert(0, Title(0, level, page_kind, page_title))
    return titles


def pick_document(markdown: str, document_type: str, page_title: str = "") -> Pick:
    """Keep only the document of `document_type` when the page holds documents of several
    kinds; otherwise the markdown unchanged, with a warning when the hint could not be used.

    `page_title` (the page's <h1> or <title>, often outside the extracted block) stands for
    the title of the text above the first title heading.
    """
    kind = document_kind(document_type)
    if kind is None:
        known = ", ".join(sorted(KINDS))
        return Pick(markdown, warning=f"unknown document type {document_type!r} (known: {known})")
    lines = markdown.split("\n")
    titles = page_titles(lines, page_title)
    return pick_kind(markdown, lines, titles, kind, document_type)


def pick_kind(markdown: str, lines: list[str], titles: list[Title], kind: str, asked: str) -> Pick:
    """pick_document once the kind and the titles are known."""
    kinds = {t.kind for t in titles} - {OTHER}
    if kind not in kinds:
        if not kinds:
            return Pick(markdown)
        found = "; ".join(list(dict.fromkeys(t.text for t in titles if t.kind != OTHER))[:4])
        return Pick(
            markdown,
            warning=f"document {asked!r}: no such title on the page (found: {found});"
            " kept the whole text",
        )
    if len(kinds) < 2:
        return Pick(markdown)  # one document: nothing to choose between
    runs = kept_runs(titles, kind, len(lines))
    # The text above the first title (a page heading, an introduction) goes with the first
    # document: kept only when that document is the one asked for.
    if runs[0][0] == titles[0].line:
        runs[0] = (0, runs[0][1])
    kept = "\n\n".join("\n".join(lines[start:stop]).strip("\n") for start, stop in runs)
    if len(kept.split()) < MIN_PICKED_WORDS:
        return Pick(
            markdown,
            warning=f"document {asked!r}: the part under its title is too short to be"
            " the document; kept the whole text",
        )
    if kept == markdown.strip("\n"):
        return Pick(markdown)
    opening = next(t.text for t in titles if t.kind == kind)
    return Pick(kept.strip("\n") + "\n", title=EMPHASIS.sub("", LINK.sub(r"\1", opening)))


# Words of a URL's anchor or path naming a document kind ("/legal/privacy", "#cookie-policy",
# "/cgu", "/datenschutz").
URL_WORDS = {
    "privacy": re.compile(
        r"privacy|datenschutz|confidentialit|privacidad|donnees-personnelles|data-protection"
    ),
    "terms": re.compile(
        r"terms|(?<![a-z])(?:tos|cgu|cgv|agb|eula)(?![a-z])|conditions|nutzungsbedingungen|"
        r"user-agreement|terminos|condiciones"
    ),
    "cookies": re.compile(r"cookie|tracker"),
}


def url_kind(url: str | None) -> str | None:
    """The document kind a URL's anchor names, else its path's last naming segment."""
    if not url:
        return None
    address, _, anchor = url.lower().partition("#")
    path = address.split("?", 1)[0].split("://", 1)[-1].partition("/")[2]
    for part in [anchor, *reversed(path.split("/"))]:
        kinds = [kind for kind, words in URL_WORDS.items() if words.search(part)]
        if len(kinds) == 1:
            return kinds[0]
    return None


def choose_document(
    markdown: str, page_title: str = "", url: str | None = None, document_type: str | None = None
) -> Pick:
    """Unasked, keep one document of a page holding several: the one the URL's anchor or path
    names, else the watched `document_type`, else the first; with a warning, since the user
    did not say (`document:` does). A page holding one document comes back unchanged."""
    lines = markdown.split("\n")
    titles = page_titles(lines, page_title)
    kinds = [t.kind for t in titles if t.kind != OTHER]
    if len(set(kinds)) < 2:
        return Pick(markdown)
    kind, reason = next(
        (kind, reason)
        for kind, reason in (
            (url_kind(url), "named by the URL"),
            (document_kind(document_type or ""), "the watched document type"),
            (kinds[0], "the first on the page"),
        )
        if kind in kinds
    )
    names = (EMPHASIS.sub("", LINK.sub(r"\1", t.text)) for t in titles if t.kind != OTHER)
    named = "; ".join(list(dict.fromkeys(names))[:4])
    pick = pick_kind(markdown, lines, titles, kind, kind)
    if not pick.picked:
        return pick
    return Pick(
        pick.markdown,
        title=pick.title,
        warning=f"the page holds several documents ({named}); kept {pick.title!r} ({reason});"
        " set document: to choose another",
    )
