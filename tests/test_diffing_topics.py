"""What a section change is about: topics from the changed words, in four languages, with the
words that matched; none for cosmetic edits; `effective-date-only` for a moved date alone."""

from __future__ import annotations

import json

import pytest

from diffing.compare import compare_documents
from diffing.parse import parse_document
from diffing.render import render_diff
from diffing.topics import change_topics, section_topics, topic_ids


def changed(old_text: str, new_text: str, heading: str = "Section") -> list:
    """The topic matches of the one changed section between two one-section policies."""
    old = parse_document(f"# Policy\n\n## {heading}\n\n{old_text}\n")
    new = parse_document(f"# Policy\n\n## {heading}\n\n{new_text}\n")
    sections = [c for c in compare_documents(old, new).sections if c.status != "unchanged"]
    assert len(sections) == 1
    return list(change_topics(sections[0]))


@pytest.mark.parametrize(
    ("old", "new", "heading", "topics"),
    [
        (
            "We keep your account details.",
            "We keep your account details and may sell them to data brokers.",
            "Your account",
            ["sharing"],
        ),
        (
            "Nous gardons vos données.",
            "Nous partageons vos données avec des tiers à des fins publicitaires.",
            "Vos données",
            ["sharing"],
        ),
        (
            "Wir speichern Ihre Daten.",
            "Wir speichern Ihre Daten; die Weitergabe an Dritte erfolgt nur mit Einwilligung.",
            "Ihre Daten",
            ["sharing"],
        ),
        (
            "Guardamos sus datos.",
            "Guardamos sus datos y los compartimos con terceros.",
            "Sus datos",
            ["sharing"],
        ),
        (
            "We may use your content to provide the service.",
            "We may use your content to train our AI models.",
            "Your content",
            ["ai-training"],
        ),
        (
            "You must be old enough to hold an account.",
            "You must be at least 13 years old; children under 13 may not use the app.",
            "Who may use the app",
            ["children"],
        ),
        (
            "Any claim goes to the courts of Paris.",
            "Any dispute will be settled by binding arbitration, and you waive class actions.",
            "Claims",
            ["dispute-resolution"],
        ),
        (
            "Nous conservons vos données pendant 1 an.",
            "Nous conservons vos données pendant 3 ans.",
            "Durée de conservation",
            ["retention"],
        ),
    ],
)
def test_changed_words_and_heading_give_the_topics(old, new, heading, topics):
    assert topic_ids(changed(old, new, heading)) == topics


def test_the_matched_words_explain_each_topic():
    found = changed(
        "We store your data in Ireland.",
        "We store your data in Ireland and transfer it outside the EEA under standard "
        "contractual clauses.",
        "Where we store data",
    )
    assert [(m.topic, m.where) for m in found] == [("international-transfers", "changed")]
    assert "standard contractual clauses" in found[0].words
    assert "outside the EEA" in found[0].words


def test_the_heading_alone_names_the_topic_of_a_reworded_clause():
    found = changed("We keep data for a while.", "We hold data for some time.", "Data retention")
    assert [(m.topic, m.where, m.words) for m in found] == [
        ("retention", "heading", ("retention",))
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("We share data with partners.", "We **share** data with partners!"),  # markup
        ("We Share data with partners.", "We share data with partners."),  # capitals
        ("Partners recognise our cookies.", "Partners recognize our cookies."),  # spelling
        (
            "Write to [email protected] about sharing.",
            "Write to dpo@quill.example about sharing.",
        ),  # an address the page had obfuscated
    ],
)
def test_cosmetic_edits_are_about_no_topic(old, new):
    assert changed(old, new, "How we share data") == []


def test_a_changed_link_target_is_about_no_topic():
    # compare_documents sees no change here (visible text is equal); stored diffs may hold one.
    link = [(0, "We share data with [partners]("), (-1, "https://a"), (1, "https://b"), (0, ")")]
    assert section_topics("modified", "Sharing", "Sharing", link) == ()
    more = [*link, (1, " and processors")]
    assert topic_ids(section_topics("modified", "Sharing", "Sharing", more)) == ["sharing"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Last updated: 1 March 2024", "Last updated: 9 April 2025"),
        ("Mise à jour le 3 mars 2024", "Mise à jour le 12 mars 2024"),
        ("Stand: 01.03.2024", "Stand: 01.04.2025"),
    ],
)
def test_a_moved_date_alone_is_effective_date_only(old, new):
    assert topic_ids(changed(old, new, "Privacy policy")) == ["effective-date-only"]


def test_a_date_moved_with_a_clause_is_about_the_clause():
    found = changed(
        "Last updated: 1 March 2024. We keep data to ourselves.",
        "Last updated: 9 April 2025. We share data with advertisers.",
    )
    assert "effective-date-only" not in topic_ids(found)
    assert "sharing" in topic_ids(found)


def test_added_and_removed_sections_are_read_whole():
    assert topic_ids(
        section_topics("added", None, "Children", [(1, "Our app is not meant for children.")])
    ) == ["children"]
    assert topic_ids(
        section_topics(
            "removed", "Cookies", None, [(-1, "We use cookies and pixels to measure ads.")]
        )
    ) == ["cookies-tracking"]
    assert section_topics("unchanged", "Cookies", "Cookies", []) == ()


OLD = """# Quill Privacy Policy

## How we share data

We share data with payment processors.

## Your rights

You may ask for a copy of your data.
"""
NEW = OLD.replace("payment processors.", "payment processors and advertising partners.")


def test_json_diff_gives_each_changed_section_its_topics_and_explain_the_words():
    diff = compare_documents(parse_document(OLD), parse_document(NEW))
    sections = json.loads(render_diff(diff, "json"))["sections"]
    by_heading = {s["new_heading"]: s for s in sections}
    assert by_heading["How we share data"]["topics"] == ["sharing", "cookies-tracking"]
    assert by_heading["Your rights"]["topics"] == []
    assert "topic_matches" not in by_heading["How we share data"]
    explained = json.loads(render_diff(diff, "json", explain=True))["sections"]
    matches = {s["new_heading"]: s["topic_matches"] for s in explained}
    assert matches["How we share data"]["sharing"] == {"where": "heading", "words": ["share"]}
    assert matches["How we share data"]["cookies-tracking"] == {
        "where": "changed",
        "words": ["advertising"],
    }
    text = render_diff(diff, "text", explain=True)
    assert "-> cookies-tracking (changed: 'advertising'); sharing (heading: 'share')" in text


@pytest.mark.parametrize(
    ("old", "new", "heading"),
    [
        (  # the rest of an address the page obfuscated, shown after its placeholder
            "Write to [[email protected]](https://x.example/cdn-cgi/l/email-protection) "
            "about any dispute.",
            "Write to [[email protected]meetsbagel.com](https://x.example/cdn-cgi/l/email-"
            "protection) about any dispute.",
            "Dispute resolution",
        ),
        (  # a link's note
            "See the AI model terms here.",
            "See the AI model terms here(opens in new tab).",
            "Training data",
        ),
        (  # an icon's label put before each item of a list
            "You may:\n\n1. Request access.\n2. Request correction.\n3. Request erasure.",
            "You may:\n\n1. Badge Check Request access.\n2. Badge Check Request correction.\n"
            "3. Badge Check Request erasure.",
            "Your rights",
        ),
        (  # a doubled word dropped
            "We may share information with with law enforcement when compelled.",
            "We may share information with law enforcement when compelled.",
            "How we share data",
        ),
    ],
)
def test_edits_that_change_no_clause_are_about_no_topic(old, new, heading):
    assert changed(old, new, heading) == []


def test_a_repeated_list_of_domains_is_no_decoration():
    rows = "\n".join(f"| _ga{k} | analytics | x.ai |" for k in range(3))
    found = changed(rows, rows.replace("x.ai |", "x.ai, console.x.ai |"), "List of cookies")
    assert topic_ids(found) == ["cookies-tracking"]


@pytest.mark.parametrize(
    ("old", "new", "address"),
    [
        (
            "Email our representative: GDPRrequest@comnet.ie",
            "Email our representative: GDPRrequest@privacyquery.ie",
            "GDPRrequest@privacyquery.ie",
        ),
        (
            "Write to our officer at DPO@team.bumble.com or by post.",
            "Write to our officer at DPO@bumble.com or by post.",
            "DPO@bumble.com",
        ),
    ],
)
def test_an_edited_contact_address_is_about_the_controller(old, new, address):
    found = changed(old, new, "Questions")
    assert [(m.topic, m.words) for m in found] == [("controller-identity", (address,))]


def test_a_new_clause_that_gives_an_address_is_about_its_clause_not_the_controller():
    found = changed(
        "Refunds are made within 30 days.",
        "Refunds are made within 30 days. For payments made in the last 10 days, only those "
        "payments are refundable; please contact support@example.com for assistance.",
        "Refunds",
    )
    assert topic_ids(found) == []


def test_the_longest_rule_at_a_place_names_its_topic():
    # "personalized" alone is data collection, "personalized advertising" is advertising.
    found = changed(
        "To opt out of receiving ads, visit our page.",
        "To learn how we deliver personalized advertising and to opt out of receiving ads, "
        "visit our page.",
        "Advertising",
    )
    assert "data-collection" not in topic_ids(found)
    assert "cookies-tracking" in topic_ids(found)
