"""Storing a version's section texts: each distinct text once, found by search, in order."""

from __future__ import annotations

from crawler.storage import open_database
from crawler.storage.sections import INSERT_BATCH, text_ids


def section(heading: str, text: str, digest: str) -> dict:
    return {"heading": heading, "text": text, "hash": digest}


def test_new_texts_are_stored_once_in_section_order_and_indexed(tmp_path):
    store = open_database(tmp_path / "t.db")
    with store.transaction():
        (stored,) = text_ids(store.db, [section("Cookies", "We use cookies.", "h-cookies")])
    many = [
        section(f"Clause {n}", f"Retention term number{n} applies.", f"h{n}")
        for n in range(INSERT_BATCH + 5)
    ]
    sections = [
        section("Cookies", "We use cookies.", "h-cookies"),  # stored before
        *many,
        # Same hash, another text (hand-written rows may carry any hash): a text of its own.
        section("Clause 1", "A different text under a reused hash.", "h1"),
        section("Clause 2", "Retention term number2 applies.", "h2"),  # repeated in the version
    ]
    with store.transaction():
        ids = text_ids(store.db, sections)

    rows = {r["id"]: r for r in store.query("SELECT id, heading, text, hash FROM section_texts")}
    assert [(rows[i]["heading"], rows[i]["text"], rows[i]["hash"]) for i in ids] == [
        (s["heading"], s["text"], s["hash"]) for s in sections
    ]
    assert ids[0] == stored and ids[-1] == ids[3]
    new = ids[1:-1]
    assert new == sorted(new) and len(set(new)) == len(new) == len(rows) - 1
    for word, expected in (("number7", [ids[8]]), ("reused", [ids[-2]]), ("cookie", [stored])):
        found = store.query("SELECT rowid FROM sections_fts WHERE sections_fts MATCH ?", [word])
        assert [r["rowid"] for r in found] == expected
    store.query("INSERT INTO sections_fts (sections_fts, rank) VALUES ('integrity-check', 1)")
