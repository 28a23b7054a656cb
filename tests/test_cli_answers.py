"""What crawl, feed and history answer, checked against what the database really holds."""

from __future__ import annotations

import json

from tests.alerting import crawl_args, publish, write_watchlist

POLICIES = ("quill-privacy", "raven-terms")


def test_crawl_summary_numbers_versions_as_history_does(site, run_cli, tmp_path):
    db, watch = tmp_path / "data" / "policywatch.db", write_watchlist(tmp_path / "w.yaml", site)
    for edition in (1, 2):
        publish(site, edition)
        output = run_cli("crawl", *crawl_args(db, watch)).stdout
        for policy in POLICIES:
            line = next(line for line in output.splitlines() if policy in line)
            history = json.loads(
                run_cli("history", policy, "--db", str(db), "--format", "json").stdout
            )
            # Both policies are at their version `edition`, whatever the row ids.
            assert history["versions"][-1]["number"] == edition
            assert line.split()[-2:] == ["version", str(edition)], line
