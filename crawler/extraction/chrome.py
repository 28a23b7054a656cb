"""Find site chrome (menus, banners, cookie dialogs, share bars, …) to drop before extraction.

Each rule returns a short reason, so `--explain` can tell a user why a block went.
"""

from __future__ import annotations

import re

from lxml import etree

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
# Consent-management and archive toolbars: their names are unambiguous, whatever their size.
VENDOR = re.compile(
    r"onetrust|optanon|ot-sdk|didomi|cookiebot|usercentrics|truste-|trustarc|osano|iubenda|"
    r"qc-cmp|cmplz|borlabs|cookieyes|cky-consent|termly-|sp_message|klaro|cookie-?law|"
    r"cc-window|cc[-_]banner|cookie-?consent|wm-ipp|wm-toolbar|^donato$|axeptio|tarteaucitron|"
    r"consent-?(banner|bar|modal|popup|manager|dialog|overlay)|"
    r"cookies?[-_]?(banner|bar|notice|popup|modal|alert|message|overlay|dialog|warning|"
    r"settings|preferences|prompt|box|wall|disclaimer|notification)",
    re.IGNORECASE,
)
# Class names of widgets that are chrome when small (a 200-word cap protects policy text that
# happens to carry such a class); ids are left out because policy sections use them as anchors.
WIDGET = re.compile(
    r"(?:^|[-_])(breadcrumbs?|share|sharing|social|newsletter|subscribe|signup|skip-?(?:link|to)|"
    r"language|languages|lang-?(?:picker|selector|switcher|menu)|locale|country-?selector|"
    r"helpful|feedback|rating|related|back-?to-?top|print-?(?:button|link)|gdpr|consent|modal|"
    r"popup|toolbar|menu|navbar|navigation|sidebar|promo|advert|search|login|signin|chat)"
    r"(?:$|[-_])",
    re.IGNORECASE,
)
WIDGET_MAX_WORDS = 200
# Leaf blocks that are chrome by their words alone (English, French, German, Spanish).
CHROME_PHRASES = re.compile(
    r"(skip to (main )?content|aller au contenu|zum inhalt springen|saltar al contenido|"
    r"was this (page |article )?helpful\??|cet article (vous )?a-t-il été utile|"
    r"war dieser artikel hilfreich|back to top|retour en haut|share (this|on)\b.*|print this page|"
    r"(table of )?contents|sommaire|table des matières|inhalt|inhaltsverzeichnis|índice)",
    re.IGNORECASE,
)
PHRASE_TAGS = frozenset({"a", "p", "div", "span", "li", "section", "h2", "h3", "h4", "strong"})
ACCORDION_ATTRIBUTES = ("aria-expanded", "aria-controls", "data-toggle", "data-bs-toggle")


def inside_article(element) -> bool:
    return any(a.tag in ARTICLE_TAGS or a.get("role") == "main" for a in element.iterancestors())


def chrome_reason(element, words: int) -> str | None:
    """Why `element` is chrome, or None when it may be content."""
    tag = element.tag
    if tag == "button" and not any(element.get(a) for a in ACCORDION_ATTRIBUTES):
        return "button"
    if tag in PAGE_CHROME_TAGS and not inside_article(element):
        if tag == "form" and words > 300:
            return None  # ASP.NET-style pages wrap the whole page in one <form>
        return f"<{tag}> landmark"
    role = (element.get("role") or "").lower()
    if role in CHROME_ROLES:
        return f"role={role}"
    if element.get("aria-modal") == "true":
        return "modal dialog"
    names = (element.get("class") or "").split()
    identifier = element.get("id") or ""
    for name in [*names, identifier]:
        if name and VENDOR.search(name):
            return f"consent or toolbar widget ({name})"
    for name in names:
        if WIDGET.search(name) and words <= WIDGET_MAX_WORDS:
            return f"page widget ({name})"
    return None


def find_chrome(root, sizes: dict) -> list[tuple[etree._Element, str]]:
    """Outermost chrome elements under `root` with their reasons; never half the page or more."""
    page_words = sizes[root].words
    found = []
    stack = list(reversed(root))
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue
        size = sizes[element]
        words = size.words
        reason = (
            chrome_reason(element, words)
            or phrase_reason(element, words)
            or contents_reason(element, size)
        )
        if reason and (words * 2 < page_words or page_words < 50):
            found.append((element, reason))
        else:
            stack.extend(reversed(element))
    return found


def contents_reason(element, size) -> str | None:
    """An in-page table of contents: a list of links to anchors of the page itself.

    It repeats the headings, and pages regenerate it with churning anchor ids.
    """
    if element.tag not in ("ul", "ol") or size.words < 4 or size.link_words < 0.9 * size.words:
        return None
    targets = [a.get("href") or "" for a in element.iter("a")]
    if targets and all(href.startswith("#") for href in targets):
        return "table of contents"
    return None


def phrase_reason(element, words: int) -> str | None:
    """A short block whose words are chrome ("Skip to content", "Was this helpful?")."""
    if words > 12 or element.tag not in PHRASE_TAGS:
        return None
    text = " ".join(text_of(element).split())
    if not CHROME_PHRASES.fullmatch(text.rstrip(" ?!.")):
        return None
    return f"chrome text ({text})"


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
