"""Migration 0006's layout: section texts stored once, `section_rows` pointing into them.

Superseded by migration 0009 (crawler/storage/sections.py), which also moves headings and
hashes into the shared texts and indexes each distinct text once; kept as 0006 shipped.

Consecutive versions of a policy share all but the sections that changed, so each distinct
text is stored once and `sections` becomes a view with the columns the table had (id,
version_id, idx, heading, level, path, text, hash). Writes through the view still work
(INSTEAD OF triggers), and `sections_fts` indexes the view, one entry per section row as
before, so `sections_fts.rowid = sections.id` and snippet() keep working.
"""

from __future__ import annotations

import hashlib
from typing import Any

# Texts are found by (length, prefix) and then compared whole: a small index instead of a
# unique index on the text, which would store every text a second time. The unary + keeps
# SQLite from propagating `text = ?` into the indexed expressions, which made it scan.
LOOKUP = (
    "SELECT id FROM section_texts WHERE length(text) = length({v}) "
    "AND substr(text, 1, 48) = substr({v}, 1, 48) AND +text = {v}"
)
TEXT_OF = "(SELECT text FROM section_texts WHERE id = {row}.text_id)"

TABLES = (
    "CREATE TABLE section_texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    "CREATE INDEX section_texts_lookup ON section_texts (length(text), substr(text, 1, 48))",
    "CREATE TABLE section_rows (id INTEGER PRIMARY KEY, "
    "version_id INTEGER REFERENCES versions(id), idx INTEGER, heading TEXT, level INTEGER, "
    "path TEXT, hash TEXT, text_id INTEGER NOT NULL REFERENCES section_texts(id))",
    "CREATE INDEX idx_section_rows_version_id_idx ON section_rows (version_id, idx)",
)

# A trigger's first step: keep new.text in section_texts unless it is there already.
STORE_NEW_TEXT = (
    "INSERT INTO section_texts (text) SELECT new.text WHERE NOT EXISTS ("
    + LOOKUP.format(v="new.text")
    + ");"
)
VIEW = (
    "CREATE VIEW sections AS SELECT r.id, r.version_id, r.idx, r.heading, r.level, r.path, "
    "t.text, r.hash FROM section_rows r JOIN section_texts t ON t.id = r.text_id",
    # Writes through the view, as when `sections` was a table.
    "CREATE TRIGGER sections_insert INSTEAD OF INSERT ON sections BEGIN "
    + STORE_NEW_TEXT
    + " INSERT INTO section_rows (id, version_id, idx, heading, level, path, hash, text_id) "
    "VALUES (new.id, new.version_id, new.idx, new.heading, new.level, new.path, new.hash, ("
    + LOOKUP.format(v="new.text")
    + ")); END",
    "CREATE TRIGGER sections_delete INSTEAD OF DELETE ON sections BEGIN "
    "DELETE FROM section_rows WHERE id = old.id; END",
    "CREATE TRIGGER sections_update INSTEAD OF UPDATE ON sections BEGIN "
    + STORE_NEW_TEXT
    + " UPDATE section_rows SET id = new.id, version_id = new.version_id, idx = new.idx, "
    "heading = new.heading, level = new.level, path = new.path, hash = new.hash, text_id = ("
    + LOOKUP.format(v="new.text")
    + ") WHERE id = old.id; END",
)

# The same index as migration 0002's (porter, heading and text, rowid = section id), now
# over the view; kept in step by triggers on section_rows.
FULLTEXT = (
    "CREATE VIRTUAL TABLE [sections_fts] USING FTS5 ([heading], [text], "
    "tokenize='porter', content=[sections], content_rowid=[id])",
    "CREATE TRIGGER [section_rows_ai] AFTER INSERT ON [section_rows] BEGIN "
    "INSERT INTO [sections_fts] (rowid, [heading], [text]) "
    f"VALUES (new.id, new.heading, {TEXT_OF.format(row='new')}); END",
    "CREATE TRIGGER [section_rows_ad] AFTER DELETE ON [section_rows] BEGIN "
    "INSERT INTO [sections_fts] ([sections_fts], rowid, [heading], [text]) "
    f"VALUES ('delete', old.id, old.heading, {TEXT_OF.format(row='old')}); END",
    "CREATE TRIGGER [section_rows_au] AFTER UPDATE ON [section_rows] BEGIN "
    "INSERT INTO [sections_fts] ([sections_fts], rowid, [heading], [text]) "
    f"VALUES ('delete', old.id, old.heading, {TEXT_OF.format(row='old')}); "
    "INSERT INTO [sections_fts] (rowid, [heading], [text]) "
    f"VALUES (new.id, new.heading, {TEXT_OF.format(row='new')}); END",
)


def split_sections_table(db: Any) -> None:
    """Migration 0006: move the `sections` table's texts into section_texts, keeping ids."""
    for statement in TABLES:
        db.execute(statement)
    ids: dict[bytes, int] = {}  # sha256 -> text id: memory per distinct text, not per text
    # Streamed, not fetched at once: a large history's texts would not fit in memory.
    rows = db.execute(
        "SELECT id, version_id, idx, heading, level, path, hash, text FROM sections ORDER BY id"
    )
    for *columns, text in rows:
        key = hashlib.sha256(text.encode()).digest()
        if key not in ids:
            ids[key] = db.execute("INSERT INTO section_texts (text) VALUES (?)", [text]).lastrowid
        db.execute(
            "INSERT INTO section_rows (id, version_id, idx, heading, level, path, hash, text_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [*columns, ids[key]],
        )
    for trigger in ("sections_ai", "sections_ad", "sections_au"):
        db.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")
    db.execute("DROP TABLE IF EXISTS [sections_fts]")
    db.execute("DROP TABLE sections")
    for statement in (*VIEW, *FULLTEXT):
        db.execute(statement)
    db.execute("INSERT INTO [sections_fts] ([sections_fts]) VALUES ('rebuild')")
