"""Tell pages that are not a policy (bot walls, logins, soft 404s, JavaScript shells) from policies.

Such pages must never become versions: the pipeline logs them with the typed outcome returned
here ("bot-wall", "not-a-policy", "empty-extraction"; ARCHITECTURE.md, fetch_log).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.extraction.language import not_language
from diffing.model import PolicyDocument

# A real policy runs to hundreds of words; walls, login forms and error pages to a few dozen.
# Markers below only count on pages shorter than this, since big pages embed captcha scripts
# for their own forms.
SHORT_PAGE_WORDS = 300
EMPTY_WORDS = 20
JAVASCRIPT_SHELL_WORDS = 50
BOT_WALLS = [
    ("SiteGround captcha", re.compile(r"sgcaptcha", re.IGNORECASE)),
    (
        "Cloudflare challenge",
        re.compile(
            r"cf-chl|cf_chl_opt|challenge-platform|<title>\s*(just a moment|attention required)",
            re.IGNORECASE,
        ),
    ),
    ("Incapsula", re.compile(r"_incapsula_resource|incapsula incident id", re.IGNORECASE)),
    ("DataDome", re.compile(r"captcha-delivery\.com", re.IGNORECASE)),
    ("PerimeterX", re.compile(r"px-captcha|_pxcaptcha", re.IGNORECASE)),
    ("Akamai", re.compile(r"access denied.{0,400}reference\s*#", re.IGNORECASE | re.DOTALL)),
    (
        "captcha",
        re.compile(r"are you a robot|verify you are (a )?human|checking your browser", re.I),
    ),
]
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
PASSWORD_FIELD = re.compile(r"<input[^>]+type\s*=\s*[\"']?password", re.IGNORECASE)
NOT_FOUND = re.compile(
    r"\b404\b|not found|page introuvable|seite nicht gefunden|página no encontrada|"
    r"pagina non trovata|no longer available|doesn't exist|does not exist",
    re.IGNORECASE,
)
APP_ROOT = re.compile(
    r"<div[^>]+id\s*=\s*[\"'](root|app|__next|__nuxt)[\"'][^>]*>\s*</div>|"
    r"enable javascript|javascript is (required|disabled)|requires javascript",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NotAPolicy:
    outcome: str  # "bot-wall" | "not-a-policy" | "empty-extraction"
    reason: str


def check_page(html_text: str, document: PolicyDocument) -> NotAPolicy | None:
    """Why the page that gave `document` is not a policy, or None when it may be one."""
    # Before the word count: random bytes make thousands of "words".
    if reason := not_language(document.markdown):
        return NotAPolicy("not-a-policy", reason)
    words = words_up_to(document, SHORT_PAGE_WORDS)
    if words >= SHORT_PAGE_WORDS:
        return None
    for name, marker in BOT_WALLS:
        if marker.search(html_text):
            return NotAPolicy("bot-wall", f"{name} ({words} words)")
    if PASSWORD_FIELD.search(html_text):
        return NotAPolicy("not-a-policy", f"login page ({words} words)")
    title = TITLE.search(html_text)
    first_lines = " ".join(
        [title.group(1) if title else "", document.title, *document.markdown.splitlines()[:3]]
    )
    if NOT_FOUND.search(first_lines):
        return NotAPolicy("not-a-policy", f"page not found ({words} words)")
    if words < JAVASCRIPT_SHELL_WORDS and APP_ROOT.search(html_text):
        return NotAPolicy("not-a-policy", f"empty shell that needs JavaScript ({words} words)")
    if words < EMPTY_WORDS:
        return NotAPolicy("empty-extraction", f"only {words} words")
    return None


def words_up_to(document: PolicyDocument, limit: int) -> int:
    """The words of the sections' headings and texts when fewer than `limit`, else some count
    at or above it: a long policy's text is not split whole just to learn it is long."""
    words = 0
    for section in document.sections:
        words += len(section.heading.split())
        if words >= limit:
            break
        # At most limit - words splits: the count is exact while under the limit.
        words += len(section.text.split(None, limit - words))
        if words >= limit:
            break
    return words
