"""Raw HTML → PolicyDocument: the policy text as markdown with a heading tree, and its date.

Pure: no network, no Scrapy, no SQLite. The HTML stage of `crawler.extraction.extract`; the
steps live beside it (chrome rules, main-block choice, block walking, markdown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from crawler.extraction.blocks import render_blocks
from crawler.extraction.chrome import (
    NOISE_TAGS,
    Dropped,
    describe,
    drop_decorative_marks,
    record_drop,
    remove_chrome,
)
from crawler.extraction.document_pick import choose_document, pick_document
from crawler.extraction.links import reveal_cloudflare_emails
from crawler.extraction.main_block import choose_main, edge_link_bars
from crawler.extraction.markdown import to_markdown
from crawler.extraction.page_text import PageText
from crawler.extraction.signup import mark_email_fields, remove_signups, signup_blocks
from crawler.extraction.sizes import text_sizes
from crawler.extraction.tabs import label_tab_panels
from crawler.extraction.text import one_line, text_of
from diffing.dates import find_date_statement
from diffing.model import PolicyDocument
from diffing.parse import document_with_date

# Bump whenever the output for the same page can change: storage records it per version, and
# re-extraction marks the differences as technical versions.
EXTRACTOR_VERSION = "1.4"
# Fewer words than this is rarely a whole policy: warn (a bot wall, a shell needing JavaScript).
SHORT_TEXT_WORDS = 150
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# collect_ids=False: no table of id attributes (nothing looks elements up by id), which spares
# libxml2 a tenth of its parsing time on real pages.
PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, default_doctype=False, collect_ids=False
)
# The same parser for the text as UTF-8 bytes, which libxml2 parses faster than a str.
UTF8_PARSER = etree.HTMLParser(
    remove_comments=True,
    remove_pis=True,
    default_doctype=False,
    collect_ids=False,
    encoding="utf-8",
)


def parse_html(text: str):
    """The <body> of `text` (an empty one for an empty or unparsable page)."""
    text = XML_DECLARATION.sub("", text, count=1)
    try:
        data, parser = text.encode("utf-8"), UTF8_PARSER
    except UnicodeEncodeError:  # a lone surrogate: lxml takes the str as it is
        data, parser = text, PARSER
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:
        root = etree.fromstring("<html><body></body></html>", parser=PARSER)
    body = root.find("body")
    if body is None:
        body = etree.SubElement(root, "body")
    return root, body


def css_matches(root, selectors: list[str], warnings: list[str], purpose: str) -> list:
    """Elements matching any of `selectors`, in document order, outermost only."""
    if not selectors:  # the common case: no walk over the page
        return []
    matched = set()
    for selector in selectors:
        try:
            matched.update(CSSSelector(selector, translator="html")(root))
        except (SelectorError, SyntaxError) as error:
            warnings.append(f"invalid {purpose} selector {selector!r}: {error}")
    ordered = [e for e in root.iter() if e in matched]
    return [e for e in ordered if not any(a in matched for a in e.iterancestors())]


def short_text_words(blocks) -> int:
    """The blocks' word count when under SHORT_TEXT_WORDS, else some count at or above it:
    counting stops there, sparing a split of the whole text of every long page."""
    words = 0
    for block in blocks:
        words += len(block.text.split())
        if words >= SHORT_TEXT_WORDS:
            break
    return words


def outside_title(root, roots):
    """The page's <h1> when the kept block(s) hold none and it survived chrome removal: a
    title outside the text block (often a banner above it), whose wording is the policy's."""
    if any(next(r.iter("h1"), None) is not None for r in roots):
        return None
    heading = next(root.iter("h1"), None)
    return heading if heading is not None and one_line(text_of(heading)) else None


def page_title(root, roots) -> str:
    for scope in [*roots, root]:
        heading = next(scope.iter("h1"), None)
        if heading is not None and (text := one_line(text_of(heading))):
            return text
    title = root.find("head/title")
    return one_line(text_of(title)) if title is not None else ""


def dated_document(
    markdown: str, title: str, page_text: PageText | None, warnings: list[str]
) -> PolicyDocument:
    """parse_document with the page's text as `date_context`, which it only searches when the
    markdown states no date: the page's lines are made only then. Each text is searched for
    its date once and the markdown split into sections once."""
    finding = find_date_statement(markdown)
    if finding is None and page_text is not None and (lines := page_text.lines()):
        finding = find_date_statement(lines)
    return document_with_date(markdown, finding, title, warnings)


@dataclass(frozen=True)
class Explanation:
    """What extraction kept and dropped, so a user can write a selector when the default fails."""

    document: PolicyDocument
    kept: tuple[str, ...]  # the block(s) the text came from, e.g. "main#content"
    dropped: tuple[Dropped, ...]  # chrome and removed blocks, in page order
    words_left_out: int  # words outside the kept blocks that no rule dropped


def explain_extraction(
    html_text: str,
    url: str | None = None,
    select: list[str] | None = None,
    remove: list[str] | None = None,
    document: str | None = None,
    document_type: str | None = None,
) -> Explanation:
    """The policy in a decoded page, with the account of which blocks were kept and dropped
    and why.

    `select`: CSS selectors whose matches (their union, in page order) are the policy text,
    instead of the generic choice of the main block. `remove`: CSS selectors dropped first.
    `url` makes links absolute. `document`: the type of document the page is watched for
    ("privacy-policy", "terms-of-service"…); on a page holding several documents only that one
    is kept. Without it such a page still yields one document, with a warning: the one its
    URL names, else the watched `document_type`, else the first. Problems that do not stop
    extraction become the document's `warnings`.
    """
    root, body = parse_html(html_text)
    mark_email_fields(root)  # sign-up blocks are told by their e-mail field, stripped next
    etree.strip_elements(root, *NOISE_TAGS, with_tail=False)
    drop_decorative_marks(root)
    reveal_cloudflare_emails(root)
    return explain_tree(root, body, url, select, remove, (document, document_type))


def explain_tree(
    root, body, url: str | None, select: list[str] | None, remove: list[str] | None, documents
) -> Explanation:
    """`explain_extraction` of a parsed page whose scripts, styles and comments are gone;
    `documents`: the `document` asked for and the watched `document_type`."""
    document, document_type = documents
    warnings: list[str] = []
    label_tab_panels(body)
    page_text: PageText | None = PageText(body)  # before chrome removal changes the tree
    sizes = text_sizes(body)
    dropped = [
        record_drop(element, "remove selector", sizes)
        for element in css_matches(root, remove or [], warnings, "remove")
    ]
    roots = css_matches(root, select or [], warnings, "select") if select else []
    if select and not roots:
        warnings.append("select matched nothing; fell back to generic extraction")
    if not roots:
        signups = signup_blocks(body, sizes)
        dropped += remove_chrome(body, sizes)
        main = choose_main(body, sizes)
        dropped += [
            record_drop(element, "link bar at the edge of the main block", sizes)
            for element in edge_link_bars(main, sizes)
        ]
        # Last: a sign-up block gone from the end of the page would leave the text before it
        # (a list of past versions, mostly links) at the edge, for the link-bar trimming.
        dropped += remove_signups(signups, sizes)
        roots = [main]
    title_element = None if select else outside_title(root, roots)
    blocks = render_blocks([title_element, *roots] if title_element is not None else roots, url)
    words = short_text_words(blocks)
    if words < SHORT_TEXT_WORDS:
        warnings.append(f"very short text ({words} words)")
    markdown, title = to_markdown(blocks), page_title(root, roots)
    if select:
        pick = pick_document(markdown, document, title) if document else None
    else:
        pick = (
            pick_document(markdown, document, title)
            if document
            else choose_document(markdown, title, url, document_type)
        )
    if pick is not None:
        if pick.warning:
            warnings.append(pick.warning)
        if pick.picked:
            # The page's other text belongs to the other documents: their dates are not ours.
            markdown, title, page_text = pick.markdown, pick.title, None
    extracted = dated_document(markdown, title, page_text, warnings)
    kept_words = sum(sizes[r].words for r in roots if r in sizes)
    return Explanation(
        document=extracted,
        kept=tuple(describe(r) for r in roots),
        dropped=tuple(dropped),
        words_left_out=max(0, sizes[body].words - kept_words),
    )
