"""`remove`, `disable` and `enable` edit the watch list in place: every comment outside the
entry and the layout stay; a removed policy's history stays in the database."""

from __future__ import annotations

import pytest

from crawler.config import watchlist
from tests.support.alerting import crawl_args, publish, write_watchlist
from tests.support.crawlrun import rows

TEXT = """\
# Watched for the 2026 study.
policies:
# Insurers
- name: acme  # the main one
  url: https://acme.test/privacy
  tags: [health, travel]

# Kept off until their site is back.
- name: globex
  url: https://globex.test/privacy
  select:
  - main .legal
  # their footer repeats the text
  enabled: false
# Retailers
- name: initech
  url: https://initech.test/tos
# end of list
"""
ACME = "- name: acme  # the main one\n  url: https://acme.test/privacy\n  tags: [health, travel]\n"
GLOBEX = (
    "- name: globex\n  url: https://globex.test/privacy\n  select:\n  - main .legal\n"
    "  # their footer repeats the text\n  enabled: false\n"
)
INITECH = "- name: initech\n  url: https://initech.test/tos\n"


@pytest.fixture
def edit(run_cli, tmp_path):
    """Run `policywatch COMMAND NAME` on a copy of TEXT; the file's text afterwards."""
    path = tmp_path / "policies.yaml"
    path.write_text(TEXT)

    def run(command: str, name: str) -> str:
        run_cli(command, name, "--watchlist", str(path))
        return path.read_text()

    return run


@pytest.mark.parametrize("entry", [ACME, GLOBEX, INITECH])
def test_remove_takes_out_the_entry_and_keeps_every_comment_around_it(edit, entry):
    name = entry.split()[2]
    assert edit("remove", name) == TEXT.replace(entry, "")


def test_disable_adds_enabled_false_after_the_url(edit):
    after = edit("disable", "acme")
    assert after == TEXT.replace("acme.test/privacy\n", "acme.test/privacy\n  enabled: false\n")


def test_disable_of_the_last_entry_stays_above_the_comments_after_it(edit):
    after = edit("disable", "initech")
    assert after == TEXT.replace(INITECH, INITECH + "  enabled: false\n")


def test_enable_sets_the_existing_field_in_place(edit):
    assert edit("enable", "globex") == TEXT.replace(
        "  enabled: false\n# Retailers", "  enabled: true\n# Retailers"
    )


def test_enable_of_an_enabled_policy_changes_nothing(run_cli, tmp_path):
    path = tmp_path / "policies.yaml"
    path.write_text(TEXT)
    result = run_cli("enable", "acme", "--watchlist", str(path))
    assert "acme was already enabled" in result.stdout
    assert path.read_text() == TEXT


def test_removing_the_only_entry_leaves_a_list_add_can_append_to(run_cli, tmp_path):
    path = tmp_path / "policies.yaml"
    path.write_text("# Mine.\npolicies:\n# the first\n" + INITECH + "# end\n")
    run_cli("remove", "initech", "--watchlist", str(path))
    assert path.read_text() == "# Mine.\npolicies:\n# the first\n# end\n"
    assert watchlist.load(path) == []
    run_cli("add", "https://acme.test/p", "--name", "acme", "--watchlist", str(path))
    assert [p.name for p in watchlist.load(path)] == ["acme"]


def test_unknown_name_is_an_error_and_the_file_is_untouched(run_cli, tmp_path):
    path = tmp_path / "policies.yaml"
    path.write_text(TEXT)
    for command in ("remove", "disable", "enable"):
        result = run_cli(command, "hooli", "--watchlist", str(path), check=False)
        assert result.returncode == 1
        assert "no policy named 'hooli'" in result.stderr
    assert path.read_text() == TEXT


def test_a_removed_policy_keeps_its_history_and_a_disabled_one_is_not_crawled(
    site, run_cli, tmp_path
):
    db, watch = tmp_path / "pw.db", write_watchlist(tmp_path / "w.yaml", site)
    publish(site, 1)
    run_cli("crawl", *crawl_args(db, watch))
    removed = run_cli("remove", "quill-privacy", "--watchlist", str(watch), "--db", str(db))
    assert f"its history stays in {db}" in removed.stdout
    assert "quill-privacy" in run_cli("history", "quill-privacy", "--db", str(db)).stdout
    run_cli("disable", "raven-terms", "--watchlist", str(watch))
    publish(site, 2)
    run_cli("crawl", *crawl_args(db, watch))  # no enabled policy left: nothing fetched
    run_cli("enable", "raven-terms", "--watchlist", str(watch))
    run_cli("crawl", *crawl_args(db, watch))
    fetched = rows(
        db,
        "SELECT p.name, count(*) AS n FROM fetch_log f JOIN policies p ON p.id = f.policy_id "
        "GROUP BY p.name ORDER BY p.name",
    )
    assert [(r["name"], r["n"]) for r in fetched] == [("quill-privacy", 1), ("raven-terms", 2)]
    assert [r["n"] for r in rows(db, "SELECT count(*) AS n FROM versions")] == [3]
