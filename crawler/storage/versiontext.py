"""A version's markdown rebuilt from its sections, so its text is stored once (migration 0009).

A version's sections partition its markdown: joined back (each heading as an ATX line, blank
lines between blocks, a final newline) they give the markdown again for nearly every extracted
page. `version_rows.markdown` then stays NULL and the `versions` view rebuilds it in SQL, so
sqlite3, sqlite-utils and Datasette still read `versions.markdown`. A text that does not come
back exactly (trailing spaces in a block, setext headings, a PDF's layout) is stored whole.
The Python and SQL rebuilds below must agree: tests/test_version_text.py checks them on every
corpus page.
"""

from __future__ import annotations

from typing import Any

COLUMNS = (
    "id",
    "policy_id",
    "text_hash",
    "title",
    "markdown",
    "word_count",
    "effective_date",
    "effective_date_text",
    "first_seen",
    "last_seen",
    "source",
    "snapshot_id",
    "extractor_version",
    "technical",
)

# group_concat follows the subquery's ORDER BY (SQLite 3.40 has no ORDER BY inside aggregates).
REBUILT_MARKDOWN = """(SELECT group_concat(part, char(10) || char(10)) || char(10) FROM (
    SELECT CASE WHEN r.level > 0
        THEN substr('######', 1, r.level) || ' ' || t.heading
            || CASE WHEN t.text <> '' THEN char(10) || char(10) || t.text ELSE '' END
        ELSE t.text END AS part
    FROM section_rows r JOIN section_texts t ON t.id = r.text_id
    WHERE r.version_id = {version}.id ORDER BY r.idx))"""

_OTHER_COLUMNS = [c for c in COLUMNS if c != "markdown"]
VIEW = (
    "CREATE VIEW versions AS SELECT "
    + ", ".join(
        f"coalesce(v.markdown, {REBUILT_MARKDOWN.format(version='v')}) AS markdown"
        if column == "markdown"
        else f"v.{column}"
        for column in COLUMNS
    )
    + " FROM version_rows v",
    # Writes through the view, as when `versions` was a table: a written text is kept whole.
    "CREATE TRIGGER versions_insert INSTEAD OF INSERT ON versions BEGIN "
    f"INSERT INTO version_rows ({', '.join(COLUMNS)}) "
    f"VALUES ({', '.join('new.' + c for c in COLUMNS)}); END",
    "CREATE TRIGGER versions_delete INSTEAD OF DELETE ON versions BEGIN "
    "DELETE FROM version_rows WHERE id = old.id; END",
    "CREATE TRIGGER versions_update INSTEAD OF UPDATE ON versions BEGIN "
    "UPDATE version_rows SET "
    + ", ".join(f"{c} = new.{c}" for c in _OTHER_COLUMNS)
    + ", markdown = CASE WHEN new.markdown IS old.markdown THEN markdown ELSE new.markdown END "
    "WHERE id = old.id; END",
)


def rebuilt_markdown(sections: list[dict[str, Any]]) -> str:
    """The markdown the `versions` view rebuilds from these section records (in idx order)."""
    parts = []
    for section in sections:
        if section["level"] > 0:
            part = "#" * section["level"] + " " + section["heading"]
            if section["text"]:
                part += "\n\n" + section["text"]
        else:
            part = section["text"]
        parts.append(part)
    return "\n\n".join(parts) + "\n"


def rebuilds(markdown: str, sections: list[dict[str, Any]]) -> bool:
    """Whether these section records give `markdown` back exactly."""
    return bool(sections) and rebuilt_markdown(sections) == markdown


def stored_markdown(
    markdown: str, sections: list[dict[str, Any]], rebuilt: bool | None = None
) -> str | None:
    """What version_rows keeps of `markdown`: None when its sections give it back exactly
    (`rebuilt`, when the caller already knows whether they do)."""
    if rebuilt is None:
        rebuilt = rebuilds(markdown, sections)
    return None if rebuilt else markdown


def forget_rebuilt_texts(db: Any) -> None:
    """Clear the markdown of versions whose sections rebuild it exactly (sections migrated)."""
    db.execute(
        "UPDATE version_rows SET markdown = NULL "
        f"WHERE markdown = {REBUILT_MARKDOWN.format(version='version_rows')}"
    )
