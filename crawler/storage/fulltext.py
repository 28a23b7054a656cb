"""Full-text search over section text: an FTS5 index kept in sync by triggers.

The table, its `content=` link and the trigger names are exactly what sqlite-utils'
`enable_fts(["heading", "text"], fts_version="FTS5", tokenize="porter", create_triggers=True)`
creates, so `sqlite-utils search`, `Table.search()` and Datasette's search box find it. It is
written out here because `enable_fts` runs `executescript`, which commits the migration's
transaction half-way.
"""

from __future__ import annotations

# Porter stemming: "sharing", "shares" and "shared" all match a search for "share".
FTS_STATEMENTS = (
    "CREATE VIRTUAL TABLE [sections_fts] USING FTS5 ([heading], [text], "
    "tokenize='porter', content=[sections])",
    "INSERT INTO [sections_fts] (rowid, [heading], [text]) SELECT rowid, [heading], [text] "
    "FROM [sections]",
    "CREATE TRIGGER [sections_ai] AFTER INSERT ON [sections] BEGIN "
    "INSERT INTO [sections_fts] (rowid, [heading], [text]) "
    "VALUES (new.rowid, new.[heading], new.[text]); END",
    "CREATE TRIGGER [sections_ad] AFTER DELETE ON [sections] BEGIN "
    "INSERT INTO [sections_fts] ([sections_fts], rowid, [heading], [text]) "
    "VALUES ('delete', old.rowid, old.[heading], old.[text]); END",
    "CREATE TRIGGER [sections_au] AFTER UPDATE ON [sections] BEGIN "
    "INSERT INTO [sections_fts] ([sections_fts], rowid, [heading], [text]) "
    "VALUES ('delete', old.rowid, old.[heading], old.[text]); "
    "INSERT INTO [sections_fts] (rowid, [heading], [text]) "
    "VALUES (new.rowid, new.[heading], new.[text]); END",
)


def create_section_index(db) -> None:
    """Create and fill `sections_fts` and the triggers that keep it in step with `sections`."""
    for statement in FTS_STATEMENTS:
        db.execute(statement)
