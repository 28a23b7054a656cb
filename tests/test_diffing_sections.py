"""Unit tests for sections, heading keys, paragraphs and plain-text pseudo-headings."""

import pytest

from diffing.parse import document_from_text, parse_document
from diffing.pseudo_headings import mark_pseudo_headings, pseudo_heading_level
from diffing.sections import heading_key, split_paragraphs, split_sections

POLICY = """Intro before any heading.

# Acme Privacy Notice
Welcome.

## 1. What we collect
Names and e-mail addresses.

### 1.1 Cookies
Session cookies only.

## 2. Your rights
You may ask for a copy.
"""


def test_sections_follow_the_heading_tree():
    sections = split_sections(POLICY)
    assert [(s.heading, s.level) for s in sections] == [
        ("", 0),
        ("Acme Privacy Notice", 1),
        ("1. What we collect", 2),
        ("1.1 Cookies", 3),
        ("2. Your rights", 2),
    ]
    assert sections[3].path == ("Acme Privacy Notice", "1. What we collect", "1.1 Cookies")
    assert sections[4].path == ("Acme Privacy Notice", "2. Your rights")
    assert sections[2].text == "Names and e-mail addresses."


def test_setext_headings_are_recognised_but_lists_and_rules_are_not():
    text = "Acme Terms\n==========\nHello.\n\nContact\n-------\nWrite to us.\n\n- item\n---\n"
    sections = split_sections(text)
    assert [(s.heading, s.level) for s in sections] == [("Acme Terms", 1), ("Contact", 2)]
    assert sections[1].text == "Write to us.\n\n- item\n---"


def test_heading_key_strips_numbering_case_and_markup():
    assert heading_key("3.2 **Cookies**") == heading_key("4.1. cookies") == "cookies"
    assert heading_key("Article 5 - Your Rights") == "your rights"
    assert heading_key("IV. Retention") == heading_key("B) Retention") == "retention"
    assert heading_key("A note on children") == "a note on children"


def test_paragraphs_split_on_blank_lines():
    assert split_paragraphs("one\ntwo\n\n\nthree\n  \nfour") == ("one\ntwo", "three", "four")


def test_pseudo_headings_numbered_and_all_caps():
    assert pseudo_heading_level("1. Commitment to privacy") == 1
    assert pseudo_heading_level("3.2 Cookies") == 2
    assert pseudo_heading_level("Section 4 Retention") == 1
    assert pseudo_heading_level("DATA WE COLLECT") == 1
    assert pseudo_heading_level("1. We collect your name, e-mail and phone.") == 0
    assert pseudo_heading_level("We collect your name") == 0


def test_a_plain_lines_heading_role_does_not_depend_on_headings_elsewhere():
    body = "We make anvils.\n\nDATA WE COLLECT\nNames.\n"
    assert mark_pseudo_headings(body) == "We make anvils.\n\n# DATA WE COLLECT\nNames."
    with_heading = mark_pseudo_headings("# Real heading\n" + body)
    assert with_heading == "# Real heading\nWe make anvils.\n\n# DATA WE COLLECT\nNames."


def test_addresses_registration_numbers_and_list_items_are_not_headings():
    text = (
        "Write to Lionheart Squared Ltd\n2 Pembroke House\nDublin\n\n55 Almaden Blvd, Suite 600\n"
        "San Jose\n\nCIN 556630-4928\n\nWe collect:\n1. Name\n2. Email\n3. Phone\n\n"
        "1. Commitment\nWe care.\n2. Data\nWe keep it.\n"
    )
    marked = [line for line in mark_pseudo_headings(text).splitlines() if line.startswith("#")]
    assert marked == ["# 1. Commitment", "# 2. Data"]


def test_document_from_plain_text_builds_sections():
    document = document_from_text(
        "ACME PRIVACY NOTICE\nLast updated: March 3, 2024\n\n1. Commitment\nWe care.\n"
    )
    assert [s.heading for s in document.sections] == ["ACME PRIVACY NOTICE", "1. Commitment"]
    assert document.effective_date is not None
    assert document.effective_date.value.isoformat() == "2024-03-03"


def test_parse_document_falls_back_to_date_context():
    document = parse_document("# Terms\nBe nice.", date_context="Footer. Last revised: 01/02/2021")
    assert document.effective_date is not None
    assert document.effective_date.value.isoformat() == "2021-01-02"


def test_ambiguous_numeric_date_adds_a_warning():
    document = parse_document("# Terms\nLast updated: 03/04/2021\nWe and you agree to the terms.")
    assert document.effective_date is not None
    assert document.effective_date.value.isoformat() == "2021-03-04"
    assert document.warnings == (
        "ambiguous numeric date in 'Last updated: 03/04/2021': read as 2021-03-04",
    )
    assert parse_document("# Terms\nLast updated: 13/04/2021").warnings == ()


def test_setext_underlines_in_a_row_and_at_the_start_make_one_heading_each():
    # An underline first in the text underlines nothing; a second underline under a heading
    # just made is body text; "\r\n" line ends and indented underlines count.
    text = "===\nTitle\n===\n===\n\nAfter\n  ---  \n# Real\n---\nx\r\nUnder\r\n=\n"
    sections = split_sections(text)
    assert [(s.heading, s.level) for s in sections] == [
        ("", 0),
        ("Title", 1),
        ("After", 2),
        ("Real", 1),
        ("Under", 1),
    ]
    assert sections[0].text == "==="
    assert sections[1].text == "==="
    assert sections[3].text == "---\nx"


def test_every_line_break_str_splitlines_knows_separates_lines():
    # "\r", "\f" and U+2028 end lines as "\n" does; a final line break adds no empty line.
    text = "# One\rbody one\f# Two\u2028body two\n\n# Three\r\nbody three\n"
    sections = split_sections(text)
    assert [(s.heading, s.text) for s in sections] == [
        ("One", "body one"),
        ("Two", "body two"),
        ("Three", "body three"),
    ]
    assert [s.path for s in sections] == [("One",), ("Two",), ("Three",)]


def test_paths_follow_levels_that_skip_and_return():
    text = "# A\n### A1\n## A2\n#### A2x\n# B\n## B1"
    assert [s.path for s in split_sections(text)] == [
        ("A",),
        ("A", "A1"),
        ("A", "A2"),
        ("A", "A2", "A2x"),
        ("B",),
        ("B", "B1"),
    ]


def headings(text: str) -> list[str]:
    return [section.heading for section in split_sections(text) if section.heading]


def test_bold_lines_opening_a_block_are_headings():
    text = (
        "# Notice\n\n**Overview**  \nWe make anvils.\n\n**Website analytics.**\nWe count.\n\n"
        "__Cookies__\n\nOne cookie.\n"
    )
    assert headings(text) == ["Notice", "Overview", "Website analytics.", "Cookies"]
    assert [s.level for s in split_sections(text)] == [1, 2, 2, 2]
    assert split_sections(text)[1].text == "We make anvils."


@pytest.mark.parametrize("before", [" ", "\ufeff", "\u200b ", "\u00ad"])
def test_invisible_characters_before_a_bold_line_change_nothing(before):
    """Texts equal once invisible characters are dropped have the same sections."""
    text = "# Notice\n\n{}**Overview**\n\nWe make anvils.\n\n{}**Cookies**\n\nOne cookie.\n"
    plain = split_sections(text.format("", ""))
    assert [s.heading for s in plain] == ["Notice", "Overview", "Cookies"]
    assert split_sections(text.format(before, before)) == plain


def test_bold_lines_that_are_not_headings():
    text = (
        "# Notice\nWe make anvils.\n**Inside a paragraph**\n\n**We are committed to:**\n- a\n\n"
        "**Last updated: March 3, 2025**\n\n    **Indented in a list item**\n\n"
        "**This bold sentence is far too long to be taken for the title of a section.**\n"
    )
    assert headings(text) == ["Notice"]


def test_a_lines_heading_role_depends_on_it_and_the_line_above_only():
    # Neither ATX headings elsewhere nor the number of bold lines sway it.
    body = "**2 Pembroke House**\nDublin\n\nIn the EU:\n**Lionheart Squared**\n"
    assert headings(body) == ["2 Pembroke House"]
    assert headings("# Contact\n\n" + body) == ["Contact", "2 Pembroke House"]
