"""Sections stored once per distinct heading and text, and searched once (migration 0009).

Consecutive versions of a policy share all but the sections that changed, and many policies
share boilerplate, so `section_texts` holds each distinct (heading, text) once with its hash,
`section_rows` places them in versions, and `sections` is a view with the columns the table
had plus `text_id`. The FTS5 index `sections_fts` covers `section_texts` (rowid = text id):
one entry per distinct text rather than per section of every version, which had made the
index as large as the texts themselves. Find a hit's sections with
`sections.text_id = sections_fts.rowid`.
"""

from __future__ import annotations

from typing import Any

# hash is text_hash(heading + "\n" + text), which normalises: equal hashes are then checked.
LOOKUP = (
    "SELECT id FROM section_texts WHERE hash = {hash} AND heading = {heading} AND text = {text}"
)

TABLES = (
    "CREATE TABLE section_texts (id INTEGER PRIMARY KEY, heading TEXT NOT NULL, "
    "text TEXT NOT NULL, hash TEXT NOT NULL)",
    "CREATE INDEX section_texts_hash ON section_texts (hash)",
    "CREATE TABLE section_rows (id INTEGER PRIMARY KEY, "
    "version_id INTEGER REFERENCES version_rows(id), idx INTEGER, level INTEGER, path TEXT, "
    "text_id INTEGER NOT NULL REFERENCES section_texts(id))",
)
ROW_INDEXES = (
    "CREATE INDEX idx_section_rows_version_id_idx ON section_rows (version_id, idx)",
    # Search goes from a text to the versions holding it.
    "CREATE INDEX idx_section_rows_text_id ON section_rows (text_id)",
)

# A trigger's first step: keep the new heading and text in section_texts unless already there.
STORE_NEW_TEXT = (
    "INSERT INTO section_texts (heading, text, hash) SELECT new.heading, new.text, new.hash "
    "WHERE NOT EXISTS ("
    + LOOKUP.format(hash="new.hash", heading="new.heading", text="new.text")
    + ");"
)
NEW_TEXT_ID = "(" + LOOKUP.format(hash="new.hash", heading="new.heading", text="new.text") + ")"
VIEW = (
    "CREATE VIEW sections AS SELECT r.id, r.version_id, r.idx, t.heading, r.level, r.path, "
    "t.text, t.hash, r.text_id FROM section_rows r JOIN section_texts t ON t.id = r.text_id",
    # Writes through the view, as when `sections` was a table.
    "CREATE TRIGGER sections_insert INSTEAD OF INSERT ON sections BEGIN "
    + STORE_NEW_TEXT
    + " INSERT INTO section_rows (id, version_id, idx, level, path, text_id) "
    f"VALUES (new.id, new.version_id, new.idx, new.level, new.path, {NEW_TEXT_ID}); END",
    "CREATE TRIGGER sections_delete INSTEAD OF DELETE ON sections BEGIN "
    "DELETE FROM section_rows WHERE id = old.id; END",
    "CREATE TRIGGER sections_update INSTEAD OF UPDATE ON sections BEGIN "
    + STORE_NEW_TEXT
    + " UPDATE section_rows SET id = new.id, version_id = new.version_id, idx = new.idx, "
    f"level = new.level, path = new.path, text_id = {NEW_TEXT_ID} WHERE id = old.id; END",
)

# Porter stemming, heading and text, as since migration 0002; sqlite-utils and Datasette find
# it through `content=[section_texts]` (`sqlite-utils search DB section_texts QUERY`).
FULLTEXT = (
    "CREATE VIRTUAL TABLE [sections_fts] USING FTS5 ([heading], [text], "
    "tokenize='porter', content=[section_texts], content_rowid=[id])",
    "CREATE TRIGGER [section_texts_ai] AFTER INSERT ON [section_texts] BEGIN "
    "INSERT INTO [sections_fts] (rowid, [heading], [text]) "
    "VALUES (new.id, new.heading, new.text); END",
    "CREATE TRIGGER [section_texts_ad] AFTER DELETE ON [section_texts] BEGIN "
    "INSERT INTO [sections_fts] ([sections_fts], rowid, [heading], [text]) "
    "VALUES ('delete', old.id, old.heading, old.text); END",
)


# Hashes looked up per statement: well below SQLite's smallest limit on parameters (999).
LOOKUP_BATCH = 500
# New texts stored per statement (three parameters each), under the same limit.
INSERT_BATCH = 333


def text_ids(db: Any, sections: list[dict[str, Any]]) -> list[int]:
    """The section_texts id of each section's (heading, text), stored now if new: one look-up
    per LOOKUP_BATCH hashes rather than one per section, new texts stored in section order."""
    hashes = list(dict.fromkeys(s["hash"] for s in sections))
    known: dict[tuple[str, str, str], int] = {}
    for start in range(0, len(hashes), LOOKUP_BATCH):
        batch = hashes[start : start + LOOKUP_BATCH]
        rows = db.execute(
            "SELECT id, hash, heading, text FROM section_texts "
            f"WHERE hash IN ({', '.join('?' * len(batch))}) ORDER BY id",
            batch,
        )
        for found, digest, heading, text in rows:
            known.setdefault((digest, heading, text), found)
    # The query above saw every text with these hashes: the others are new.
    new = list(dict.fromkeys((s["hash"], s["heading"], s["text"]) for s in sections))
    new = [key for key in new if key not in known]
    for start in range(0, len(new), INSERT_BATCH):
        known.update(store_texts(db, new[start : start + INSERT_BATCH]))
    return [known[(s["hash"], s["heading"], s["text"])] for s in sections]


def store_texts(db: Any, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], int]:
    """Insert these (hash, heading, text) in order with one statement; return their ids.

    One statement, not one per text: each statement that writes `sections_fts` (through the
    section_texts_ai trigger) makes FTS5 flush its pending terms into a new index segment at
    the statement's savepoint, and then merge those segments: a statement per text doubled
    the cost of indexing a version's new sections.
    """
    rows = db.execute(
        "INSERT INTO section_texts (heading, text, hash) VALUES "
        + ", ".join(["(?, ?, ?)"] * len(keys))
        # RETURNING gives its rows in no promised order: each names its text.
        + " RETURNING id, hash, heading, text",
        [value for digest, heading, text in keys for value in (heading, text, digest)],
    ).fetchall()
    return {(digest, heading, text): found for found, digest, heading, text in rows}


def insert_sections(db: Any, version_id: int, sections: list[dict[str, Any]]) -> None:
    ids = text_ids(db, sections)
    db.conn.executemany(
        "INSERT INTO section_rows (version_id, idx, level, path, text_id) VALUES (?, ?, ?, ?, ?)",
        [
            (version_id, s["idx"], s["level"], s["path"], text_id)
            for s, text_id in zip(sections, ids, strict=True)
        ],
    )


OLD_TRIGGERS = (
    "sections_insert",
    "sections_delete",
    "sections_update",
    "section_rows_ai",
    "section_rows_ad",
    "section_rows_au",
)


def share_section_texts(db: Any) -> None:
    """Migration 0009, sections half: move 0006's rows and texts into the new layout, keeping
    section ids, and index the distinct texts. Runs after `versions` became `version_rows`."""
    for trigger in OLD_TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")
    db.execute("DROP VIEW sections")
    db.execute("DROP TABLE sections_fts")
    db.execute("ALTER TABLE section_rows RENAME TO section_rows_0006")
    db.execute("ALTER TABLE section_texts RENAME TO section_texts_0006")
    for statement in TABLES:
        db.execute(statement)
    # Hash in the key too: rows written by hand may carry any hash for the same text.
    db.execute(
        "INSERT INTO section_texts (heading, text, hash) "
        "SELECT coalesce(r.heading, ''), t.text, coalesce(r.hash, '') FROM section_rows_0006 r "
        "JOIN section_texts_0006 t ON t.id = r.text_id "
        "GROUP BY 1, 2, 3 ORDER BY min(r.id)"
    )
    db.execute(
        "INSERT INTO section_rows (id, version_id, idx, level, path, text_id) "
        "SELECT r.id, r.version_id, r.idx, r.level, r.path, n.id FROM section_rows_0006 r "
        "JOIN section_texts_0006 t ON t.id = r.text_id "
        "JOIN section_texts n ON n.hash = coalesce(r.hash, '') "
        "AND n.heading = coalesce(r.heading, '') AND n.text = t.text"
    )
    db.execute("DROP TABLE section_rows_0006")
    db.execute("DROP TABLE section_texts_0006")
    for statement in (*ROW_INDEXES, *VIEW, *FULLTEXT):
        db.execute(statement)
    db.execute("INSERT INTO [sections_fts] ([sections_fts]) VALUES ('rebuild')")
