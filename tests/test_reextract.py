"""`policywatch reextract`: a better extractor's reading becomes a technical version."""

from __future__ import annotations

from pathlib import Path

import yaml

from crawler.extraction import ExtractOptions, extract
from crawler.extraction.html import EXTRACTOR_VERSION
from crawler.jobs.demo import demo_page
from crawler.storage import open_database
from crawler.timeline.history import Timeline
from diffing.parse import parse_document


def test_a_different_reading_of_the_stored_capture_is_a_technical_version(tmp_path, run_cli):
    page = demo_page("policy-2025.html")
    current = extract(
        page.decode(), ExtractOptions(url="https://larkspur.example/privacy")
    ).document
    # What an older extractor made of the same bytes: it kept the cookie banner.
    older = parse_document("We use cookies to improve your experience.\n\n" + current.markdown)
    store = open_database(tmp_path / "pw.db")
    policy_id = store.sync_policy({"name": "larkspur", "url": "https://larkspur.example/privacy"})
    snapshot = {
        "source": "live",
        "captured_at": "2026-01-05T03:00:00Z",
        "url": "https://larkspur.example/privacy",
        "content_type": "text/html",
    }
    Timeline(store).record(policy_id, snapshot, page, older, "0.9")
    store.close()

    first = run_cli("reextract", "--db", "pw.db")
    assert "larkspur" in first.stdout and "technical-version" in first.stdout
    store = open_database(tmp_path / "pw.db")
    old, new = store.versions(policy_id)
    assert (old["extractor_version"], old["technical"], new["technical"]) == ("0.9", 0, 1)
    assert "cookies" not in new["markdown"] and new["markdown"] == current.markdown
    (change,) = store.changes(policy_id)
    assert change["kind"] == "technical" and change["should_alert"] == 0
    store.close()

    again = run_cli("reextract", "larkspur", "--db", "pw.db")
    assert "unchanged" in again.stdout
    unknown = run_cli("reextract", "nope", "--db", "pw.db", check=False)
    assert unknown.returncode == 1 and "no policy named 'nope'" in unknown.stderr


def test_a_watch_list_edit_read_by_reextract_is_technical_not_an_alert(tmp_path, run_cli):
    # A page first watched whole, then told it is watched for its privacy policy: the
    # narrower reading is our doing, so it must not alert as a policy change.
    page = (Path(__file__).parent / "fixtures" / "extract" / "kestrel_legal.html").read_bytes()
    url = "https://kestrel.example/legal"
    whole = extract(page.decode(), ExtractOptions(url=url)).document
    store = open_database(tmp_path / "pw.db")
    policy_id = store.sync_policy({"name": "kestrel-privacy", "url": url})
    snapshot = {
        "source": "live",
        "captured_at": "2026-01-05T03:00:00Z",
        "url": url,
        "content_type": "text/html",
    }
    Timeline(store).record(policy_id, snapshot, page, whole, EXTRACTOR_VERSION)
    store.close()
    entries = [
        {"name": "kestrel-privacy", "url": url, "document": "privacy-policy"},
        {"name": "someone-else", "url": "https://other.example/privacy"},
    ]
    (tmp_path / "policies.yaml").write_text(yaml.safe_dump({"policies": entries}))

    result = run_cli("reextract", "--db", "pw.db", "--watchlist", "policies.yaml")
    assert "technical-version" in result.stdout
    store = open_database(tmp_path / "pw.db")
    _, new = store.versions(policy_id)
    assert "Data we collect" in new["markdown"] and "Acceptable use" not in new["markdown"]
    (change,) = store.changes(policy_id)
    assert change["kind"] == "technical" and change["should_alert"] == 0
    names = [row["name"] for row in store.query("SELECT name FROM policies")]
    assert names == ["kestrel-privacy"], "only policies the database knows are synced"
    store.close()
