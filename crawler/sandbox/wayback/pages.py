"""The archive's own HTML pages, reduced to the parts a client can recognise.

Shapes copied from the real pages recorded in ``../shared/corpus/wayback``: the same title,
``div#error`` and wording (the real ones carry ~60 KB of navigation and scripts around them).
"""

from html import escape

_FRAME = """<!DOCTYPE html>
<html lang="en">
  <head>
    <title>Wayback Machine</title>
    <meta http-equiv="content-type" content="text/html; charset=utf-8">
  </head>
  <body>
    <div id="errorBorder">
      <div id="positionHome">
{content}
      </div>
    </div>
  </body>
</html>
"""


def not_archived_page(url: str) -> bytes:
    """404 body: "Hrm. The Wayback Machine has not archived that URL." """
    link = escape(url)
    return _page(
        '<div id="error">\n<h2>Hrm.</h2>\n'
        "<p>The Wayback Machine has not archived that URL.</p>\n"
        "    <p>Click here to search for all archived pages under\n"
        f'      <a href="/web/*/{link}*">{link}</a>.\n    </p>\n</div>'
    )


def excluded_page() -> bytes:
    """200 body served for an excluded URL (no Memento-Datetime on it)."""
    return _page(
        '<div id="error">\n\t      <h2>Sorry.</h2>\n'
        "\t      <p>This URL has been excluded from the Wayback Machine.</p>\n</div>"
    )


def redirect_notice_page(url: str, when: str, status: int, target_path: str) -> bytes:
    """What view mode (no ``id_``) shows for an archived redirect: a 200 notice page."""
    return _page(
        '<div id="error">\n'
        '\t  <p class="code">Loading...</p>\n'
        f'\t  <p class="code shift target">{escape(url)} |\n\t    {escape(when)}</p>\n'
        f'\t  <p class="code shift red">Got an HTTP {status} response at crawl time</p>\n'
        '\t  <p class="code">Redirecting to...</p>\n'
        f'\t  <p class="impatient"><a href="{escape(target_path)}">Impatient?</a></p>\n'
        "</div>"
    )


def too_many_requests_page() -> bytes:
    """Body of the archive's own 429 (rate limit), which carries no Retry-After."""
    return _page(
        '<div id="error">\n<h2>Too Many Requests</h2>\n'
        "<p>You have sent too many requests in a given amount of time.</p>\n</div>"
    )


def _page(content: str) -> bytes:
    return _FRAME.format(content=content).encode("utf-8")
