"""Migrations 0005+ convert a database written by the previous schema in place, and the
compact storage reads back exactly what was written."""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
import zlib
from pathlib import Path

import sqlite_utils

from crawler.storage import open_database
from crawler.storage.diffjson import compact_diff_json, is_plain_unchanged
from crawler.storage.rawcodec import KEYFRAME_EVERY
from crawler.storage.schema import MIGRATIONS
from crawler.storage.sections import LOOKUP
from crawler.timeline.changes import build_change
from crawler.timeline.history import section_records
from diffing.compare import compare_documents
from diffing.parse import parse_document
from tests.support.query_history import NORTHWIND_V1, NORTHWIND_V2, NORTHWIND_V3, build_history

NORTHWIND = [NORTHWIND_V1, NORTHWIND_V2, NORTHWIND_V3]

PAGE = (Path(__file__).parent / "fixtures" / "extract" / "brightfield_privacy.html").read_bytes()


def database_at(path: Path, last: str) -> sqlite_utils.Database:
    """A database migrated up to and including migration `last`, as that release left it."""
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    return migrated_to(db, last)


def migrated_to(db: sqlite_utils.Database, last: str) -> sqlite_utils.Database:
    """`db` with the migrations it lacks applied, up to and including `last`."""
    applied = {row[0] for row in db.execute("SELECT name FROM schema_migrations")}
    for name, apply in MIGRATIONS:
        if name not in applied:
            apply(db)
            db["schema_migrations"].insert({"name": name, "applied_at": "2026-01-01T00:00:00Z"})
        if name == last:
            return db
    raise AssertionError(f"no migration {last}")


def captures(count: int) -> list[bytes]:
    """Consecutive captures of one page: a fresh token each time, a paragraph every 3rd."""
    return [
        f'<meta name="csrf-token" content="{n}">'.encode()
        + PAGE.replace(b"</body>", f"<p>Edit {n // 3}</p></body>".encode())
        for n in range(count)
    ]


def test_0005_recompresses_zlib_rows_into_bounded_zstd_chains(tmp_path):
    db = database_at(tmp_path / "old.db", "0004_fetch_log_text_hash")
    db["policies"].insert({"id": 1, "name": "brightfield", "url": "https://b.invalid/"})
    bodies = captures(40)
    for n, body in enumerate(bodies):
        digest = hashlib.sha256(body).hexdigest()
        db.execute(
            "INSERT INTO raw_captures (hash, content_type, size, body_zlib) VALUES (?, ?, ?, ?)",
            [digest, "text/html", len(body), zlib.compress(body, 6)],
        )
        db["snapshots"].insert(
            {"policy_id": 1, "captured_at": f"2024-01-{n + 1:02}", "raw_hash": digest}
        )
    orphan = b"<p>a body no snapshot refers to</p>"
    db.execute(
        "INSERT INTO raw_captures (hash, content_type, size, body_zlib) VALUES (?, ?, ?, ?)",
        [hashlib.sha256(orphan).hexdigest(), "text/html", len(orphan), zlib.compress(orphan)],
    )
    zlib_bytes = db.execute("SELECT sum(length(body_zlib)) FROM raw_captures").fetchone()[0]
    db.conn.close()

    store = open_database(tmp_path / "old.db")
    rows = store.query("SELECT hash, codec, base_hash, chain, length(body) AS n FROM raw_captures")
    assert {r["codec"] for r in rows} == {"zstd", "zstd-delta"}
    assert max(r["chain"] for r in rows) == KEYFRAME_EVERY - 1
    assert [r["base_hash"] is None for r in rows].count(True) == 3 + 1  # 40 in 16s, and orphan
    assert sum(r["n"] for r in rows) < zlib_bytes / 5
    for body in [*bodies, orphan]:
        assert store.raw_body(hashlib.sha256(body).hexdigest()) == body


def test_new_captures_chain_on_the_policys_previous_capture(tmp_path):
    store = open_database(tmp_path / "new.db")
    first = store.sync_policy({"name": "a", "url": "https://a.invalid/"})
    second = store.sync_policy({"name": "b", "url": "https://b.invalid/"})
    bodies = captures(20)
    for n, body in enumerate(bodies):
        for policy_id in (first, second):
            digest = store.save_raw(body + str(policy_id).encode(), "text/html", policy_id)
            store.add_snapshot(
                {"policy_id": policy_id, "captured_at": f"2024-01-{n + 1:02}", "raw_hash": digest}
            )
    rows = store.query(
        "SELECT r.base_hash, r.chain, s.policy_id, "
        "(SELECT policy_id FROM snapshots WHERE raw_hash = r.base_hash) AS base_policy "
        "FROM raw_captures r JOIN snapshots s ON s.raw_hash = r.hash ORDER BY s.id"
    )
    assert all(r["base_policy"] in (None, r["policy_id"]) for r in rows)
    assert [r["chain"] for r in rows if r["policy_id"] == first] == [*range(16), 0, 1, 2, 3]
    for body in bodies:
        for policy_id in (first, second):
            data = body + str(policy_id).encode()
            assert store.raw_body(hashlib.sha256(data).hexdigest()) == data


def sections_before_0006(db: sqlite_utils.Database) -> list[dict]:
    """Versions of a real history's texts written as the 0005 schema stored them."""
    db["policies"].insert({"id": 1, "name": "northwind", "url": "https://n.invalid/"})
    texts = [NORTHWIND_V1, NORTHWIND_V2, NORTHWIND_V3, NORTHWIND_V2]  # the last came back
    for number, markdown in enumerate(texts, 1):
        db["versions"].insert({"id": number, "policy_id": 1, "markdown": markdown})
        records = section_records(parse_document(markdown))
        db["sections"].insert_all({**s, "version_id": number} for s in records)
    return [dict(zip(SECTION_COLUMNS, r, strict=True)) for r in db.execute(SECTIONS_SQL).fetchall()]


SECTION_COLUMNS = ("id", "version_id", "idx", "heading", "level", "path", "text", "hash")
SECTIONS_SQL = f"SELECT {', '.join(SECTION_COLUMNS)} FROM sections ORDER BY id"


def test_0006_stores_each_section_text_once_behind_an_identical_sections_view(tmp_path):
    db = database_at(tmp_path / "old.db", "0005_raw_captures_zstd_chains")
    before = sections_before_0006(db)
    hits_before = db.execute(
        "SELECT rowid FROM sections_fts WHERE sections_fts MATCH 'parcels' ORDER BY rowid"
    ).fetchall()

    migrated_to(db, "0006_section_texts")
    assert db.execute(SECTIONS_SQL).fetchall() == [tuple(row.values()) for row in before]
    (distinct,) = db.execute("SELECT count(DISTINCT text) FROM sections").fetchone()
    assert db.execute("SELECT count(*) FROM section_texts").fetchone()[0] == distinct
    assert distinct < len(before) / 2
    hits = db.execute(
        "SELECT rowid FROM sections_fts WHERE sections_fts MATCH 'parcels' ORDER BY rowid"
    ).fetchall()
    assert hits == hits_before and hits
    (snippet,) = db.execute(
        "SELECT snippet(sections_fts, 1, '[', ']', '…', 8) FROM sections_fts "
        "WHERE sections_fts MATCH 'advertising' LIMIT 1"
    ).fetchone()
    assert "[advertising]" in snippet


def found(store, query: str) -> list[int]:
    """Version ids of the sections the documented full-text query finds."""
    return [
        row[0]
        for row in store.db.execute(
            "SELECT s.version_id FROM sections_fts "
            "JOIN sections s ON s.text_id = sections_fts.rowid "
            "WHERE sections_fts MATCH ? ORDER BY s.version_id",
            [query],
        )
    ]


def test_sections_view_takes_writes_and_the_index_follows(tmp_path):
    store = open_database(tmp_path / "new.db")
    store.sync_policy({"name": "n", "url": "https://n.invalid/"})
    store.db.execute("INSERT INTO versions (id, policy_id, markdown) VALUES (1, 1, ''), (2, 1, '')")
    for version in (1, 2):
        store.db.execute(
            "INSERT INTO sections (version_id, idx, heading, level, path, text, hash) "
            "VALUES (?, 0, 'Couriers', 2, 'Couriers', 'Parcels go by bicycle.', 'x')",
            [version],
        )
    assert store.db.execute("SELECT count(*) FROM section_texts").fetchone()[0] == 1
    assert found(store, "bicycle") == [1, 2]
    store.db.execute("UPDATE sections SET text = 'Parcels go by van.' WHERE version_id = 2")
    assert found(store, "bicycle") == [1] and found(store, "van") == [2]
    store.db.execute("DELETE FROM sections WHERE version_id = 1")
    # The text stays (texts are shared), but no section holds it any more.
    assert found(store, "bicycle") == []
    assert store.query("SELECT version_id, text FROM sections") == [
        {"version_id": 2, "text": "Parcels go by van."}
    ]


def changes_before_0007(db: sqlite_utils.Database) -> None:
    """Versions and the changes between them, as the 0006 schema stored them (full diffs)."""
    db["policies"].insert({"id": 1, "name": "northwind", "url": "https://n.invalid/"})
    texts = [NORTHWIND_V1, NORTHWIND_V1.replace("## Your rights", "## Your choices"), *NORTHWIND]
    documents = [parse_document(markdown) for markdown in texts]
    for number, document in enumerate(documents, 1):
        db["versions"].insert({"id": number, "policy_id": 1, "markdown": document.markdown})
        for section in section_records(document):
            db.execute(
                "INSERT INTO sections (version_id, idx, heading, level, path, text, hash) "
                "VALUES (:version_id, :idx, :heading, :level, :path, :text, :hash)",
                {**section, "version_id": number},
            )
        if number > 1:
            change = build_change(documents[number - 2], document, [], shrink_threshold=0.5)
            # build_change now gives the compact form; 0006 stored every section whole.
            full = compare_documents(documents[number - 2], document).to_dict()
            db["changes"].insert(
                {
                    **change,
                    "diff_json": json.dumps(full, ensure_ascii=False),
                    "policy_id": 1,
                    "from_version_id": number - 1,
                    "to_version_id": number,
                    "changed_at": f"2024-0{number}-01T00:00:00Z",
                }
            )


def test_0007_drops_unshown_ops_and_change_details_reads_the_same(tmp_path):
    db = database_at(tmp_path / "old.db", "0006_section_texts")
    changes_before_0007(db)
    details_sql = "SELECT * FROM change_details ORDER BY change_id, section_status, heading"
    db.conn.row_factory = sqlite3.Row
    before = [dict(row) for row in db.execute(details_sql)]
    full = [dict(row) for row in db.execute("SELECT id, diff_json FROM changes ORDER BY id")]
    db.conn.close()

    store = open_database(tmp_path / "old.db")
    assert store.query(details_sql) == before
    assert "modified" in {row["section_status"] for row in before}
    assert any(row["renamed"] for row in before)  # an unchanged but renamed section: shown
    compact = store.query("SELECT id, diff_json FROM changes ORDER BY id")
    for old_row, new_row in zip(full, compact, strict=True):
        old, stored = json.loads(old_row["diff_json"]), json.loads(new_row["diff_json"])
        assert {**old, "sections": None, "unchanged": None} == {
            **stored,
            "sections": None,
            "unchanged": None,
        }
        plain = [s for s in old["sections"] if is_plain_unchanged(s)]
        # Only plain unchanged sections left $.sections, each for its pair of indexes.
        assert stored["sections"] == [s for s in old["sections"] if s not in plain]
        assert stored["unchanged"] == [[s["old_index"], s["new_index"]] for s in plain]
        for section in plain:
            assert section["old_heading"] == section["new_heading"] and section["diff"] == []
    assert sum(len(json.loads(r["diff_json"])["unchanged"]) for r in compact) >= 3
    assert sum(len(r["diff_json"]) for r in compact) < sum(len(r["diff_json"]) for r in full)


def test_finding_a_section_text_uses_its_index(tmp_path):
    store = open_database(tmp_path / "new.db")
    lookup = LOOKUP.format(hash="?", heading="?", text="?")
    plan = store.query(f"EXPLAIN QUERY PLAN {lookup}", ["h", "a", "a"])
    assert "USING INDEX section_texts_hash" in " ".join(row["detail"] for row in plan)


def test_0009_reads_back_the_same_history_with_texts_stored_and_indexed_once(tmp_path):
    db = database_at(tmp_path / "old.db", "0008_policy_document")
    changes_before_0007(db)
    # Trailing spaces that sections strip: this text cannot be rebuilt and must stay whole.
    db.execute(
        "UPDATE versions SET markdown = replace(markdown, 'parcels.', 'parcels.  ') WHERE id = 2"
    )
    db.conn.row_factory = sqlite3.Row
    reads = {
        "versions": "SELECT * FROM versions ORDER BY id",
        "sections": SECTIONS_SQL,
        "details": "SELECT * FROM change_details ORDER BY change_id, section_status, heading",
        "timeline": "SELECT * FROM policy_timeline ORDER BY version_id",
        "latest": "SELECT * FROM latest_versions",
    }
    before = {name: [dict(row) for row in db.execute(sql)] for name, sql in reads.items()}
    old_search = (
        "SELECT s.version_id FROM sections_fts JOIN sections s ON s.id = sections_fts.rowid "
        "WHERE sections_fts MATCH ? ORDER BY s.version_id"
    )
    words = ("parcels", "advertising", "choices", "rights")
    hits_before = {word: [row[0] for row in db.execute(old_search, [word])] for word in words}
    db.conn.close()

    store = open_database(tmp_path / "old.db")
    for name, sql in reads.items():
        assert store.query(sql) == before[name], name
    assert {word: found(store, word) for word in words} == hits_before
    assert all(hits_before.values())
    # Every other version's markdown now comes back from its sections, not stored twice.
    assert store.query("SELECT id FROM version_rows WHERE markdown IS NOT NULL") == [{"id": 2}]
    (distinct,) = store.db.execute(
        "SELECT count(*) FROM (SELECT DISTINCT heading, text FROM sections)"
    ).fetchone()
    assert store.db.execute("SELECT count(*) FROM section_texts").fetchone()[0] == distinct
    assert distinct < len(before["sections"]) / 2
    (indexed,) = store.db.execute("SELECT count(*) FROM sections_fts_docsize").fetchone()
    assert indexed == distinct


def test_fresh_changes_are_stored_compact_as_the_store_would_compact_them():
    """build_change's diff_json is already what insert_change keeps: compact_diff_json of the
    full JSON, byte for byte (renamed, modified, added and removed sections included)."""
    texts = [NORTHWIND_V1, NORTHWIND_V1.replace("## Your rights", "## Your choices"), *NORTHWIND]
    documents = [parse_document(markdown) for markdown in texts]
    compacted = 0
    for old, new in itertools.pairwise(documents):
        full = json.dumps(compare_documents(old, new).to_dict(), ensure_ascii=False)
        stored = build_change(old, new, [], shrink_threshold=0.5)["diff_json"]
        assert stored == compact_diff_json(full)
        compacted += len(json.loads(stored).get("unchanged", []))
    assert compacted >= 3


def test_0012_gives_an_existing_history_its_clause_ids(tmp_path):
    path = tmp_path / "old.db"
    store = build_history(path)
    written = store.query(
        "SELECT version_id, idx, old_idx, status, moved, renamed, clause_id FROM clause_events "
        "ORDER BY version_id, idx, old_idx"
    )
    store.close()
    # The database as migration 0009 left it: no lineage tables, no views over them.
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    for view in ("clause_history", "change_windows", "change_stats"):
        db.execute(f"DROP VIEW {view}")
    db.execute("DROP TABLE clause_events")
    db.execute("DROP TABLE clauses")
    db.execute(
        "DELETE FROM schema_migrations WHERE name = '0012_clause_lineage_and_change_windows'"
    )
    db.conn.close()

    store = open_database(path)
    migrated = store.query(
        "SELECT version_id, idx, old_idx, status, moved, renamed, clause_id FROM clause_events "
        "ORDER BY version_id, idx, old_idx"
    )
    assert written and migrated == written
    assert store.query("SELECT count(*) AS n FROM clause_history")[0]["n"] == len(written)


def test_0013_marks_every_earlier_fetch_and_capture_as_fetched_plainly(tmp_path):
    db = database_at(tmp_path / "old.db", "0009_sections_and_texts_once")
    policy_id = db["policies"].insert({"name": "p", "url": "https://x.test/p"}).last_pk
    db["fetch_log"].insert(
        {"policy_id": policy_id, "source": "live", "outcome": "unchanged", "ok": 1}
    )
    db["snapshots"].insert({"policy_id": policy_id, "source": "wayback"})
    db.conn.close()

    store = open_database(tmp_path / "old.db")
    assert [r["fetched_with"] for r in store.query("SELECT fetched_with FROM fetch_log")] == [
        "http"
    ]
    assert [r["fetched_with"] for r in store.query("SELECT fetched_with FROM snapshots")] == [
        "http"
    ]
    assert not store.needs_browser(policy_id)
    store.close()
