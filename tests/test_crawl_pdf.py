"""A policy published as a PDF: a real crawl of a loopback site stores its text and its changes."""

from __future__ import annotations

import json

from crawler.config import watchlist
from crawler.sandbox.siteserver import Page
from tests.support.crawlrun import crawl, outcomes, rows
from tests.support.pdfbuild import PAGES, build_pdf, encrypted

CHANGED_PAGES = [
    PAGES[0],
    [
        *PAGES[1][:4],
        "to you and handle returns for ten years, as tax law requires.",
        "3. Cookies",
        "Our shop sets one cookie to remember your basket, and none to track you.",
        *PAGES[1][5:],
    ],
]


def test_a_pdf_policy_is_stored_with_its_sections_and_its_changes(site, run_cli, tmp_path):
    site.pages["/privacy.pdf"] = Page(build_pdf(PAGES), content_type="application/pdf")
    # Servers mislabel PDFs: the magic bytes decide.
    site.pages["/mislabelled"] = Page(build_pdf(PAGES), content_type="text/html")
    policies = [
        watchlist.Policy(name="quillby", url=site.url("/privacy.pdf")),
        watchlist.Policy(name="mislabelled", url=site.url("/mislabelled")),
    ]
    db = tmp_path / "pw.db"

    first = crawl(run_cli, tmp_path, policies)

    assert first.returncode == 0, first.stdout + first.stderr
    assert dict(outcomes(tmp_path)) == {"quillby": "new-version", "mislabelled": "new-version"}
    (version,) = rows(
        db,
        "SELECT v.* FROM versions v JOIN policies p ON p.id = v.policy_id WHERE p.name = ?",
        ["quillby"],
    )
    assert version["effective_date"] == "2023-05-12"
    sections = rows(
        db, "SELECT level, heading FROM sections WHERE version_id = ? ORDER BY idx", [version["id"]]
    )
    assert [(s["level"], s["heading"]) for s in sections] == [
        (0, ""),
        (1, "1. Who we are"),
        (1, "2. What we collect"),
        (2, "2.1 Orders"),
        (1, "YOUR RIGHTS"),
    ]
    assert "handle returns for six years" in version["markdown"]
    (snapshot,) = rows(
        db,
        "SELECT s.content_type FROM snapshots s JOIN policies p ON p.id = s.policy_id "
        "WHERE p.name = ?",
        ["quillby"],
    )
    assert snapshot["content_type"] == "application/pdf"

    site.pages["/privacy.pdf"] = Page(build_pdf(CHANGED_PAGES), content_type="application/pdf")
    second = crawl(run_cli, tmp_path, policies)

    assert second.returncode == 0, second.stdout + second.stderr
    # The two fetches run at once: the log's order is whichever answered first.
    assert sorted(outcomes(tmp_path)[2:]) == [
        ("mislabelled", "not-modified"),
        ("quillby", "new-version"),
    ]
    (change,) = rows(db, "SELECT * FROM changes")
    assert change["sections_added"] == 1 and change["sections_modified"] == 1
    diff = json.loads(change["diff_json"])
    # Sections that kept text, place and heading are stored as [old, new] index pairs.
    assert [(s["status"], s["new_heading"]) for s in diff["sections"]] == [
        ("modified", "2.1 Orders"),
        ("added", "3. Cookies"),
    ]
    assert [new for _, new in diff["unchanged"]] == [0, 1, 2, 5]

    reextracted = run_cli("reextract", "--db", str(db), "quillby")
    assert "quillby" in reextracted.stdout and "unchanged" in reextracted.stdout


def test_an_unreadable_pdf_is_a_typed_failure_and_stores_nothing(site, run_cli, tmp_path):
    site.pages["/locked.pdf"] = Page(encrypted(build_pdf(PAGES)), content_type="application/pdf")
    site.pages["/broken.pdf"] = Page(b"%PDF-1.4\nnot really a pdf", content_type="application/pdf")
    site.pages["/scanned.pdf"] = Page(build_pdf([[]]), content_type="application/pdf")
    policies = [
        watchlist.Policy(name=name, url=site.url(f"/{name}.pdf"))
        for name in ("locked", "broken", "scanned")
    ]

    result = crawl(run_cli, tmp_path, policies)

    assert result.returncode == 1, result.stdout + result.stderr
    assert dict(outcomes(tmp_path)) == {
        "locked": "unreadable-pdf",
        "broken": "unreadable-pdf",
        "scanned": "unreadable-pdf",
    }
    details = {
        r["name"]: r["detail"]
        for r in rows(
            tmp_path / "pw.db",
            "SELECT p.name, f.detail FROM fetch_log f JOIN policies p ON p.id = f.policy_id",
        )
    }
    assert details["locked"] == "unreadable PDF: File has not been decrypted"
    assert details["scanned"] == "no text layer (a scanned PDF needs OCR)"
    assert rows(tmp_path / "pw.db", "SELECT count(*) AS n FROM versions") == [{"n": 0}]
    assert rows(tmp_path / "pw.db", "SELECT count(*) AS n FROM raw_captures") == [{"n": 0}]
