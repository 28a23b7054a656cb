"""Unit tests for diffing.normalise: every listed normalisation, on text we wrote."""

from diffing.normalise import (
    decode_cloudflare_email,
    normalise_text,
    strip_tracking,
    text_hash,
    visible_text,
)


def test_unicode_spaces_zero_width_quotes_and_dashes_are_straightened():
    noisy = "We\u00a0keep\u200b your \u201cdata\u201d \u2014 it\u2019s   safe\ufeff."
    assert normalise_text(noisy) == 'We keep your "data" - it\'s safe.'


def test_nfkc_folds_compatibility_characters():
    assert normalise_text("\ufb01le \uff21\uff23\uff2d\uff25") == "file ACME"


def test_whitespace_is_collapsed_and_empty_lines_dropped():
    assert normalise_text("  One\t\ttwo  \n\n\n  three \n") == "One two\nthree"


def test_list_bullets_are_unified():
    assert normalise_text("*   first\n+ second\n- third") == "- first\n- second\n- third"


def test_tracking_parameters_are_removed_and_others_kept():
    url = "https://acme.example/p?utm_source=mail&id=7&fbclid=xyz&gclid=1&mc_eid=abc"
    assert strip_tracking(url) == "https://acme.example/p?id=7"
    assert strip_tracking("https://acme.example/p?utm_medium=x") == "https://acme.example/p"
    assert strip_tracking("https://acme.example/p;jsessionid=ABC123?lang=en") == (
        "https://acme.example/p?lang=en"
    )


def test_session_ids_and_cache_busters_are_removed_from_markdown_links():
    old = "See [our terms](https://acme.example/terms?sid=111&_=1699999999)."
    new = "See [our terms](https://acme.example/terms?sid=222&_=1700000000)."
    assert (
        normalise_text(old) == normalise_text(new) == "See [our terms](https://acme.example/terms)."
    )


def test_cloudflare_email_protection_is_decoded():
    # Cloudflare XORs each byte of the address with the first byte (here 0x42).
    address = "privacy@acme.example"
    encoded = "42" + "".join(f"{ord(c) ^ 0x42:02x}" for c in address)
    assert decode_cloudflare_email(encoded) == address
    text = f"Write to [\\[email protected\\]](https://acme.example/cdn-cgi/l/email-protection#{encoded})."
    assert normalise_text(text) == f"Write to {address}."


def test_spelled_out_email_addresses_are_joined():
    assert normalise_text("privacy [at] acme [dot] example") == "privacy@acme.example"
    assert normalise_text("dpo(at)acme(dot)co(dot)uk") == "dpo@acme.co.uk"


def test_text_hash_ignores_noise_but_not_words():
    base = "Acme keeps logs for 30 days."
    assert text_hash(base) == text_hash("Acme\u00a0keeps  logs for 30 days.\u200b")
    assert text_hash(base) != text_hash("Acme keeps logs for 90 days.")
    assert len(text_hash(base)) == 64


def test_visible_text_drops_link_targets_images_and_emphasis():
    text = "**Contact** [our DPO](https://acme.example/dpo) ![logo](/l.png) \\[1\\]"
    assert visible_text(text) == "Contact our DPO [1]"


def test_visible_text_keeps_snake_case_words():
    assert visible_text("the cookie _ga_id and user_id") == "the cookie _ga_id and user_id"


def test_visible_text_turns_br_tags_into_line_breaks():
    assert (
        visible_text("| Cookie | Lasts 7 days<br>Then deleted |")
        == "| Cookie | Lasts 7 days\nThen deleted |"
    )


def test_bullets_are_found_on_every_line_however_indented():
    # The first line, indented lines and a bare "*" line are bullets; a "*" inside a line or
    # before a non-space is not.
    text = "  * a\n\t+ b\n*\nx *\n**bold**\ntext * not a bullet"
    assert normalise_text(text) == "- a\n- b\n-\nx *\n**bold**\ntext * not a bullet"


def test_spelled_out_addresses_in_brackets_or_parentheses_of_any_case():
    text = "Mail jane (AT) acme [ dot ] org or bob[at]x(dot)com"
    assert normalise_text(text) == "Mail jane@acme.org or bob@x.com"


def test_tracking_is_stripped_from_every_url_on_lines_with_parameters_only():
    text = (
        "Questions? Read on.\n"
        "See https://a.example/p?utm_source=x&id=1 and [t](/q?sid=9&lang=en)\n"
        "and https://c.example/p;jsessionid=AB12?gclid=3 too"
    )
    assert normalise_text(text) == (
        "Questions? Read on.\n"
        "See https://a.example/p?id=1 and [t](/q?lang=en)\n"
        "and https://c.example/p too"
    )


def test_an_unparsable_url_is_kept_as_it_is_and_its_neighbours_still_cleaned():
    # urlsplit rejects an unclosed "[" host: the text must still normalise, not raise.
    text = "See https://[a.example/p?utm_source=x&id=1 or https://b.example/?utm_source=y&k=2"
    assert normalise_text(text) == (
        "See https://[a.example/p?utm_source=x&id=1 or https://b.example/?k=2"
    )


def test_tabs_form_feeds_and_space_runs_collapse_alike():
    assert normalise_text("tab\there  and\f\fform   feed") == "tab here and form feed"
    assert normalise_text("only  spaces   here") == "only spaces here"


def test_ascii_and_non_ascii_texts_get_the_same_treatment():
    # Non-ASCII text takes the NFKC and character steps; the rest of it must not change.
    assert normalise_text("caf\u00e9\u00a0\u2013  it\u2019s * x") == "café - it's * x"
    assert normalise_text("cafe - it's * x") == "cafe - it's * x"
