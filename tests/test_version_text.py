"""A version's markdown is rebuilt from its sections and reads back exactly (migration 0009)."""

from __future__ import annotations

import json

from crawler.extraction import ExtractOptions, extract
from crawler.storage import open_database
from crawler.timeline.history import section_records, version_record
from diffing.normalise import text_hash
from diffing.parse import parse_document


def corpus_documents(corpus):
    """The extracted policy of every stored OTA snapshot (pages that hold none are left out)."""
    for doc in sorted((corpus / "ota" / "docs").iterdir()):
        listing = doc / "snapshots.json"
        if not listing.exists():
            continue
        for snapshot in json.loads(listing.read_text()):
            if snapshot["missing"]:
                continue
            body = (doc / snapshot["file"]).read_bytes()
            extraction = extract(body, ExtractOptions(url=snapshot.get("source_url")))
            if extraction.outcome is None:
                yield extraction.document


def test_every_corpus_text_reads_back_exactly_and_most_are_not_stored(corpus, tmp_path):
    store = open_database(tmp_path / "texts.db")
    policy = store.sync_policy({"name": "corpus", "url": "https://corpus.invalid/"})
    texts = {}
    for n, document in enumerate(corpus_documents(corpus)):
        record = version_record(
            document, text_hash(document.markdown), policy_id=policy, first_seen=f"{n:06d}"
        )
        texts[store.insert_version(record, section_records(document))] = document.markdown
    assert len(texts) > 200
    read = {row["id"]: row["markdown"] for row in store.query("SELECT id, markdown FROM versions")}
    assert read == texts
    (stored,) = store.db.execute(
        "SELECT count(*) FROM version_rows WHERE markdown IS NOT NULL"
    ).fetchone()
    # 6 of 243 today: texts whose blocks end in spaces, which sections strip.
    assert stored < len(texts) * 0.05


def test_a_text_sections_cannot_rebuild_is_stored_whole(tmp_path):
    store = open_database(tmp_path / "texts.db")
    policy = store.sync_policy({"name": "setext", "url": "https://setext.invalid/"})
    document = parse_document("Privacy\n=======\n\nWe keep your data.  \n")
    record = version_record(document, text_hash(document.markdown), policy_id=policy)
    version = store.insert_version(record, section_records(document))
    assert store.version(version)["markdown"] == document.markdown
    assert store.query("SELECT markdown FROM version_rows") == [{"markdown": document.markdown}]
