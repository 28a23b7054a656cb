"""Link targets without noise: absolute, unwrapped from the Wayback Machine, untracked."""

from __future__ import annotations

import base64
import functools
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

# Wayback rewrites every link as /web/<14-digit timestamp><optional modifier like id_>/<original>.
WAYBACK = re.compile(r"^(?:https?://web\.archive\.org)?/web/\d{1,14}(?:[a-z]{2}_)?/(.+)$")
# Analytics parameters that change per visit or campaign, never the document linked to.
TRACKING_PREFIXES = ("utm_", "_hs", "__hs", "mc_", "pk_", "mtm_")
# HubSpot call-to-action links carry a per-view signature and click id.
TRACKING_NAME_LIST = (
    "gclid dclid fbclid msclkid yclid igshid _ga _gl mkt_tok hsctatracking trk ref_src s_cid "
    "cmpid cta_guid signature click placement_guid portal_id pageid msockid"
)
TRACKING_NAMES = frozenset(TRACKING_NAME_LIST.split())
HUBSPOT_CTA_PATH = "/cs/c/"
CFEMAIL_PATH = "/cdn-cgi/l/email-protection"
# Click-tracking redirectors (Facebook's link shim l.php?u=…&h=<per-visit token>, Google's
# /url?q=…): the target is in a parameter, the rest churns on every fetch.
REDIRECT_PATHS = {"/l.php": ("u",), "/url": ("q", "url")}
# Bing's click tracker /ck/a?…&p=<per-visit token>&u=a1<target, base64url without padding>:
# pages copied from a search result carry it, with a new token on every fetch.
ENCODED_REDIRECT_PATH = "/ck/a"
ENCODED_TARGET = "u"
ENCODED_MARK = "a1"
HAS_CFEMAIL = etree.XPath("boolean(descendant-or-self::*/@data-cfemail)")


def unwrap_wayback(href: str) -> str:
    """The original URL behind a Wayback-rewritten link (unchanged when not rewritten)."""
    match = WAYBACK.match(href)
    if not match:
        return href
    original = match.group(1)
    return original if "://" in original else "http://" + original


def is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(TRACKING_PREFIXES) or lowered in TRACKING_NAMES


# Pages repeat their links (menus, "see section 3"), and a site's snapshots repeat them all.
@functools.lru_cache(maxsize=8192)
def clean_href(href: str, base: str | None) -> str | None:
    """An absolute, untracked URL for `href`, or None when it leads nowhere worth keeping."""
    href = unwrap_wayback(href.strip())
    if not href or href.startswith(("#", "javascript:", "data:")):
        return None
    if base:
        try:
            href = urljoin(unwrap_wayback(base), href)
        except ValueError:
            return None
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.path == CFEMAIL_PATH or parts.path.startswith(CFEMAIL_PATH + "/"):
        address = decode_cfemail(parts.fragment)
        return f"mailto:{address}" if address else None
    redirect_target = unwrap_redirect(parts)
    if redirect_target:
        return clean_href(redirect_target, None)
    if parts.path.startswith(HUBSPOT_CTA_PATH):
        parts = parts._replace(query="")  # every parameter is a per-view token
    if parts.query:
        query = [
            (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)
        ]
        parts = parts._replace(query=urlencode(query))
    return urlunsplit(parts)


def unwrap_redirect(parts) -> str | None:
    """The absolute URL a click-tracking redirector points to, or None."""
    if parts.path == ENCODED_REDIRECT_PATH:
        return encoded_redirect_target(parts)
    names = REDIRECT_PATHS.get(parts.path)
    if not names:
        return None
    for name, value in parse_qsl(parts.query):
        if name in names and value.startswith(("http://", "https://")):
            return value
    return None


def encoded_redirect_target(parts) -> str | None:
    """The target of a /ck/a redirector, read against the redirector's own site."""
    for name, value in parse_qsl(parts.query):
        if name == ENCODED_TARGET and value.startswith(ENCODED_MARK):
            encoded = value[len(ENCODED_MARK) :]
            try:
                target = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
            except (ValueError, UnicodeDecodeError):
                return None
            if target.startswith(("http://", "https://", "/")):
                return urljoin(f"{parts.scheme}://{parts.netloc}/", target)
    return None


def decode_cfemail(hex_text: str) -> str | None:
    """Decode Cloudflare's e-mail obfuscation: hex bytes, the first one XOR-keys the rest."""
    try:
        data = bytes.fromhex(hex_text.strip())
    except ValueError:
        return None
    if len(data) < 2:
        return None
    key = data[0]
    return bytes(b ^ key for b in data[1:]).decode("utf-8", errors="replace")


def reveal_cloudflare_emails(root) -> None:
    """Replace Cloudflare's "[email protected]" placeholders (data-cfemail) by the address."""
    if not HAS_CFEMAIL(root):  # most pages: one search in C instead of a walk in Python
        return
    for element in root.iter():
        encoded = element.get("data-cfemail") if isinstance(element.tag, str) else None
        if encoded is None:
            continue
        address = decode_cfemail(encoded)
        if address:
            for child in list(element):
                element.remove(child)
            element.text = address
