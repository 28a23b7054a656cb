"""A research dataset from the history: one Markdown file per version plus metadata.

Layout: `ORGANISATION/POLICY/DATE.md` (DATE = the day the version was first seen; a second
version first seen the same day gets `DATE-2.md`) and `versions.csv` (or `versions.json`)
listing every version with its dates, change kind, provenance and hashes.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from crawler.query.outdir import replaced_directory

METADATA_COLUMNS = (
    "organisation",
    "policy",
    "version_number",
    "file",
    "first_seen",
    "last_seen",
    "effective_date",
    "effective_date_text",
    "change_kind",
    "change_flags",
    "sections_changed",
    "source",
    "policy_url",
    "fetched_url",
    "capture_url",
    "cdx_digest",
    "raw_hash",
    "text_hash",
    "word_count",
    "extractor_version",
)
METADATA_FILES = ("versions.csv", "versions.json")
UNSAFE = re.compile(r"[^\w.-]+")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); OWASP's
# advice is a leading apostrophe, which spreadsheets show as text and hide.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """`value`, with an apostrophe first if a spreadsheet would read it as a formula."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def slug(name: str | None) -> str:
    """A file-system-safe directory name ('unknown' for a missing organisation)."""
    return UNSAFE.sub("-", (name or "unknown").strip()).strip("-.") or "unknown"


def assign_files(rows: list[dict[str, Any]]) -> None:
    """Give each row its relative Markdown path, unique even for same-day versions."""
    taken: set[str] = set()
    for row in rows:
        stem = f"{slug(row['organisation'])}/{slug(row['policy'])}/{row['first_seen'][:10]}"
        path, copy = f"{stem}.md", 1
        while path in taken:
            copy += 1
            path = f"{stem}-{copy}.md"
        taken.add(path)
        row["file"] = path


def is_export(directory: Path) -> bool:
    """Whether `directory` holds an earlier export (its metadata file)."""
    return any((directory / name).is_file() for name in METADATA_FILES)


def write_dataset(rows: list[dict[str, Any]], out: Path, fmt: str, progress=None) -> Path:
    """Write the dataset as the whole of `out` (an earlier export there is replaced); return
    the metadata file.

    `markdown`: the Markdown files plus versions.csv; `csv`: versions.csv only, with the text
    in a `markdown` column; `json`: versions.json only, text included. `change_flags` is a
    list, as in `history --format json` (a JSON array in the CSV). CSV cells a spreadsheet
    would run as a formula start with an apostrophe; Markdown and JSON stay exact.
    `progress` (a crawler.wayback.progress.Progress), if given, hears of each policy's versions.
    """
    with replaced_directory(out, is_export) as fresh:
        name = _write(rows, fresh, fmt, progress)
    return out / name


def export_summary(rows: list[dict[str, Any]], out: Path, fmt: str, metadata: Path) -> dict:
    """What `write_dataset` wrote: counts, the metadata file and every file, relative to `out`."""
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    return {
        "format": fmt,
        "versions": len(rows),
        "policies": len({row["policy"] for row in rows}),
        "out": str(out.absolute()),
        "metadata": str(metadata.absolute()),
        "files": files,
    }


def _write(rows: list[dict[str, Any]], out: Path, fmt: str, progress=None) -> str:
    assign_files(rows)
    if progress is not None:
        for policy, count in Counter(row["policy"] for row in rows).items():
            progress.plan(policy, count)
    columns = list(METADATA_COLUMNS)
    if fmt == "markdown":
        for row in rows:
            target = out / row["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(row["markdown"], encoding="utf-8")
            if progress is not None:
                progress.advance(row["policy"], "written")
    else:
        columns.remove("file")
        columns.append("markdown")
    records = [{column: row[column] for column in columns} for row in rows]
    if fmt == "json":
        target = out / "versions.json"
        target.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
        advance_all(progress, rows)  # one file: every version is written when it is
        return target.name
    target = out / "versions.csv"
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(
            {k: spreadsheet_safe(v) for k, v in r.items()}
            | {"change_flags": json.dumps(r["change_flags"])}
            for r in records
        )
    if fmt != "markdown":
        advance_all(progress, rows)
    return target.name


def advance_all(progress, rows: list[dict[str, Any]]) -> None:
    if progress is not None:
        for row in rows:
            progress.advance(row["policy"], "written")
