"""Extraction on pages we wrote (fictional companies) with real-world chrome around the policy."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

import pytest

from crawler.extraction import ExtractOptions, extract
from crawler.extraction.html import (
    EXTRACTOR_VERSION,
)

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
BRIGHTFIELD_URL = "https://brightfield.example/legal/privacy"
HARBOURLINE_URL = "https://web.archive.org/web/20190105120000/https://harbourline.example/terms"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def brightfield():
    return extract(
        fixture("brightfield_privacy.html"), ExtractOptions(url=BRIGHTFIELD_URL)
    ).document


@pytest.fixture(scope="module")
def harbourline():
    return extract(
        fixture("harbourline_terms_wayback.html"), ExtractOptions(url=HARBOURLINE_URL)
    ).document


def headings(document) -> list[tuple[int, str]]:
    return [(s.level, s.heading) for s in document.sections if s.level]


def section(document, heading: str) -> str:
    return next(s.text for s in document.sections if s.heading == heading)


def test_heading_tree_joins_real_and_pseudo_headings(brightfield):
    assert headings(brightfield) == [
        (1, "Privacy Policy"),
        (2, "1. Who we are"),
        (2, "2. Information we collect"),
        (3, "Information you give us"),  # a bold-only paragraph
        (3, "2.1 Information collected automatically"),  # numbered: one below "2."
        (2, "3. How long we keep data"),
        (3, "Account data"),  # accordion buttons
        (3, "Server logs"),
        (2, "4. Definitions"),
        (3, "YOUR RIGHTS"),  # a short all-caps paragraph
    ]


def test_chrome_is_dropped(brightfield):
    for chrome in [
        "Skip to content", "cookies to improve", "Accept all", "Pricing", "Français", "Home",
        "Share on X", "product news", "Subscribe", "helpful", "Related", "Cookie Policy", "©",
    ]:  # fmt: skip
        assert chrome not in brightfield.markdown


def test_hidden_accordion_text_and_nested_list_are_kept(brightfield):
    assert section(brightfield, "Account data") == (
        "We keep account data for as long as your account is open, and six years after."
    )
    assert section(brightfield, "Server logs") == (
        "- Access logs: 30 days\n"
        "- Error logs: 90 days\n"
        "  - Except logs kept for an open security incident"
    )


def test_table_becomes_a_markdown_table(brightfield):
    assert section(brightfield, "2.1 Information collected automatically").endswith(
        "| Cookie | Purpose | Lifetime |\n"
        "| --- | --- | --- |\n"
        "| bf_session | Keeps you signed in | Session |\n"
        "| bf_prefs | Remembers your chart settings | 1 year |"
    )


def test_definitions_are_kept_term_then_definition(brightfield):
    assert section(brightfield, "4. Definitions") == (
        "Controller\n\nThe body that decides why and how personal data is processed.\n\n"
        "Processor\n\nA body that processes personal data on behalf of a controller."
    )


def test_links_are_absolute_untracked_and_text_is_normalised(brightfield):
    assert section(brightfield, "Privacy Policy") == (
        'Brightfield Analytics Ltd ("Brightfield", "we") explains here how we handle personal '
        "data when you use our dashboards. Read it along with our "
        "[Terms of Service](https://brightfield.example/legal/terms?lang=en)."
    )
    assert "[regulator's guidance](https://ico.example/rights)." in brightfield.markdown


def test_cloudflare_protected_email_is_decoded(brightfield):
    assert section(brightfield, "1. Who we are").endswith(
        "[privacy@brightfield.example](mailto:privacy@brightfield.example)."
    )


def test_date_stated_only_in_the_footer_is_found(brightfield):
    assert brightfield.effective_date.value == date(2024, 3, 3)
    assert brightfield.effective_date.text == "Last updated: 3 March 2024"
    assert brightfield.title == "Privacy Policy"
    assert brightfield.warnings == ()


def test_wayback_capture_keeps_every_segment_without_toolbar_or_link_bars(harbourline):
    assert headings(harbourline) == [
        (1, "TERMS OF CARRIAGE"),
        (1, "Tickets"),
        (1, "Delays and cancellations"),
        (1, "Luggage"),
    ]
    for chrome in ["Wayback", "captures", "Timetables", "Sitemap"]:
        assert chrome not in harbourline.markdown
    assert "[fares page](https://harbourline.example/fares)." in harbourline.markdown
    assert harbourline.effective_date.value == date(2019, 1, 5)
    assert harbourline.title == "Terms of Carriage - Harbourline Ferries"


def fetched_again(page: str, nonce: str) -> str:
    """`page` as a server sends it again: new script nonce, token in a comment, new styles."""
    extras = (
        f'<script nonce="{nonce}">window.csrf = "{nonce}";</script>'
        f"<!-- rendered for {nonce} --><style>.x-{nonce} {{ color: red }}</style>"
    )
    return page.replace("</head>", extras + "</head>", 1).replace("<body>", "<body>" + extras, 1)


def test_a_page_changed_only_in_scripts_styles_and_comments_extracts_alike():
    page = fixture("brightfield_privacy.html")
    assert "</head>" in page and "<body>" in page
    first = extract(fetched_again(page, "a1"), ExtractOptions(url=BRIGHTFIELD_URL)).explanation
    again = extract(fetched_again(page, "b2"), ExtractOptions(url=BRIGHTFIELD_URL)).explanation
    assert again == first


def test_extraction_follows_its_arguments_and_the_text():
    page = fixture("brightfield_privacy.html")
    here = extract(page, ExtractOptions(url=BRIGHTFIELD_URL)).document
    elsewhere = extract(page, ExtractOptions(url="https://mirror.example/privacy")).document
    assert "(https://mirror.example/legal/terms?lang=en)" in elsewhere.markdown
    assert "(https://brightfield.example/legal/terms?lang=en)" in here.markdown
    selected = extract(page, ExtractOptions(url=BRIGHTFIELD_URL, select=["h2 + p"])).document
    assert selected.markdown != here.markdown
    edited = extract(
        page.replace("dashboards", "reports", 1), ExtractOptions(url=BRIGHTFIELD_URL)
    ).document
    assert "our reports" in edited.markdown and "our dashboards" in here.markdown


def test_select_takes_the_union_of_matches_in_page_order():
    page = fixture("brightfield_privacy.html")
    document = extract(
        page, ExtractOptions(url=BRIGHTFIELD_URL, select=["dl", "h1"], remove=["dt"])
    ).document
    assert document.markdown == (
        "# Privacy Policy\n\n"
        "The body that decides why and how personal data is processed.\n\n"
        "A body that processes personal data on behalf of a controller.\n"
    )
    assert document.warnings == ("very short text (24 words)",)


def test_select_matching_nothing_falls_back_with_a_warning(brightfield):
    page = fixture("brightfield_privacy.html")
    document = extract(
        page, ExtractOptions(url=BRIGHTFIELD_URL, select=["#no-such-block"])
    ).document
    assert document.markdown == brightfield.markdown
    assert document.warnings == ("select matched nothing; fell back to generic extraction",)


def test_remove_overrides_the_generic_choice(brightfield):
    page = fixture("brightfield_privacy.html")
    document = extract(
        page, ExtractOptions(url=BRIGHTFIELD_URL, remove=["table", ".accordion"])
    ).document
    assert "bf_session" not in document.markdown
    assert "Server logs" not in document.markdown
    assert document.markdown.count("\n") < brightfield.markdown.count("\n")


def test_invalid_selector_is_reported_not_raised():
    document = extract(fixture("brightfield_privacy.html"), ExtractOptions(select=["p[["])).document
    assert document.warnings[0].startswith("invalid select selector 'p[['")
    assert document.warnings[1] == "select matched nothing; fell back to generic extraction"


@pytest.mark.parametrize("page", ["", "   ", "<html></html>", "<?xml version='1.0'?><p>Hi</p>"])
def test_degenerate_pages_give_an_empty_or_short_document(page):
    document = extract(page).document
    assert len(document.markdown.split()) < 3
    assert document.warnings[-1].startswith("very short text")


def test_line_starting_with_hash_cannot_become_a_heading():
    document = extract("<p>Intro</p><p># of requests we received last year: 12</p>").document
    assert [s.heading for s in document.sections] == [""]
    assert "\\# of requests" in document.markdown


def test_extractor_version_is_recorded():
    assert EXTRACTOR_VERSION


def test_explanation_names_every_dropped_block_and_why():
    explanation = extract(
        fixture("brightfield_privacy.html"), ExtractOptions(url=BRIGHTFIELD_URL)
    ).explanation
    assert explanation.kept == ("main#content",)
    assert [(d.element, d.reason) for d in explanation.dropped] == [
        ("a.skip-link", "page widget (skip-link)"),
        ("div#cookie-banner.cookie-banner", "consent or toolbar widget (cookie-banner)"),
        ("header.site-header", "<header> landmark"),
        ("nav.breadcrumbs", "<nav> landmark"),
        ("div.share-buttons", "page widget (share)"),
        ("form.newsletter-signup", "page widget (newsletter)"),
        ("div.feedback-widget", "page widget (feedback)"),
        ("aside.related", "<aside> landmark"),
        ("footer", "<footer> landmark"),
    ]
    cookie_banner = explanation.dropped[1]
    assert cookie_banner.words == 16
    assert cookie_banner.preview.startswith("We use cookies to improve your experience.")
    assert (
        explanation.document
        == extract(
            fixture("brightfield_privacy.html"), ExtractOptions(url=BRIGHTFIELD_URL)
        ).document
    )


def test_explanation_counts_words_left_outside_the_main_block(harbourline):
    explanation = extract(
        fixture("harbourline_terms_wayback.html"), ExtractOptions(url=HARBOURLINE_URL)
    ).explanation
    assert explanation.kept == ("div#wrapper",)
    assert ("div.top", "link bar at the edge of the main block") in [
        (d.element, d.reason) for d in explanation.dropped
    ]
    assert explanation.words_left_out == 0
    assert explanation.document.markdown == harbourline.markdown


POLICY_BODY = (
    "<h2>Data we hold</h2><p>Quietharbor keeps the name and e-mail address of each member "
    "so that it can send the monthly bulletin and renewal reminders.</p>"
)


@pytest.mark.parametrize(
    "chrome",
    [
        '<div role="navigation"><a href="/a">Harbour walks</a> <a href="/b">Events</a></div>',
        '<div role="banner"><p>Quietharbor Rowing Club</p></div>',
        '<div role="contentinfo"><p>Registered charity 000000</p></div>',
        '<div role="search"><p>Search the club pages</p></div>',
        '<div role="dialog"><p>Join our regatta mailing list</p></div>',
        '<div aria-modal="true"><p>Join our regatta mailing list</p></div>',
        '<div id="onetrust-consent-sdk"><p>We and our partners store cookies</p></div>',
        '<div class="didomi-popup-container"><p>We and our partners store cookies</p></div>',
        '<div id="CybotCookiebotDialog"><p>This website uses cookies</p></div>',
        '<div class="gdpr-notice"><p>This website uses cookies</p></div>',
        '<ol class="crumbs breadcrumb"><li><a href="/">Home</a></li><li>Privacy</li></ol>',
        '<div class="social-share"><a href="https://social.example/x">Post it</a></div>',
        '<p><a href="#top">Back to top</a></p>',
        '<div class="lang-switcher"><a href="/fr">FR</a> <a href="/de">DE</a></div>',
        "<nav><h2>Contents</h2><ul><li><a href='#data'>Data we hold</a></li></ul></nav>",
        "<ul><li><a href='#data'>Data we hold</a></li><li><a href='#rights'>Your rights "
        "as a member</a></li></ul>",
    ],
)
def test_each_kind_of_chrome_is_dropped(chrome):
    page = f"<html><body><main>{chrome}{POLICY_BODY}</main></body></html>"
    document = extract(page, ExtractOptions(url="https://quietharbor.example/privacy")).document
    assert document.markdown == (
        "# Data we hold\n\nQuietharbor keeps the name and e-mail address of each member so that "
        "it can send the monthly bulletin and renewal reminders.\n"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '<section id="sharing"><h2>Sharing</h2><p>We share data with a printer.</p></section>',
            "# Sharing\n\nWe share data with a printer.",
        ),
        (
            '<section id="consent"><h2>Consent</h2><p>You may withdraw consent.</p></section>',
            "# Consent\n\nYou may withdraw consent.",
        ),
        (
            '<table class="cookie-table"><tr><th>Name</th><th>Purpose</th></tr>'
            "<tr><td>qh_id</td><td>Signed-in session</td></tr></table>",
            "| Name | Purpose |\n| --- | --- |\n| qh_id | Signed-in session |",
        ),
        (
            '<div class="accordion"><button aria-expanded="false">Retention</button>'
            '<div style="display:none" hidden><p>Six years after membership ends.</p></div></div>',
            "## Retention\n\nSix years after membership ends.",
        ),
        (
            '<div class="faq"><button class="accordion-toggle">Retention</button>'
            '<div class="accordion-body"><p>Six years after membership ends.</p></div></div>',
            "## Retention\n\nSix years after membership ends.",
        ),
    ],
)
def test_policy_parts_that_look_like_chrome_are_kept(content, expected):
    page = f"<html><body><main>{POLICY_BODY}{content}</main></body></html>"
    document = extract(page, ExtractOptions(url="https://quietharbor.example/privacy")).document
    assert document.markdown.endswith("renewal reminders.\n\n" + expected + "\n")


def test_a_title_standing_before_the_policy_block_heads_the_text():
    # SambaNova's real terms: the <h1> sits in a banner above the text block, and its wording
    # changing ("Terms and Conditions" -> "Terms & Conditions") is a change readers must see.
    page = (
        "<html><body><div class='hero'><h1>Quietharbor Privacy Notice</h1></div>"
        f"<main>{POLICY_BODY}</main></body></html>"
    )
    document = extract(page, ExtractOptions(url="https://quietharbor.example/privacy")).document
    assert document.markdown.startswith("# Quietharbor Privacy Notice\n\n## Data we hold\n")


def test_a_title_inside_the_policy_block_is_not_repeated():
    page = (
        f"<html><body><main><h1>Quietharbor Privacy Notice</h1>{POLICY_BODY}</main></body></html>"
    )
    document = extract(page, ExtractOptions(url="https://quietharbor.example/privacy")).document
    assert document.markdown.count("Quietharbor Privacy Notice") == 1


LONG_TEXT = (
    "<p>Quietharbor keeps the name and e-mail address of each member so that it can send the "
    "monthly bulletin, the renewal reminders and the notices of the annual general meeting, "
    "and it keeps them for as long as the membership lasts and six years after it ends.</p>"
)


@pytest.mark.parametrize(
    "title",
    [
        "<h2>Quietharbor Privacy Notice</h2>",
        "<header class='entry-header'><h2>Quietharbor Privacy Notice</h2></header>",
    ],
)
def test_a_heading_of_any_level_before_the_text_block_stays_its_title(title):
    # Replicate's and Parship's real pages: the <h2> title stands beside the text's <div> in
    # one template and inside it in the next; both captures must read the same.
    beside = f"<html><body><article>{title}<div class='prose'>{LONG_TEXT}</div></article></body>"
    inside = f"<html><body><article><div class='prose'>{title}{LONG_TEXT}</div></article></body>"
    url = "https://quietharbor.example/privacy"
    texts = [extract(page, ExtractOptions(url=url)).document.markdown for page in (beside, inside)]
    assert texts[0] == texts[1]
    assert texts[0].startswith("# Quietharbor Privacy Notice\n\n")


def test_a_table_of_contents_linking_to_this_pages_anchors_by_path_is_dropped():
    # UptimeRobot's real terms: <base href="/"> and links "terms/#refunds"; the next template
    # wrote "#refunds". Either way the list repeats the headings below it.
    contents = (
        "<ol><li><a href='terms/#data'>Data we hold</a></li>"
        "<li><a href='terms/#rights'>Your rights as a member</a></li></ol>"
    )
    page = (
        "<html><head><base href='/'></head><body><main><p>These terms bind every member of "
        f"the club.</p>{contents}<h2 id='data'>Data we hold</h2>{LONG_TEXT}<h2 id='rights'>Your "
        "rights as a member</h2><p>You may ask for a copy of what we keep.</p></main></body></html>"
    )
    document = extract(page, ExtractOptions(url="https://quietharbor.example/terms")).document
    assert document.markdown.startswith("These terms bind every member of the club.\n\n# Data")


def test_links_to_anchors_of_another_page_are_no_table_of_contents():
    links = (
        "<ul><li><a href='/terms#data'>Data we hold</a></li>"
        "<li><a href='/terms#rights'>Your rights as a member</a></li></ul>"
    )
    page = (
        f"<html><body><main><h2>Data we hold</h2>{LONG_TEXT}<p>Our terms say more:</p>{links}"
        "<p>You may ask for a copy of what we keep.</p></main></body></html>"
    )
    document = extract(page, ExtractOptions(url="https://quietharbor.example/privacy")).document
    target = "https://quietharbor.example/terms#rights"
    assert f"[Your rights as a member]({target})" in document.markdown


def test_a_menu_of_other_legal_documents_inside_the_article_is_dropped():
    # Perplexity's real privacy notice: a legal hub's <nav> (accordion toggles and links to
    # the other documents) moved inside the <article>, between the title and the text.
    menu = (
        "<nav aria-label='Legal'><button aria-expanded='false'>Platform user terms</button>"
        "<button aria-expanded='false'>Privacy and data protection</button>"
        "<a href='/legal/dpa'>Data processing addendum</a></nav>"
    )
    page = (
        f"<html><body><article><h1>Quietharbor Privacy Notice</h1>{menu}{LONG_TEXT}"
        "</article></body></html>"
    )
    document = extract(page, ExtractOptions(url="https://quietharbor.example/privacy")).document
    assert document.markdown.startswith("# Quietharbor Privacy Notice\n\nQuietharbor keeps")
    assert "Platform user terms" not in document.markdown


@pytest.mark.parametrize(
    ("token", "visitor"),
    [
        ("p=381dbcc3JmltdHM9MTc0NzM1MzYwMA", "0b84d4b4"),
        ("p=cfc245d1JmltdHM9MTc1ODI0MDAwMA", "022ead3b"),
    ],
)
def test_a_search_engine_click_tracker_is_unwrapped_to_its_stable_target(token, visitor):
    # Microsoft Copilot's real terms: every fetch wraps the same links in Bing's /ck/a tracker
    # with a new token, and the target carries a per-visitor msockid.
    target = "https://legal.quietharbor.example/terms?msockid=" + visitor
    encoded = base64.urlsafe_b64encode(target.encode()).decode().rstrip("=")
    href = f"https://www.bing.com/ck/a?!&&{token}&ptn=3&fclid={visitor}&u=a1{encoded}&ntb=1"
    link = f"<p>Read the <a href='{href}'>terms</a> before you join.</p>"
    page = f"<html><body><main>{LONG_TEXT}{link}{LONG_TEXT}</main></body></html>"
    document = extract(page, ExtractOptions(url="https://quietharbor.example/privacy")).document
    assert "the [terms](https://legal.quietharbor.example/terms) before" in document.markdown


def test_a_headings_hidden_permalink_mark_is_no_part_of_its_text():
    # GitHub's real policies: one template puts a hidden " #" after each heading, the next an
    # icon; the words are the same.
    marked = (
        "<h2 id='data'><a class='heading-link' href='#data'>Data we hold"
        "<span class='heading-link-symbol' aria-hidden='true'> #</span></a></h2>"
    )
    plain = "<h2 id='data'>Data we hold</h2>"
    url = "https://quietharbor.example/privacy"
    texts = [
        extract(
            f"<html><body><main>{h}{LONG_TEXT}</main></body></html>", ExtractOptions(url=url)
        ).document.markdown
        for h in (marked, plain)
    ]
    assert texts[0].startswith("# Data we hold\n")
    assert texts[0] == texts[1]


def test_hidden_text_with_words_is_kept():
    page = (
        "<html><body><main><h2>Data we hold</h2><p>We keep your <span aria-hidden='true'>"
        f"e-mail</span> address.</p>{LONG_TEXT}</main></body></html>"
    )
    document = extract(page, ExtractOptions(url="https://quietharbor.example/privacy")).document
    assert "We keep your e-mail address." in document.markdown
