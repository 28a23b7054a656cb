"""Golden tests for section alignment: moved, renamed, split, merged, edited, unstructured.

The fictional Acme policy is ours; `test_real_policy_edits` applies the same edits to a real
policy from ../shared/corpus/ota.
"""

import pytest

from diffing.compare import compare_documents
from diffing.model import PolicyDocument
from diffing.parse import document_from_text, parse_document
from tests.support.paths import CORPUS

SECTIONS = {
    "Who we are": "Acme Anvils Ltd makes anvils. We are based in Springfield.",
    "What we collect": "We collect your name, your postal address and your order history. "
    "We also collect the serial numbers of anvils you register with us.",
    "How long we keep it": "We keep order records for 30 days after delivery. "
    "Warranty registrations are kept for the life of the anvil.",
    "Your rights": "You may ask for a copy of your data, its correction or its deletion. "
    "Write to our data protection officer at the Springfield office.",
    "Cookies": "Our website uses one session cookie to keep your basket between pages.",
}


def build(sections: dict[str, str], date_line: str = "Last updated: March 3, 2024") -> str:
    body = "\n\n".join(f"## {heading}\n{text}" for heading, text in sections.items())
    return f"# Acme Privacy Notice\n{date_line}\n\n{body}\n"


def compare_texts(old: str, new: str):
    return compare_documents(parse_document(old), parse_document(new))


def by_status(diff, status):
    return [c for c in diff.sections if c.status == status]


def test_identical_texts_take_the_quick_path():
    diff = compare_texts(build(SECTIONS), build(SECTIONS))
    assert not diff.changed and not diff.content_changed
    assert {c.status for c in diff.sections} == {"unchanged"}
    assert all(c.diff == () for c in diff.sections)


def test_moved_section_is_unchanged_and_flagged():
    order = ["Who we are", "Cookies", "What we collect", "How long we keep it", "Your rights"]
    diff = compare_texts(build(SECTIONS), build({h: SECTIONS[h] for h in order}))
    moved = [c for c in diff.sections if c.moved]
    assert [(c.old_heading, c.status) for c in moved] == [("Cookies", "unchanged")]
    assert by_status(diff, "modified") == by_status(diff, "added") == []


def test_renamed_section_keeps_its_content():
    renamed = {("Data we keep" if h == "What we collect" else h): t for h, t in SECTIONS.items()}
    diff = compare_texts(build(SECTIONS), build(renamed))
    [change] = by_status(diff, "modified")
    assert change.renamed and not change.moved
    assert (change.old_heading, change.new_heading) == ("What we collect", "Data we keep")
    assert change.similarity == 1.0


def test_renumbered_headings_are_not_renames():
    numbered_old = {f"{k}. {h}": t for k, (h, t) in enumerate(SECTIONS.items(), 1)}
    numbered_new = {f"{k}. {h}": t for k, (h, t) in enumerate(SECTIONS.items(), 2)}
    diff = compare_texts(build(numbered_old), build(numbered_new))
    assert {c.status for c in diff.sections} == {"unchanged"}
    assert not any(c.renamed for c in diff.sections)


def test_edited_sentence_reads_as_a_word_replacement():
    edited = dict(SECTIONS)
    edited["How long we keep it"] = edited["How long we keep it"].replace("30 days", "90 days")
    diff = compare_texts(build(SECTIONS), build(edited))
    [change] = by_status(diff, "modified")
    assert [(op, text) for op, text in change.diff if op] == [(-1, "30"), (1, "90")]
    assert change.sentences.changed == (
        (
            "We keep order records for 30 days after delivery.",
            "We keep order records for 90 days after delivery.",
        ),
    )
    assert diff.content_changed


def test_split_section_is_linked_to_its_origin():
    split = dict(SECTIONS)
    first, second = SECTIONS["What we collect"].split(" We also ")
    split["What we collect"] = first
    split = {**split, "Anvil registrations": "We also " + second}
    diff = compare_texts(build(SECTIONS), build(split))
    [added] = by_status(diff, "added")
    old_index = next(c.old_index for c in diff.sections if c.old_heading == "What we collect")
    assert added.new_heading == "Anvil registrations" and added.split_from == old_index


def test_merged_section_is_linked_to_its_destination():
    merged = dict(SECTIONS)
    merged["Your rights"] += " " + merged.pop("Cookies")
    diff = compare_texts(build(SECTIONS), build(merged))
    [removed] = by_status(diff, "removed")
    rights = next(c for c in diff.sections if c.new_heading == "Your rights")
    assert removed.old_heading == "Cookies" and removed.merged_into == rights.new_index
    # Diffed against both old sections, the merged text shows no edit at all.
    assert all(op == 0 for op, _ in rights.diff)


def test_added_and_removed_sections():
    changed = dict(SECTIONS)
    del changed["Cookies"]
    changed["Children"] = "Anvils are not toys; we do not sell to anyone under 18."
    diff = compare_texts(build(SECTIONS), build(changed))
    assert [c.old_heading for c in by_status(diff, "removed")] == ["Cookies"]
    assert [c.new_heading for c in by_status(diff, "added")] == ["Children"]
    assert diff.summary()["unchanged"] == len(SECTIONS)  # 4 kept + the title section


def test_only_the_date_changed():
    diff = compare_texts(build(SECTIONS), build(SECTIONS, "Last updated: April 9, 2024"))
    assert diff.changed and not diff.content_changed
    assert [str(d) for d in diff.effective_date] == ["2024-03-03", "2024-04-09"]


def test_repeated_headings_align_by_content():
    alpha = "# A\n## Details\nAlpha text about anvils and hammers.\n"
    beta = "# B\n## Details\nBeta text about springs.\n"
    old, new = alpha + beta, beta + alpha
    diff = compare_texts(old, new)
    assert by_status(diff, "modified") == []
    assert {c.status for c in diff.sections} == {"unchanged"}


def test_texts_without_headings_compare_paragraphs():
    old = "We collect names.\n\nWe keep them for 30 days.\n\nWrite to us."
    new = "We collect names.\n\nWe keep them for 90 days.\n\nWrite to us."
    diff = compare_documents(document_from_text(old), document_from_text(new))
    assert diff.unit == "paragraph"
    [change] = by_status(diff, "modified")
    assert change.old_index == change.new_index == 1


def test_removing_one_of_two_sections_leaves_the_other_unchanged():
    # One heading left is structure enough: the version is not re-read paragraph by paragraph.
    intro = "Welcome to Acme.\n\nWe make anvils.\n\n"
    kept = "## Cookies\nOne session cookie.\n\nIt keeps your basket.\n"
    old = intro + "## Retention\nWe keep orders for 30 days.\n\n" + kept
    diff = compare_texts(old, intro + kept)
    assert diff.unit == "section"
    assert [(c.status, c.old_heading) for c in diff.sections if c.status != "unchanged"] == [
        ("removed", "Retention")
    ]


def real_policy() -> PolicyDocument:
    path = CORPUS / "ota" / "docs" / "contrib--google--privacy-policy" / "versions" / "0046.md"
    if not path.exists():
        pytest.skip(f"../shared/corpus not found: {path} is missing")
    return parse_document(path.read_text(encoding="utf-8"))


def rebuild(sections) -> str:
    return "\n\n".join(
        f"{'#' * max(s.level, 1)} {s.heading}\n{s.text}" for s in sections if s.heading
    )


def test_real_policy_edits():
    """Move one real section to the end, rename another, edit a sentence in a third."""
    sections = [s for s in real_policy().sections if s.heading]
    old = parse_document(rebuild(sections))
    moved, renamed, edited = sections[5], sections[10], sections[20]
    new_sections = [s for s in sections if s is not moved] + [moved]
    new_sections = [
        type(s)(heading="Renamed: " + s.heading, level=s.level, path=s.path, text=s.text)
        if s is renamed
        else type(s)(
            heading=s.heading, level=s.level, path=s.path, text=s.text + " We never sell it."
        )
        if s is edited
        else s
        for s in new_sections
    ]
    diff = compare_documents(old, parse_document(rebuild(new_sections)))
    flagged = {
        c.old_heading: (c.status, c.moved, c.renamed)
        for c in diff.sections
        if c.status != "unchanged" or c.moved
    }
    assert flagged == {
        moved.heading: ("unchanged", True, False),
        renamed.heading: ("modified", False, True),
        edited.heading: ("modified", False, False),
    }
    [edit] = [c for c in diff.sections if c.old_heading == edited.heading]
    assert [text.strip() for op, text in edit.diff if op] == ["We never sell it."]
