"""Find site chrome (menus, banners, cookie dialogs, share bars, …) to drop before extraction.

Each rule returns a short reason, so `--explain` can tell a user why a block went.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from lxml import etree

from crawler.extraction.sizes import forget
from crawler.extraction.text import text_of

# Never content: code, media, form controls, document metadata.
NOISE_TAGS_NAMES = (
    "script style noscript template svg iframe object embed canvas video audio "
    "picture img source link meta input select textarea option dialog map area"
)
NOISE_TAGS = frozenset(NOISE_TAGS_NAMES.split())
# Landmarks that are chrome when they belong to the page rather than to the article.
PAGE_CHROME_TAGS = frozenset({"nav", "aside", "header", "footer", "form"})
ARTICLE_TAGS = frozenset({"article", "main"})
CHROME_ROLES_NAMES = (
    "navigation banner contentinfo search dialog alertdialog complementary menu menubar"
)
CHROME_ROLES = frozenset(CHROME_ROLES_NAMES.split())
# Class and id names are matched as tokens (split on spaces, "-" and "_"), which is far faster
# than regular expressions over every element of a page.
NAME_SEPARATORS = re.compile(r"[\s_-]+")
# Consent-management and archive toolbars: their names are unambiguous, whatever their size.
VENDOR_NAMES = (
    "onetrust optanon didomi cookiebot cybotcookiebotdialog usercentrics trustarc truste "
    "osano iubenda cmplz borlabs cookieyes termly klaro axeptio tarteaucitron donato "
    "cookielaw cookieconsent ccbanner"
)
VENDOR_NAME_PAIRS = (
    "cookie-consent cookies-consent "
    "ot-sdk qc-cmp2 qc-cmp sp-message cc-window cc-banner wm-ipp wm-toolbar cky-consent"
)
CONSENT_WORDS = ("cookie", "cookies", "consent", "gdpr")
CONSENT_WIDGET_NAMES = (
    "banner bar notice popup modal alert message overlay dialog warning settings preferences "
    "prompt box wall disclaimer notification manager law"
)
VENDOR_TOKENS = frozenset(VENDOR_NAMES.split()) | {
    a + b for a in CONSENT_WORDS for b in CONSENT_WIDGET_NAMES.split()
}
VENDOR_PAIRS = frozenset(tuple(p.split("-")) for p in VENDOR_NAME_PAIRS.split()) | {
    (a, b) for a in CONSENT_WORDS for b in CONSENT_WIDGET_NAMES.split()
}
# Class names of widgets that are chrome when small (a 200-word cap protects policy text that
# happens to carry such a class); ids are left out because policy sections use them as anchors.
WIDGET_NAMES = (
    "breadcrumb breadcrumbs share sharing social newsletter subscribe signup skiplink "
    "language languages locale helpful feedback rating related backtotop gdpr consent modal "
    "popup toolbar menu navbar navigation sidebar promo advert search login signin chat"
)
WIDGET_NAME_PAIRS = (
    "skip-link skip-to lang-picker lang-selector lang-switcher lang-menu country-selector "
    "back-to print-button print-link"
)
WIDGET_TOKENS = frozenset(WIDGET_NAMES.split())
WIDGET_PAIRS = frozenset(tuple(p.split("-")) for p in WIDGET_NAME_PAIRS.split())
WIDGET_MAX_WORDS = 200
# Leaf blocks that are chrome by their words alone (English, French, German, Spanish).
CHROME_PHRASES = re.compile(
    r"(skip to (main )?content|aller au contenu|zum inhalt springen|saltar al contenido|"
    r"was this (page |article )?helpful\??|cet article (vous )?a-t-il été utile|"
    r"war dieser artikel hilfreich|back to top|retour en haut|share (this|on)\b.*|print this page|"
    r"(table of )?contents|sommaire|table des matières|inhalt|inhaltsverzeichnis|índice)",
    re.IGNORECASE,
)
PHRASE_TAGS = frozenset({"a", "p", "li", "h2", "h3", "h4"})
PHRASE_MAX_WORDS = 12
# Elements any rule can apply to: these tags, and any element with a class, id, role or
# aria-modal attribute.
CANDIDATE_TAGS = frozenset({*PAGE_CHROME_TAGS, "button", "ul", "ol", *PHRASE_TAGS})
# The tags chrome_reason looks at on an element without attributes.
BARE_CHROME_TAGS = frozenset({*PAGE_CHROME_TAGS, "button"})
# The whitespace normalize-space() collapses (XML's four characters, not Unicode's).
XML_SPACES = re.compile("[ \t\n\r]+")
ACCORDION_ATTRIBUTES = ("aria-expanded", "aria-controls", "data-toggle", "data-bs-toggle")
# Class words of disclosure toggles built without ARIA; "toggle" alone is left out because
# hamburger menus use it too.
ACCORDION_CLASS_WORDS = frozenset(
    {"accordion", "collapse", "collapsible", "disclosure", "expander"}
)


def is_disclosure_toggle(button) -> bool:
    """Does this <button> open a hidden part of the text (its words are then a heading)?"""
    if any(button.get(a) for a in ACCORDION_ATTRIBUTES):
        return True
    return not ACCORDION_CLASS_WORDS.isdisjoint(
        NAME_SEPARATORS.split((button.get("class") or "").lower())
    )


def inside_article(element) -> bool:
    return any(a.tag in ARTICLE_TAGS or a.get("role") == "main" for a in element.iterancestors())


def chrome_reason(element, words: int) -> str | None:
    """Why `element` is chrome, or None when it may be content."""
    tag = element.tag
    if not element.attrib and tag not in PAGE_CHROME_TAGS and tag != "button":
        return None  # the common case: a bare <p>, <span>, <li>…
    if tag == "button" and not is_disclosure_toggle(element):
        return "button"
    if tag in PAGE_CHROME_TAGS and not inside_article(element):
        if tag == "form" and words > 300:
            return None  # ASP.NET-style pages wrap the whole page in one <form>
        return f"<{tag}> landmark"
    if tag == "nav" and words <= WIDGET_MAX_WORDS:
        # Inside the article too: a menu of the site's other legal documents, a table of
        # contents or prev/next links; never the policy's own words.
        return "<nav> inside the article"
    role = (element.get("role") or "").lower()
    if role in CHROME_ROLES:
        return f"role={role}"
    if element.get("aria-modal") == "true":
        return "modal dialog"
    vendor, widget = class_verdict(element.get("class") or "")
    identifier = element.get("id")
    if identifier and not vendor:
        vendor = matching_name(
            NAME_SEPARATORS.split(identifier.lower()), VENDOR_TOKENS, VENDOR_PAIRS
        )
    if vendor:
        return f"consent or toolbar widget ({vendor})"
    return f"page widget ({widget})" if widget and words <= WIDGET_MAX_WORDS else None


@functools.lru_cache(maxsize=4096)
def class_verdict(classes: str) -> tuple[str | None, str | None]:
    """The vendor and widget names in a class attribute (cached: pages repeat class strings)."""
    tokens = NAME_SEPARATORS.split(classes.lower())
    return (
        matching_name(tokens, VENDOR_TOKENS, VENDOR_PAIRS),
        matching_name(tokens, WIDGET_TOKENS, WIDGET_PAIRS),
    )


def matching_name(tokens: list[str], singles: frozenset, pairs: frozenset) -> str | None:
    """The first token, or pair of adjacent tokens, found in `singles` or `pairs`."""
    for token in tokens:
        if token in singles:
            return token
    for pair in itertools.pairwise(tokens):
        if pair in pairs:
            return "-".join(pair)
    return None


@dataclass(frozen=True)
class Dropped:
    """A block taken out of the page, and why (shown by `policywatch extract --explain`)."""

    reason: str
    element: str  # e.g. "div#cookie-banner.cookie-banner"
    words: int
    preview: str  # its first words


def describe(element) -> str:
    """A CSS-like name for `element`: tag, id and classes."""
    name = element.tag
    if element.get("id"):
        name += "#" + element.get("id")
    return name + "".join("." + c for c in (element.get("class") or "").split())


def record_drop(element, reason: str, sizes: dict) -> Dropped:
    """Drop `element` (keeping counts in `sizes` right) and say what went."""
    words = sizes[element].words if element in sizes else 0
    dropped = Dropped(reason, describe(element), words, first_words(element, 12))
    if element in sizes:
        forget(sizes, element)
        for descendant in element.iter():
            sizes.pop(descendant, None)
    drop(element)
    return dropped


def first_words(element, count: int) -> str:
    """The first `count` words of the element's text, each text node split on its own (a word
    never runs across nodes), without splitting all of a large block's text."""
    words: list[str] = []
    for text in element.itertext():
        words += text.split()
        if len(words) >= count:
            break
    return " ".join(words[:count])


def remove_chrome(root, sizes: dict) -> list[Dropped]:
    """Drop the chrome under `root`, outermost first; never a block with half the page or more."""
    page_words = sizes[root].words
    dropped = []
    anchors = PageAnchors(root)
    for element in candidates(root):
        size = sizes.get(element)
        if size is None:  # inside a block already dropped
            continue
        # Each rule's cheapest precondition is tested here: most of a page's few hundred
        # candidates then call no rule at all.
        tag, words = element.tag, size.words
        reason = None
        if element.attrib or tag in BARE_CHROME_TAGS:  # else chrome_reason finds nothing
            reason = chrome_reason(element, words)
        if reason is None and tag in PHRASE_TAGS and 0 < words <= PHRASE_MAX_WORDS:
            reason = phrase_reason(element, words)
        if reason is None and tag in ("ul", "ol"):
            reason = contents_reason(element, size, anchors)
        if reason and (size.words * 2 < page_words or page_words < 50):
            dropped.append(record_drop(element, reason, sizes))
    return dropped


def candidates(root) -> list:
    """The elements under `root` any rule can apply to, in document order.

    A comprehension over lxml's C iterator: five times faster than the equivalent XPath, whose
    14 self:: tests per element libxml2 evaluates one by one.
    """
    return [
        element
        for element in root.iterdescendants(etree.Element)
        if element.tag in CANDIDATE_TAGS
        # most other elements have no attribute: one test instead of four look-ups
        or (
            element.attrib
            and (
                element.get("class") is not None
                or element.get("id") is not None
                or element.get("role") is not None
                or element.get("aria-modal") is not None
            )
        )
    ]


ABSOLUTE_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//")
# Every id and name attribute under an element, gathered in C.
ANCHOR_NAMES = etree.XPath("descendant-or-self::*/@id | descendant-or-self::*/@name")


class PageAnchors:
    """The anchor names of a page, gathered once and only when a list of links asks."""

    def __init__(self, root):
        self.root = root
        self.names: frozenset[str] | None = None

    def __contains__(self, name: str) -> bool:
        if self.names is None:
            self.names = frozenset(map(str, ANCHOR_NAMES(self.root)))
        return name in self.names


def contents_reason(element, size, anchors: PageAnchors) -> str | None:
    """An in-page table of contents: a list of links to anchors of the page itself.

    It repeats the headings, and pages regenerate it with churning anchor ids.
    """
    if element.tag not in ("ul", "ol") or size.words < 4 or size.link_words < 0.9 * size.words:
        return None
    targets = [a.get("href") or "" for a in element.iter("a")]
    in_page = (href.startswith("#") or names_anchor_here(href, anchors) for href in targets)
    if targets and all(in_page):
        return "table of contents"
    return None


def names_anchor_here(href: str, anchors: PageAnchors) -> bool:
    """Is `href` a relative path whose fragment names an element of this page? A table of
    contents written with paths ("terms/#refunds", read against a <base>) points at the page
    itself. A full URL may name another page holding the same anchors: left alone."""
    path, _, fragment = href.partition("#")
    return bool(fragment) and not ABSOLUTE_URL.match(path) and fragment in anchors


def phrase_reason(element, words: int) -> str | None:
    """A short block whose words are chrome ("Skip to content", "Was this helpful?")."""
    # No words, no phrase.
    if element.tag not in PHRASE_TAGS or words > PHRASE_MAX_WORDS or words == 0:
        return None
    # normalize-space(.) of XPath, computed without an XPath call (whose overhead is most of
    # the cost on such short blocks): string(.) is the element's text nodes joined.
    text = normalize_space("".join(element.itertext()) if len(element) else element.text or "")
    if not CHROME_PHRASES.fullmatch(text.rstrip(" ?!.")):
        return None
    return f"chrome text ({text})"


def normalize_space(text: str) -> str:
    """XPath's normalize-space() of a string."""
    if "\n" in text or "\t" in text or "\r" in text or "  " in text:
        text = XML_SPACES.sub(" ", text)
    return text.strip(" ")


# Elements hidden from screen readers, found in C: most pages have none.
ARIA_HIDDEN = etree.XPath("//*[@aria-hidden = 'true']")
WORD_CHARACTER = re.compile(r"\w")


def drop_decorative_marks(root) -> None:
    """Drop marks hidden from screen readers that hold no word: a heading's permalink "#" or
    "¶", which a site's next template shows or leaves out around the same words."""
    for element in ARIA_HIDDEN(root):
        if element.getparent() is not None and not WORD_CHARACTER.search(text_of(element)):
            drop(element)


def drop(element) -> None:
    """Remove `element` but keep its tail text in the document."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
