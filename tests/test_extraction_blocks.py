"""render_blocks on small trees: the inlined paths for leaf blocks and bare inline leaves."""

from lxml import etree

from crawler.extraction.blocks import render_blocks


def blocks_of(html: str) -> list[tuple[str, str, int, str]]:
    body = etree.fromstring(f"<html><body>{html}</body></html>", etree.HTMLParser()).find("body")
    return [(b.kind, b.text, b.level, b.source) for b in render_blocks([body], None)]


def test_a_bold_leaf_line_is_a_pseudo_heading_and_a_plain_one_is_not():
    assert blocks_of("<div><b>Cookies</b><br>We use them.</div>") == [
        ("heading", "Cookies", 0, "pseudo"),
        ("para", "We use them.", 0, ""),
    ]
    assert blocks_of("<div><span>Cookies</span><br>We use them.</div>") == [
        ("para", "Cookies\nWe use them.", 0, "")
    ]


def test_bold_from_an_enclosing_inline_reaches_a_bare_leaf_inside_it():
    assert blocks_of("<p><strong><span>Sharing</span></strong></p><p>Text.</p>") == [
        ("heading", "Sharing", 0, "pseudo"),
        ("para", "Text.", 0, ""),
    ]


def test_leaf_blocks_keep_their_text_and_skip_blank_ones():
    assert blocks_of("<p>One\nline</p><p>  \n </p><li>Two</li><td><i></i>three</td>") == [
        ("para", "One line", 0, ""),
        ("para", "Two", 0, ""),
        ("para", "three", 0, ""),
    ]


def test_an_inline_leaf_with_attributes_still_takes_the_full_walk():
    assert blocks_of('<p><span style="font-weight: bold">Rights</span></p>') == [
        ("heading", "Rights", 0, "pseudo")
    ]
    assert blocks_of('<p><span role="heading" aria-level="2">Rights</span></p>') == [
        ("heading", "Rights", 2, "tag")
    ]


def test_a_paragraph_of_one_piece_of_text():
    assert blocks_of("<p><br></p><p>\u200b\u00ad</p><p><b>Your rights</b></p>") == [
        ("heading", "Your rights", 0, "pseudo")
    ]
    assert blocks_of("<p><b>Last updated: March 3, 2025</b></p>") == [
        ("para", "Last updated: March 3, 2025", 0, "")
    ]
    assert blocks_of("<p>2.1 Sharing</p><p>We share data.</p>") == [
        ("heading", "2.1 Sharing", 1, "pseudo"),
        ("para", "We share data.", 0, ""),
    ]
    long_bold = "<b>" + "word " * 60 + "</b>"
    assert blocks_of(f"<p>{long_bold}</p>") == [("para", ("word " * 60).strip(), 0, "")]


def test_text_after_a_nested_list_follows_the_list_as_the_page_reads():
    # UptimeRobot's real terms: "<li>You are responsible for:<ul>…</ul><p>We may …</p></li>"; the
    # closing paragraph once came before the nested items, so the next template (the same words
    # in page order) read as a rewrite.
    assert blocks_of(
        "<ol><li><b>Contributors.</b> You are responsible for:<ul><li>valid data;</li>"
        "<li>one account.</li></ul><p>We may remove content.</p></li><li>Refunds.</li></ol>"
    ) == [
        ("item", "Contributors. You are responsible for:", 0, "1."),
        ("item", "valid data;", 1, "-"),
        ("item", "one account.", 1, "-"),
        ("para", "We may remove content.", 0, ""),
        ("item", "Refunds.", 0, "2."),
    ]
