"""Clause ids follow a section through moves, renames and out-of-order captures, on real
histories (../shared/corpus/ota) recorded through the real Timeline into SQLite."""

from __future__ import annotations

import json
import random

import pytest

from crawler.timeline.lineage import refresh_lineage
from tests.support.corpus_timeline import corpus_store, ota_versions, record_versions

XAI = "genai-contrib--xai--privacy-policy"
OPENROUTER = "genai-contrib--openrouter--terms-of-service"
# Each clause's opening words, as the policy wrote them in every version that has it.
RETENTION = "We retain your personal information where we have an ongoing legitimate business"
GENERAL = "These Terms, together with the Privacy Policy and any other agreements expressly"


# xAI's versions of 2024-10-01 and 2024-11-04 lost their headings (the whole policy is one
# section there): the retention clause that comes back after them is a new clause.
SINCE = {XAI: "2024-11-13", OPENROUTER: ""}


def sections_opening(store, words: str, since: str = "") -> list[dict]:
    """Every section of every version since `since` whose text starts with `words`, with
    its clause."""
    return store.query(
        "SELECT v.first_seen, s.idx, s.heading, e.clause_id FROM sections s "
        "JOIN version_rows v ON v.id = s.version_id "
        "JOIN clause_events e ON e.version_id = s.version_id AND e.idx = s.idx "
        "WHERE s.text LIKE ? || '%' AND v.first_seen >= ? ORDER BY v.first_seen",
        [words, since],
    )


def clause_map(store) -> dict[tuple[str, int], int]:
    """(version first seen, section index) -> clause id, for every section."""
    return {
        (row["first_seen"], row["idx"]): row["clause_id"]
        for row in store.query(
            "SELECT v.first_seen, e.idx, e.clause_id FROM clause_events e "
            "JOIN version_rows v ON v.id = e.version_id WHERE e.idx IS NOT NULL"
        )
    }


def partition(mapping: dict[tuple[str, int], int]) -> set[frozenset[tuple[str, int]]]:
    """The clauses as sets of sections, whatever their ids."""
    groups: dict[int, set] = {}
    for section, clause_id in mapping.items():
        groups.setdefault(clause_id, set()).add(section)
    return {frozenset(group) for group in groups.values()}


@pytest.mark.parametrize(
    ("document", "opening", "headings"),
    [
        (
            XAI,
            RETENTION,
            {
                r"7\. Retention of your personal information",
                r"**7\. Retention of your personal information**",
                r"**5\. Retention of personal information**",
            },
        ),
        (OPENROUTER, GENERAL, {r"16\. General", r"18\. General", r"20\. General."}),
    ],
)
def test_a_section_renamed_and_moved_keeps_one_clause_id(
    corpus, tmp_path, document, opening, headings
):
    store = corpus_store(tmp_path / "c.db", ota_versions(corpus, document))
    found = sections_opening(store, opening, SINCE[document])
    # The same clause under each heading, at several positions in the policy.
    assert {row["heading"] for row in found} == headings
    assert len({row["idx"] for row in found}) >= 3
    assert len({row["clause_id"] for row in found}) == 1
    (clause_id,) = {row["clause_id"] for row in found}
    statuses = store.query(
        "SELECT status, moved, renamed FROM clause_history WHERE clause_id = ?", [clause_id]
    )
    assert any(row["moved"] for row in statuses) and any(row["renamed"] for row in statuses)
    store.close()


def test_clause_ids_do_not_depend_on_the_order_captures_arrive_in(corpus, tmp_path):
    versions = ota_versions(corpus, XAI)
    in_order = corpus_store(tmp_path / "ordered.db", versions)
    shuffled = versions[:]
    random.Random(7).shuffle(shuffled)
    assert shuffled != versions
    out_of_order = corpus_store(tmp_path / "shuffled.db", shuffled)
    assert partition(clause_map(out_of_order)) == partition(clause_map(in_order))
    found = sections_opening(out_of_order, RETENTION, SINCE[XAI])
    assert len(found) >= 5 and len({row["clause_id"] for row in found}) == 1
    in_order.close()
    out_of_order.close()


@pytest.mark.parametrize("position", ["middle", "first"])
def test_a_version_inserted_late_keeps_the_ids_around_it(corpus, tmp_path, position):
    versions = ota_versions(corpus, XAI)
    retention_dates = [
        at for at, markdown in versions if RETENTION in markdown and at >= SINCE[XAI]
    ]
    # A version in the middle of the retention clause's life, or the policy's first version,
    # arrives last.
    late = retention_dates[len(retention_dates) // 2] if position == "middle" else versions[0][0]
    store = corpus_store(tmp_path / "c.db", [v for v in versions if v[0] != late])
    before = clause_map(store)
    (policy_id,) = [row["id"] for row in store.query("SELECT id FROM policies")]
    record_versions(store, policy_id, [v for v in versions if v[0] == late])
    after = clause_map(store)
    assert {section for section in after if section[0] == late}
    assert {k: v for k, v in after.items() if k[0] != late} == before
    found = sections_opening(store, RETENTION, SINCE[XAI])
    assert len(found) >= 5 and len({row["clause_id"] for row in found}) == 1
    store.close()


def test_appending_gives_what_a_whole_rebuild_gives(corpus, tmp_path):
    store = corpus_store(tmp_path / "c.db", ota_versions(corpus, OPENROUTER))
    appended = store.query("SELECT * FROM clause_events ORDER BY version_id, idx, old_idx")
    (policy_id,) = [row["id"] for row in store.query("SELECT id FROM policies")]
    with store.transaction():
        refresh_lineage(store, policy_id)
    rebuilt = store.query("SELECT * FROM clause_events ORDER BY version_id, idx, old_idx")
    strip = [{k: v for k, v in row.items() if k != "id"} for row in appended]
    assert strip == [{k: v for k, v in row.items() if k != "id"} for row in rebuilt]
    store.close()


def test_clause_command_prints_one_clauses_life(corpus, tmp_path, run_cli):
    store = corpus_store(tmp_path / "c.db", ota_versions(corpus, XAI), name="xai-privacy")
    (clause_id,) = {row["clause_id"] for row in sections_opening(store, RETENTION, SINCE[XAI])}
    store.close()
    db = ["--db", str(tmp_path / "c.db")]
    by_heading = run_cli(
        "clause",
        "xai-privacy",
        r"**5\. Retention of personal information**",
        *db,
        "--format",
        "json",
    )
    life = json.loads(by_heading.stdout)
    assert life["clause_id"] == clause_id
    assert life["headings"][0] == r"7\. Retention of your personal information"
    assert life["headings"][-1] == r"**5\. Retention of personal information**"
    assert life["events"][0]["status"] == "added"
    renamed = [e for e in life["events"] if e["renamed"]]
    assert renamed
    assert renamed[-1]["old_heading"].endswith("Retention of your personal information**")
    assert all(e["window_from"] < e["first_seen"] for e in life["events"][1:])
    text = run_cli("clause", "xai-privacy", str(clause_id), *db).stdout
    assert f"clause {clause_id}:" in text and "renamed from" in text and "appeared" in text
    missing = run_cli("clause", "xai-privacy", "No such heading", *db, check=False)
    assert missing.returncode != 0 and "no clause of xai-privacy" in missing.stderr
