"""Unit tests for the four renderings of one diff; HTML must never let page content inject."""

import json

import pytest

from diffing.compare import compare_documents
from diffing.parse import parse_document
from diffing.render import RENDERERS, render_diff
from tests.support.contracts import SECTION_KEYS

OLD = (
    "# Acme Privacy Notice\nLast updated: March 3, 2024\n\n"
    "## Retention\nWe keep order records for 30 days after delivery.\n\n"
    "## Cookies\nOne session cookie keeps your basket.\n\n"
    "## Contact\nWrite to the data protection officer.\n"
)
NEW = (
    "# Acme Privacy Notice\nLast updated: May 1, 2024\n\n"
    "## Contact\nWrite to the data protection officer.\n\n"
    "## Retention\nWe keep order records for 90 days after delivery. <script>alert(1)</script>\n\n"
    "## Cookie use\nOne session cookie keeps your basket.\n"
)


@pytest.fixture(scope="module")
def diff():
    return compare_documents(parse_document(OLD), parse_document(NEW))


def test_every_registered_format_renders(diff):
    assert set(RENDERERS) == {"text", "markdown", "html", "json"}
    for fmt in RENDERERS:
        assert "Retention" in render_diff(diff, fmt)


def test_unknown_format_is_an_error(diff):
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render_diff(diff, "pdf")


def test_json_is_the_compare_contract(diff):
    data = json.loads(render_diff(diff, "json"))
    assert data["changed"] is True
    assert data["effective_date"] == {"old": "2024-03-03", "new": "2024-05-01"}
    keys = SECTION_KEYS
    for section in data["sections"]:
        assert keys <= set(section)
        assert section["status"] in {"added", "removed", "modified", "unchanged"}
        assert all(op in (-1, 0, 1) and isinstance(text, str) for op, text in section["diff"])
    retention = next(s for s in data["sections"] if s["new_heading"] == "Retention")
    assert [-1, "30"] in retention["diff"] and [1, "90"] in retention["diff"]
    cookies = next(s for s in data["sections"] if s["old_heading"] == "Cookies")
    assert cookies["renamed"] and cookies["new_heading"] == "Cookie use"


def test_text_marks_edits_and_colours_only_on_request(diff):
    plain = render_diff(diff, "text", old_label="v1", new_label="v2")
    assert "[-30-][+90+]" in plain and "\033[" not in plain
    assert plain.startswith("v1 → v2\nEffective date: 2024-03-03 → 2024-05-01")
    assert "[renamed]" in plain and "[moved]" in plain
    coloured = render_diff(diff, "text", color=True)
    assert "\033[31m[-30-]\033[0m" in coloured


def test_markdown_uses_strike_and_bold(diff):
    markdown = render_diff(diff, "markdown")
    assert "~~30~~**90**" in markdown and "### Modified: Retention" in markdown


def test_html_escapes_page_content_and_marks_edits(diff):
    html = render_diff(diff, "html", old_label="<b>old</b>")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;old&lt;/b&gt;" in html
    assert ">30</del>" in html and ">90</ins>" in html
    assert "<style" not in html and 'style="' in html  # inline styles only, for e-mail clients
    assert ">renamed</span>" in html and ">moved</span>" in html


def test_unchanged_diff_says_so():
    same = compare_documents(parse_document(OLD), parse_document(OLD))
    assert "No change in the visible text." in render_diff(same, "text")


def test_modified_sections_carry_sentence_counts(diff):
    text = render_diff(diff, "text")
    assert "MODIFIED: Retention [sentences: 1 changed, 1 added]\n" in text
