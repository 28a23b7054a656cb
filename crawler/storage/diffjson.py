"""The stored form of a change's diff (`changes.diff_json`): plain JSON, without boilerplate.

Most sections of a change are unchanged, and each took ~340 bytes of keys, headings and empty
sentence lists in `$.sections`. A section that is unchanged, not moved, not renamed and whose
fields are all the defaults is stored as an `[old_index, new_index]` pair in `$.unchanged`
instead (its heading is the versions' section heading at those indexes). `$.sections` keeps
every other section whole, so `change_details` (which lists only those) reads the same rows.
The JSON stays plain text for sqlite3's JSON functions: no compression, no SQL function.
"""

from __future__ import annotations

import json
from typing import Any

from diffing.model import DocumentDiff, SectionChange
from diffing.topics import section_topics, topic_ids

NO_SENTENCES = {"added": [], "removed": [], "changed": []}


def is_plain_unchanged(section: dict[str, Any]) -> bool:
    """An unchanged section that only an index pair needs to describe."""
    return (
        section["status"] == "unchanged"
        and not section["moved"]
        and not section["renamed"]
        and section["old_heading"] == section["new_heading"]
        and section["similarity"] == 1.0
        and not section["diff"]
        and section["split_from"] is None
        and section["merged_into"] is None
        and section["sentences"] == NO_SENTENCES
    )


def compact_diff(diff: dict[str, Any]) -> dict[str, Any]:
    """`diff` (DocumentDiff.to_dict()) with plain unchanged sections as index pairs."""
    # Paragraph diffs have no stored sections to take the headings from: kept whole.
    if diff.get("unit") != "section" or "unchanged" in diff:
        return diff
    plain = [s for s in diff["sections"] if is_plain_unchanged(s)]
    return {
        **diff,
        "sections": [s for s in diff["sections"] if not is_plain_unchanged(s)],
        "unchanged": [[s["old_index"], s["new_index"]] for s in plain],
    }


def compact_diff_json(diff_json: str) -> str:
    """The compact form of a stored or fresh `diff_json` (idempotent)."""
    return json.dumps(compact_diff(json.loads(diff_json)), ensure_ascii=False)


def plain_unchanged(old_index: int, new_index: int, heading: str) -> dict[str, Any]:
    """The whole section entry an `[old_index, new_index]` pair of `$.unchanged` stands for."""
    return {
        "status": "unchanged",
        "moved": False,
        "renamed": False,
        "old_index": old_index,
        "new_index": new_index,
        "old_heading": heading,
        "new_heading": heading,
        "similarity": 1.0,
        "diff": [],
        "split_from": None,
        "merged_into": None,
        "sentences": NO_SENTENCES,
    }


def expanded_diff(diff: dict[str, Any], new_headings: list[str]) -> dict[str, Any]:
    """The full `DocumentDiff.to_dict()` of a stored `diff`: the pairs of `$.unchanged` back
    as whole sections (headed as the new version's section at their index, which is the old
    one's too), every section in the order the comparison gave them."""
    if "unchanged" not in diff:
        return diff
    sections = diff["sections"] + [
        plain_unchanged(i, j, new_headings[j]) for i, j in diff["unchanged"]
    ]
    return {
        **{key: value for key, value in diff.items() if key != "unchanged"},
        "sections": sorted(sections, key=section_order(sections)),
    }


def section_order(sections: list[dict[str, Any]]):
    """diffing.compare's order of section changes: new-document order, a removed section
    right after the new place of the last old section before it that stayed in place."""
    in_place = {
        s["old_index"]: s["new_index"]
        for s in sections
        if s["old_index"] is not None and s["new_index"] is not None and not s["moved"]
    }
    anchors, anchor = {}, -1
    for i in range(
        max((s["old_index"] for s in sections if s["old_index"] is not None), default=-1) + 1
    ):
        anchor = in_place.get(i, anchor)
        anchors[i] = anchor

    def key(section: dict[str, Any]) -> tuple[int, int, int]:
        if section["new_index"] is not None:
            return (section["new_index"], 0, 0)
        return (anchors[section["old_index"]], 1, section["old_index"])

    return key


def is_plain_unchanged_change(change: SectionChange) -> bool:
    """`is_plain_unchanged(change.to_dict())`, read off the change itself."""
    sentences = change.sentences
    return (
        change.status == "unchanged"
        and not change.moved
        and not change.renamed
        and change.old_heading == change.new_heading
        and change.similarity == 1.0
        and not change.diff
        and change.split_from is None
        and change.merged_into is None
        and not (sentences.added or sentences.removed or sentences.changed)
    )


def stored_diff_json(diff: DocumentDiff) -> str:
    """The compact `diff_json` of a fresh diff: `compact_diff_json` of its full JSON, without
    building and encoding the dicts of the plain unchanged sections (most of them)."""
    if diff.unit != "section":
        return json.dumps(diff.to_dict(), ensure_ascii=False)
    plain = list(map(is_plain_unchanged_change, diff.sections))
    compact = {
        **diff.head_dict(),
        "sections": [c.to_dict() for c, p in zip(diff.sections, plain, strict=True) if not p],
        "unchanged": [
            [c.old_index, c.new_index] for c, p in zip(diff.sections, plain, strict=True) if p
        ],
    }
    return json.dumps(compact, ensure_ascii=False)


def with_topics(diff: dict[str, Any]) -> dict[str, Any]:
    """`diff` (a stored diff_json) with each section's `topics`, as a fresh diff has them."""
    for section in diff.get("sections", []):
        ops = [(op, text) for op, text in section.get("diff", [])]
        found = section_topics(
            section["status"], section["old_heading"], section["new_heading"], ops
        )
        section["topics"] = topic_ids(found)
    return diff


def with_topics_json(diff_json: str) -> str:
    """`with_topics` of a stored diff_json (idempotent)."""
    return json.dumps(with_topics(json.loads(diff_json)), ensure_ascii=False)
