"""SQL views for people: the history as sqlite3, sqlite-utils and Datasette users see it.

Dates stay the ISO text the tables hold (`2024-03-01T12:00:00Z`), so they sort and compare as
strings and `date(...)`/`strftime(...)` work on them. `change_details` reads the section diffs
straight out of `changes.diff_json` with SQLite's JSON functions, so it can never disagree
with the stored change (there is no second copy to keep in sync).
"""

from __future__ import annotations

from crawler.storage.answerviews import VIEWS as ANSWER_VIEWS

# Diff ops as diff-match-patch numbers them: -1 delete, 0 equal, 1 insert (diffing/worddiff.py).
# `word_diff` marks them the way `git diff --word-diff=plain` does: [-old-]{+new+}.
SECTION_DIFF = """
    (SELECT group_concat({expression}, '') FROM (
        SELECT json_extract(op.value, '$[0]') AS kind, json_extract(op.value, '$[1]') AS words
        FROM json_each(section.value, '$.diff') AS op ORDER BY op.key))
"""
# A section that only moved has no diff ops: its text is the same before and after. Section
# indexes name stored sections only when the diff was made section by section (not paragraphs).
UNCHANGED_TEXT = """
    (SELECT text FROM sections WHERE version_id = c.to_version_id
        AND idx = json_extract(section.value, '$.new_index')
        AND json_extract(c.diff_json, '$.unit') = 'section')
"""
BEFORE = "CASE WHEN kind <= 0 THEN words ELSE '' END"
AFTER = "CASE WHEN kind >= 0 THEN words ELSE '' END"
MARKED = (
    "CASE kind WHEN 0 THEN words WHEN -1 THEN '[-' || words || '-]' ELSE '{+' || words || '+}' END"
)

VIEWS: dict[str, str] = {
    "policy_timeline": """
SELECT
    p.name AS policy,
    p.organisation,
    p.document_type,
    -- Counted, not row_number(): a window function would stop SQLite pushing a
    -- `WHERE policy = ...` into the view, and every query would number every version.
    (SELECT count(*) FROM versions w WHERE w.policy_id = v.policy_id AND (w.first_seen <
        v.first_seen OR (w.first_seen = v.first_seen AND w.id <= v.id))) AS version_number,
    v.id AS version_id,
    (SELECT last_seen FROM versions WHERE id = c.from_version_id) AS window_from,
    v.first_seen,
    v.last_seen,
    v.source,
    s.capture_url,
    v.effective_date,
    coalesce(c.kind, 'first') AS change_kind,
    c.flags AS change_flags,
    coalesce(c.sections_added + c.sections_removed + c.sections_modified, 0) AS sections_changed,
    c.sections_added,
    c.sections_removed,
    c.sections_modified,
    v.word_count,
    v.text_hash,
    v.policy_id
FROM versions v
JOIN policies p ON p.id = v.policy_id
LEFT JOIN snapshots s ON s.id = v.snapshot_id
LEFT JOIN changes c ON c.to_version_id = v.id
""",
    "latest_versions": """
SELECT
    p.name AS policy,
    p.organisation,
    p.url,
    (SELECT count(*) FROM versions n WHERE n.policy_id = p.id) AS versions,
    v.id AS version_id,
    v.first_seen,
    v.last_seen,
    v.effective_date,
    coalesce(c.kind, 'first') AS last_change_kind,
    v.word_count,
    v.text_hash,
    v.title,
    v.markdown,
    p.id AS policy_id
FROM policies p
JOIN versions v ON v.id = (
    SELECT id FROM versions WHERE policy_id = p.id ORDER BY first_seen DESC, id DESC LIMIT 1)
LEFT JOIN changes c ON c.to_version_id = v.id
""",
    "change_details": f"""
SELECT
    c.id AS change_id,
    p.name AS policy,
    p.organisation,
    c.changed_at,
    (SELECT last_seen FROM versions WHERE id = c.from_version_id) AS window_from,
    c.kind AS change_kind,
    json_extract(section.value, '$.status') AS section_status,
    coalesce(json_extract(section.value, '$.new_heading'),
             json_extract(section.value, '$.old_heading')) AS heading,
    json_extract(section.value, '$.old_heading') AS old_heading,
    json_extract(section.value, '$.moved') AS moved,
    json_extract(section.value, '$.renamed') AS renamed,
    json_extract(section.value, '$.similarity') AS similarity,
    coalesce(json_extract(section.value, '$.topics'), '[]') AS topics,
    coalesce({SECTION_DIFF.format(expression=BEFORE)}, {UNCHANGED_TEXT}) AS before_text,
    coalesce({SECTION_DIFF.format(expression=AFTER)}, {UNCHANGED_TEXT}) AS after_text,
    {SECTION_DIFF.format(expression=MARKED)} AS word_diff,
    c.from_version_id,
    c.to_version_id,
    c.policy_id
FROM changes c
JOIN policies p ON p.id = c.policy_id
JOIN json_each(c.diff_json, '$.sections') AS section
WHERE json_extract(section.value, '$.status') != 'unchanged'
   OR json_extract(section.value, '$.moved')
   OR json_extract(section.value, '$.renamed')
""",
    "silent_edits": """
SELECT
    p.name AS policy,
    p.organisation,
    c.changed_at,
    (SELECT last_seen FROM versions WHERE id = c.from_version_id) AS window_from,
    c.effective_date_new AS effective_date,
    c.sections_added,
    c.sections_removed,
    c.sections_modified,
    c.historical,
    c.should_alert,
    c.id AS change_id,
    c.from_version_id,
    c.to_version_id,
    c.policy_id
FROM changes c
JOIN policies p ON p.id = c.policy_id
WHERE c.kind = 'silent-edit'
""",
    "fetch_errors": """
SELECT
    p.name AS policy,
    p.organisation,
    f.requested_at,
    f.source,
    f.outcome,
    f.http_status,
    f.detail,
    f.url,
    f.final_url,
    f.id AS fetch_id,
    f.policy_id
FROM fetch_log f
JOIN policies p ON p.id = f.policy_id
WHERE f.ok = 0
""",
}


def drop_views(db) -> None:
    for name in [*ANSWER_VIEWS, *VIEWS]:
        db.execute(f"DROP VIEW IF EXISTS {name}")


def create_views(db) -> None:
    """(Re)create every view, so a migration can ship a changed definition."""
    drop_views(db)
    for name, sql in VIEWS.items():
        db.execute(f"CREATE VIEW {name} AS {sql.strip()}")


# One row per policy and distinct section text (what Datasette's search box lists through
# `fts_pk: text_id`): named and numbered versions and dates instead of the text's hash. Driven
# by section_texts with correlated look-ups rather than a GROUP BY, so the search's
# `text_id IN (SELECT rowid FROM sections_fts ...)` picks texts by primary key: SQLite pushes
# no subquery down into a grouped one, which would aggregate every section row first.
# Not in VIEWS: it reads migration 0009's tables, which earlier migrations' create_views predate.
# The policy's versions holding the text, found version by version: a boilerplate text sits
# in thousands of section rows across policies, a policy has a few dozen versions. The unary +
# keeps SQLite from looking rows up by text_id, which it otherwise prefers without statistics.
HOLDING = (
    "FROM version_rows v WHERE v.policy_id = p.id AND EXISTS (SELECT 1 FROM section_rows r "
    "WHERE r.version_id = v.id AND +r.text_id = t.id)"
)
FIRST_START = f"(SELECT min(v.first_seen) {HOLDING})"
LAST_START = f"(SELECT max(v.first_seen) {HOLDING})"
SECTION_SEARCH = f"""
SELECT
    t.id AS text_id,
    p.name AS policy,
    p.organisation,
    t.heading,
    t.text,
    (SELECT count(*) + 1 FROM version_rows w
        WHERE w.policy_id = p.id AND w.first_seen < {FIRST_START}) AS first_version,
    {FIRST_START} AS first_seen,
    (SELECT count(*) FROM version_rows w
        WHERE w.policy_id = p.id AND w.first_seen <= {LAST_START}) AS last_version,
    (SELECT max(v.last_seen) {HOLDING}) AS last_seen,
    (SELECT count(*) {HOLDING}) AS versions,
    p.id AS policy_id
FROM section_texts t
JOIN policies p ON p.id IN (
    SELECT v.policy_id FROM section_rows r JOIN version_rows v ON v.id = r.version_id
    WHERE r.text_id = t.id)
"""


def create_section_search(db) -> None:
    db.execute("DROP VIEW IF EXISTS section_search")
    db.execute(f"CREATE VIEW section_search AS {SECTION_SEARCH.strip()}")


def create_answer_views(db) -> None:
    """The views over clause lineage and change windows (migration 0012 on): created only
    once their tables exist, as an earlier migration's ALTER TABLE checks every view."""
    for name, sql in ANSWER_VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS {name}")
        db.execute(f"CREATE VIEW {name} AS {sql.strip()}")
