"""Unit tests for change classification: kinds, flip-flops, shrinks, dates moving backwards."""

import pytest

from diffing.classify import classify_change, is_flip_flop, is_shrink, lost_share
from diffing.compare import compare_documents
from diffing.normalise import text_hash
from diffing.parse import parse_document

BODY = (
    "## Data\nWe collect names and postal addresses of anvil buyers.\n\n"
    "## Retention\nWe keep order records for 30 days after delivery.\n\n"
    "## Contact\nWrite to the data protection officer in Springfield.\n"
)


def policy(date_line: str = "Last updated: March 3, 2024", body: str = BODY) -> str:
    return f"# Acme Privacy Notice\n{date_line}\n\n{body}"


def classify(old_text: str, new_text: str, **options):
    old, new = parse_document(old_text), parse_document(new_text)
    return classify_change(old, new, compare_documents(old, new), **options)


def test_content_and_date_changed_is_both():
    result = classify(policy(), policy("Last updated: May 1, 2024", BODY.replace("30", "90")))
    assert result.kind == "both" and result.should_alert


def test_content_changed_under_an_unchanged_date_is_a_silent_edit():
    result = classify(policy(), policy(body=BODY.replace("30", "90")))
    assert result.kind == "silent-edit" and result.should_alert


def test_content_changed_without_any_date_is_content():
    result = classify(policy(""), policy("", BODY.replace("30", "90")))
    assert result.kind == "content"


def test_only_the_date_changed_is_effective_date():
    result = classify(policy(), policy("Last updated: May 1, 2024"))
    assert result.kind == "effective-date" and not result.date_moved_backwards


def test_only_the_date_changed_while_the_old_date_is_still_named_is_effective_date():
    # Withings and Heloa name the date elsewhere too ("Versions: 26 Jun 2025, ..."): that
    # mention staying as it was is no change of content.
    history = "Versions: March 3, 2024 and January 9, 2023."
    old = policy(f"Last updated: March 3, 2024\n\n{history}")
    result = classify(old, policy(f"Last updated: May 1, 2024\n\n{history}"))
    assert result.kind == "effective-date"


def test_only_the_date_changed_in_a_policy_repeating_its_first_section_is_effective_date():
    # WhatsApp's page holds its policy twice; only the first date statement moved.
    old = policy(body=BODY + "\n# Acme Privacy Notice\nLast updated: March 3, 2024\n")
    new = old.replace("March 3, 2024", "May 1, 2024", 1)
    assert classify(old, new).kind == "effective-date"


def test_date_moving_backwards_is_flagged():
    result = classify(policy(), policy("Last updated: January 9, 2023"))
    assert result.kind == "effective-date" and result.date_moved_backwards


def test_link_target_change_is_markup_only():
    old = policy(body=BODY + "See [our terms](https://acme.example/terms?v=1).")
    new = policy(body=BODY + "See [our terms](https://acme.example/legal/terms).")
    result = classify(old, new)
    assert result.kind == "markup-only" and not result.should_alert


def test_paragraph_made_a_heading_is_markup_only():
    # A plain lead-in line made a sub-heading, every word kept: the sections regroup.
    old = policy(body=BODY + "\nHow long we keep it\nOrders are kept for six years.\n")
    new = policy(body=BODY + "\n### How long we keep it\nOrders are kept for six years.\n")
    diff = compare_documents(parse_document(old), parse_document(new))
    result = classify(old, new)
    assert diff.content_changed, "the section diff sees a new section"
    assert result.kind == "markup-only" and not result.should_alert


def test_bold_lead_in_made_a_heading_changes_no_section():
    # Heloa's real history has this: a bold lead-in became a sub-heading, every word kept.
    old = policy(body=BODY + "\n**How long we keep it**\nOrders are kept for six years.\n")
    new = policy(body=BODY + "\n### How long we keep it\nOrders are kept for six years.\n")
    diff = compare_documents(parse_document(old), parse_document(new))
    assert {change.status for change in diff.sections} == {"unchanged"}
    assert classify(old, new).kind == "markup-only"


TABLE = "\n| Terms | Scope |\n| --- | --- |\n| Terms of Use<br><br>Welcome | All |\n"
MARKUP_ONLY_EDITS = {
    "heading turned bold": (BODY, BODY.replace("## Retention", "## **Retention**")),
    "bold line made a heading": (
        BODY.replace("## Retention", "**Retention**"),
        BODY,
    ),
    "paragraph re-wrapped": (BODY, BODY.replace("records for 30", "records\nfor 30")),
    "ellipsis character": (BODY + "\nAnd more...\n", BODY + "\nAnd more\u2026\n"),
    "stray #### in a table": (BODY + TABLE, BODY + TABLE.replace("| Terms of", "| #### Terms of")),
}


@pytest.mark.parametrize("edit", sorted(MARKUP_ONLY_EDITS))
def test_markup_edits_alert_nobody(edit):
    old, new = MARKUP_ONLY_EDITS[edit]
    result = classify(policy(body=old), policy(body=new))
    assert result.kind in ("none", "markup-only") and not result.should_alert


@pytest.mark.parametrize("edit", sorted(MARKUP_ONLY_EDITS))
def test_a_word_changed_with_the_markup_is_never_markup_only(edit):
    old, new = MARKUP_ONLY_EDITS[edit]
    result = classify(policy(body=old), policy(body=new.replace("anvil buyers", "anvil sellers")))
    assert result.kind == "silent-edit"


def test_a_heading_made_a_paragraph_with_a_word_changed_is_content():
    old = policy("", BODY + "\n### How long we keep it\nOrders are kept for six years.\n")
    new = policy("", BODY + "\n**How long we keep it**\nOrders are kept for seven years.\n")
    assert classify(old, new).kind == "content"


def test_sections_swapped_with_every_word_kept_is_content():
    # Same words, another order: a move is a change readers are told about.
    swapped = "\n\n".join(reversed(BODY.strip().split("\n\n")))
    assert classify(policy(""), policy("", swapped)).kind == "content"


def test_tracking_parameter_change_is_no_change():
    old = policy(body=BODY + "See [terms](https://acme.example/t?utm_source=a).")
    new = policy(body=BODY + "See [terms](https://acme.example/t?utm_source=b).")
    assert classify(old, new).kind == "none"


def test_technical_change_is_reported_as_such():
    result = classify(policy(), policy(body=BODY.replace("30", "90")), technical=True)
    assert result.kind == "technical" and not result.should_alert


def test_returning_to_a_recent_text_is_a_flip_flop():
    a, b = policy(), policy(body=BODY.replace("30", "90"))
    result = classify(b, a, recent_hashes=[text_hash(a), "unrelated"])
    assert result.flip_flop and not result.should_alert
    assert not classify(b, a, recent_hashes=["unrelated"]).flip_flop


def test_is_flip_flop_is_a_plain_membership_test():
    assert is_flip_flop("h2", ["h1", "h2"]) and not is_flip_flop("h3", ["h1", "h2"])


def test_losing_most_of_the_text_is_a_shrink():
    short = policy(body="## Data\nPlease enable JavaScript.\n")
    result = classify(policy(), short)
    assert result.shrink and not result.should_alert
    assert not classify(policy(), short, shrink_threshold=0.95).shrink


def test_shrink_threshold_is_a_share_of_words():
    assert lost_share("one two three four", "one two") == 0.5
    assert lost_share("one", "one two three") == 0.0
    assert is_shrink("a b c d", "a", threshold=0.7) and not is_shrink("a b c d", "a b c", 0.7)


def test_to_dict_carries_kind_and_flags():
    result = classify(policy(), policy("Last updated: January 9, 2023"))
    assert result.to_dict() == {
        "kind": "effective-date",
        "date_moved_backwards": True,
        "flip_flop": False,
        "shrink": False,
        "should_alert": True,
    }


def test_stored_text_hashes_are_used_as_given():
    """A caller that has both versions' text hashes (the timeline reads them from the stored
    rows) passes them instead of having both texts normalised again."""
    linked = BODY.replace("officer", "[officer](https://acme.example/dpo)")
    old_text, new_text = policy(body=linked), policy(body=linked.replace("/dpo", "/contact"))
    hashes = (text_hash(old_text), text_hash(new_text))
    assert classify(old_text, new_text, hashes=hashes).kind == "markup-only"
    assert classify(old_text, new_text).kind == "markup-only"
    # Told the texts hash alike, it takes them for the same normalised text.
    assert classify(old_text, new_text, hashes=(hashes[0], hashes[0])).kind == "none"
