"""check_page never calls a real policy "not a policy": every raw OTA snapshot, the demo site
and the extraction fixtures.

The truth is OTA's own text: the version in force when a snapshot was taken (written from it
or from an earlier page by people's CSS selectors). A page that holds most of that text's
words is a policy, so flagging it is a false flag. A page that does not hold it (OTA kept two
empty JavaScript shells that its renderer failed on) may be flagged.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html

from bench._corpus import snapshot_histories
from crawler.extraction import ExtractOptions, extract
from crawler.extraction.decoding import decode_body, looks_like_html
from crawler.extraction.page_kind import check_page
from crawler.jobs.demo import demo_page
from tests.support.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
DEMO_EDITIONS = sorted(
    p.name for p in (ROOT / "crawler" / "sandbox" / "demo_site").glob("policy-*.html")
)
WORD = re.compile(r"\w+")
# Share of the policy's distinct words found in a page that holds it: every real page here has
# 75 % or more, the two empty shells under 1 %.
HOLDS_THE_POLICY = 0.5


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def version_in_force_texts(corpus: Path) -> dict[tuple[str, int], str]:
    """(document, snapshot seq) -> the text of OTA's version in force after that snapshot
    (its first version for snapshots taken before OTA recorded one)."""
    texts = {}
    for doc in sorted((corpus / "ota" / "docs").iterdir()):
        listing = doc / "snapshots.json"
        if not listing.exists():
            continue
        versions = json.loads((doc / "versions.json").read_text(encoding="utf-8"))
        files = {v["index"]: v["file"] for v in versions}
        for snapshot in json.loads(listing.read_text(encoding="utf-8")):
            index = snapshot["version_in_force"]
            path = doc / files[versions[0]["index"] if index is None else index]
            texts[doc.name, snapshot["seq"]] = path.read_text(encoding="utf-8")
    return texts


def share_of_policy_in_page(policy: str, html: str) -> float:
    policy_words = words(policy)
    page_words = words(lxml.html.fromstring(html).text_content()) if html.strip() else set()
    return len(policy_words & page_words) / max(len(policy_words), 1)


def test_no_real_policy_in_the_ota_corpus_is_flagged(corpus):
    truth = version_in_force_texts(corpus)
    histories = snapshot_histories(corpus)
    scanned, false_flags, flagged_non_policies = 0, [], []
    for name, snapshots in histories.items():
        for snapshot in snapshots:
            if not looks_like_html(snapshot.body, None):
                continue
            scanned += 1
            html = decode_body(snapshot.body, None)
            verdict = check_page(html, extract(html, ExtractOptions(url=snapshot.url)).document)
            if verdict is None:
                continue
            share = share_of_policy_in_page(truth[name, snapshot.seq], html)
            found = (name, snapshot.seq, verdict.reason, f"{share:.0%} of the policy's words")
            (false_flags if share >= HOLDS_THE_POLICY else flagged_non_policies).append(found)
    stored = sum(len(snapshots) for snapshots in histories.values())
    assert scanned == stored > 200, "every stored snapshot is an HTML page and was checked"
    assert false_flags == [], false_flags
    # The JavaScript shells are caught (they hold none of the policy).
    shell = "empty shell that needs JavaScript (0 words)"
    assert [(name, seq, reason) for name, seq, reason, _ in flagged_non_policies] == [
        ("genai-contrib--berget-ai--terms-of-service", 10, shell),
        ("genai-contrib--berget-ai--terms-of-service", 12, shell),
    ]


def test_no_demo_or_fixture_policy_is_flagged():
    pages = {edition: demo_page(edition) for edition in DEMO_EDITIONS}
    pages.update((path.name, path.read_bytes()) for path in sorted(FIXTURES.rglob("*.html")))
    assert len(pages) >= 5
    flagged = {}
    for name, body in pages.items():
        html = decode_body(body, None)
        if verdict := check_page(html, extract(html).document):
            flagged[name] = verdict
    assert flagged == {}
