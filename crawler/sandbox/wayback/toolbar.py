"""View mode (``/web/<ts>/<url>`` without ``id_``): the archived HTML as a browser sees it.

Reproduces what the real replay does to a page (see ``test_get_memento_with_mode.00.body`` in
``../shared/corpus/wayback``): a script block after ``<head>``, the toolbar between
``<!-- BEGIN WAYBACK TOOLBAR INSERT -->`` and ``<!-- END ... -->`` after ``<body>``, every
link rewritten to ``/web/<ts>/...`` (``im_``/``js_``/``cs_`` for images, scripts and
stylesheets) and an "archived on" comment after ``</html>``.
"""

import re
from urllib.parse import urljoin

from crawler.sandbox.wayback.keys import parse_timestamp
from crawler.sandbox.wayback.timeline import Timeline

_HEAD_OPEN = re.compile(rb"<head\b[^>]*>", re.IGNORECASE)
_BODY_OPEN = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_HTML_CLOSE = re.compile(rb"</html\s*>", re.IGNORECASE)
_LINK_ATTRIBUTE = re.compile(
    rb"""(<(?P<tag>[a-zA-Z]+)\b[^>]*?\s(?:href|src|action)=)(?P<q>["'])(?P<url>[^"']*)(?P=q)""",
    re.IGNORECASE,
)
_UNREWRITTEN = (b"#", b"javascript:", b"data:", b"about:")
_MODIFIERS = {b"img": "im_", b"script": "js_", b"link": "cs_", b"iframe": "if_"}

_HEAD_INSERT = """<script type="text/javascript" src="/_static/js/bundle-playback.js"></script>
<script type="text/javascript" src="/_static/js/wombat.js" charset="utf-8"></script>
<script type="text/javascript">
  __wm.init("{base}/web");
  __wm.wombat("{url}","{ts}","{base}/","web","/_static/");
</script>
<link rel="stylesheet" type="text/css" href="/_static/css/banner-styles.css" />
<!-- End Wayback Rewrite JS Include -->
"""
_TOOLBAR = """<!-- BEGIN WAYBACK TOOLBAR INSERT -->
<script>__wm.rw(0);</script>
<div id="wm-ipp-base" lang="en" style="display:none;direction:ltr;">
<div id="wm-ipp" style="position:fixed;left:0;top:0;right:0;">
<div id="wm-ipp-inside">
  <div id="wm-logo"><a href="/web/" title="Wayback Machine home page">Wayback Machine</a></div>
  <form target="_top" method="get" action="/web/submit" name="wmtb" id="wmtb">
    <input type="text" name="url" id="wmtbURL" value="{url}" />
  </form>
  <div id="wm-capinfo">{count} captures {first} - {last}</div>
  {navigation}
</div></div></div>
<script type="text/javascript">__wm.rw(1);</script>
<!-- END WAYBACK TOOLBAR INSERT -->
"""
_TRAILER = """
<!--
     FILE ARCHIVED ON {archived} AND RETRIEVED FROM THE
     INTERNET ARCHIVE ON {archived}.
     JAVASCRIPT APPENDED BY WAYBACK MACHINE, COPYRIGHT INTERNET ARCHIVE.

     ALL OTHER CONTENT MAY ALSO BE PROTECTED BY COPYRIGHT (17 U.S.C.
     SECTION 108(a)(3)).
-->
"""


def decorate(body: bytes, timeline: Timeline, base_url: str) -> bytes:
    """Inject the head scripts, toolbar and trailer and rewrite the links of ``body``."""
    url, timestamp = timeline.current.url, timeline.current.timestamp
    body = _rewrite_links(body, url, timestamp, base_url)
    head = _HEAD_INSERT.format(base=base_url, url=url, ts=timestamp).encode()
    body = _insert_after(_HEAD_OPEN, body, head)
    toolbar = _TOOLBAR.format(
        url=url,
        count=len(timeline.captures),
        first=timeline.captures[0].timestamp[:4],
        last=timeline.captures[-1].timestamp[:4],
        navigation=_navigation(timeline, base_url),
    ).encode()
    body = _insert_after(_BODY_OPEN, body, toolbar)
    archived = parse_timestamp(timestamp).strftime("%H:%M:%S %b %d, %Y")
    trailer = _TRAILER.format(archived=archived).encode()
    close = _HTML_CLOSE.search(body)
    return body[: close.end()] + trailer + body[close.end() :] if close else body + trailer


def _navigation(timeline: Timeline, base_url: str) -> str:
    neighbours = timeline.neighbours()
    links = [
        f'<a href="{base_url}/web/{capture.timestamp}/{capture.url}" title="{rel} capture">'
        f"{rel}</a>"
        for rel, capture in neighbours.items()
        if rel in ("prev", "next")
    ]
    return "\n  ".join(links)


def _insert_after(pattern: re.Pattern[bytes], body: bytes, insert: bytes) -> bytes:
    match = pattern.search(body)
    if not match:
        return insert + body
    return body[: match.end()] + insert + body[match.end() :]


def _rewrite_links(body: bytes, page_url: str, timestamp: str, base_url: str) -> bytes:
    def rewrite(match: re.Match[bytes]) -> bytes:
        link = match["url"].strip()
        if not link or link.startswith(_UNREWRITTEN):
            return match[0]
        absolute = urljoin(page_url, link.decode("utf-8", "replace"))
        modifier = _MODIFIERS.get(match["tag"].lower(), "")
        # The real replay keeps relative links root-relative (/web/...) and makes absolute
        # ones absolute (http://web.archive.org/web/...); both shapes occur in the corpus.
        is_absolute = b"://" in link or link.startswith(b"//")
        prefix = base_url if is_absolute else ""
        new = f"{prefix}/web/{timestamp}{modifier}/{absolute}".encode()
        return match[1] + match["q"] + new + match["q"]

    return _LINK_ATTRIBUTE.sub(rewrite, body)
