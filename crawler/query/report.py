"""`policywatch report`: the history as a static web site that needs no server.

`DIR/index.html` lists the policies (last change, its kind, a sparkline of changes over
time); `DIR/policies/NAME.html` has a policy's timeline plot and every change's diff as
diffing renders it for e-mail. The directory is replaced whole, as `export` replaces its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from itertools import groupby, pairwise
from pathlib import Path
from typing import Any

from crawler.query.export import slug
from crawler.query.outdir import replaced_directory
from crawler.query.report_pages import GENERATOR, change_section, index_page, policy_page
from crawler.query.report_svg import TimeScale, bucket_counts, sparkline, timeline, when
from crawler.storage import Store
from crawler.timeline.history import document_from_version
from diffing.compare import compare_documents
from diffing.render_html import section_html
from diffing.render_parts import headline, shown_sections


@dataclass(frozen=True)
class ReportSummary:
    index: Path
    policies: int
    versions: int
    changes: int


def is_report(directory: Path) -> bool:
    """Whether `directory` holds an earlier report (its index names policywatch as maker)."""
    index = directory / "index.html"
    return index.is_file() and f'content="{GENERATOR}"' in index.read_text(errors="replace")


def page_files(names: list[str]) -> dict[str, str]:
    """Each policy's page, relative to the index: unique even when two names slug alike."""
    files: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        stem, copy = slug(name), 1
        path = f"policies/{stem}.html"
        while path in taken:
            copy += 1
            path = f"policies/{stem}-{copy}.html"
        taken.add(path)
        files[name] = path
    return files


def change_diff_html(store: Store, old: dict[str, Any], new: dict[str, Any]) -> str:
    """The diff between two stored versions, as `diff --format html` shows its sections: the
    one recorded with the change, worked out again only for a change stored without one."""
    diff = store.stored_diff(old["version_id"], new["version_id"]) or compare_documents(
        document_from_version(store.version(old["version_id"])),
        document_from_version(store.version(new["version_id"])),
    )
    intro = "".join(f"<p>{escape(line)}</p>\n" for line in headline(diff, "", ""))
    return intro + "\n".join(section_html(change, diff.unit) for change in shown_sections(diff))


def write_report(store: Store, out: Path) -> ReportSummary:
    """Write the report as the whole of `out` (an earlier report there is replaced)."""
    policies = store.report_policies()
    versions = {
        policy_id: list(rows)
        for policy_id, rows in groupby(store.report_versions(), key=lambda v: v["policy_id"])
    }
    files = page_files([p["policy"] for p in policies])
    # One time scale for every sparkline, from the first version seen to now, so rows compare.
    moments = [when(v["first_seen"]) for rows in versions.values() for v in rows]
    scale = TimeScale.spanning([*moments, datetime.now(UTC)], 0, 160)
    counts = {
        policy_id: bucket_counts(
            [when(v["first_seen"]) for v in rows if v["change_kind"] != "first"], scale
        )
        for policy_id, rows in versions.items()
    }
    tallest = max((max(c) for c in counts.values()), default=0) or 1
    rows, changes = [], 0
    with replaced_directory(out, is_report, kind="report") as fresh:
        (fresh / "policies").mkdir()
        for policy in policies:
            history = versions.get(policy["policy_id"], [])
            blocks = [
                change_section(new, change_diff_html(store, old, new))
                for old, new in pairwise(history)
            ]
            changes += len(blocks)
            plot = timeline(history) if history else ""
            html = policy_page(policy, history, plot, blocks[::-1])
            (fresh / files[policy["policy"]]).write_text(html, encoding="utf-8")
            latest = history[-1] if history else None
            rows.append(
                {
                    **policy,
                    "file": files[policy["policy"]],
                    "versions": len(history),
                    "last_change": latest["first_seen"] if latest else None,
                    "last_kind": latest["change_kind"] if latest else None,
                    "sparkline": sparkline(
                        counts.get(policy["policy_id"]) or bucket_counts([], scale), scale, tallest
                    ),
                }
            )
        made = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        (fresh / "index.html").write_text(index_page(rows, made), encoding="utf-8")
    total = sum(len(vs) for vs in versions.values())
    return ReportSummary(out / "index.html", len(policies), total, changes)
