"""Shell completion (click's): commands, and policy names read from the watch list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from crawler.config import watchlist
from tests.support.cli import isolated_environment

# The installed command: completion is keyed on the program's name (_POLICYWATCH_COMPLETE).
POLICYWATCH = str(Path(sys.executable).parent / "policywatch")


def complete(tmp_path, words: str, **env: str) -> list[str]:
    """What bash completion offers for the command line `words` (the last one incomplete)."""
    words_list = words.split(" ")
    result = subprocess.run(
        [POLICYWATCH],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            **isolated_environment(tmp_path),
            **env,
            "_POLICYWATCH_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words_list) - 1),
        },
        timeout=60,
        check=True,
    )
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]


def write_names(path, *names: str) -> None:
    watchlist.save(path, [watchlist.Policy(name=n, url=f"https://{n}.test/p") for n in names])


def test_policy_names_complete_from_the_watch_list_in_the_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    write_names(home / "policies.yaml", "acme-privacy", "acme-terms", "globex")
    env = {"POLICYWATCH_HOME": str(home)}
    for command in ("history", "show", "diff", "remove", "disable", "enable"):
        assert complete(tmp_path, f"policywatch {command} acme", **env) == [
            "acme-privacy",
            "acme-terms",
        ]
    assert complete(tmp_path, "policywatch crawl globex ", **env) == [
        "acme-privacy",
        "acme-terms",
        "globex",
    ]
    assert complete(tmp_path, "policywatch backfill g", **env) == ["globex"]


def test_policy_names_come_from_the_watchlist_option_when_given(tmp_path):
    write_names(tmp_path / "other.yaml", "initech")
    assert complete(tmp_path, "policywatch enable --watchlist other.yaml i") == ["initech"]


def test_an_unreadable_watch_list_completes_nothing_and_prints_no_error(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "policies.yaml").write_text("policies: [\n")
    assert complete(tmp_path, "policywatch history a") == []  # and no error text


def test_commands_complete_and_the_documented_script_is_click_s(tmp_path):
    assert complete(tmp_path, "policywatch di") == ["diff", "disable"]
    documented = subprocess.run(
        [POLICYWATCH, "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert 'eval "$(_POLICYWATCH_COMPLETE=bash_source policywatch)"' in documented
    script = subprocess.run(
        [POLICYWATCH],
        capture_output=True,
        text=True,
        env={**isolated_environment(tmp_path), "_POLICYWATCH_COMPLETE": "bash_source"},
        timeout=60,
        check=True,
    ).stdout
    assert "_policywatch_completion()" in script
    assert "complete -o nosort -F _policywatch_completion policywatch" in script
