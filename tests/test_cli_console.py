"""Global options: -h on every command, -v/-q, --color and NO_COLOR."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from crawler.cli import COMMAND_MODULES, main
from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.sandbox.siteserver import Page
from crawler.storage import open_database
from tests.support.crawlrun import crawl
from tests.support.faultsite import FaultSite
from tests.support.terminal import run_on_terminal


@pytest.mark.parametrize("command", sorted(COMMAND_MODULES))
def test_dash_h_is_help_on_every_command(command):
    result = CliRunner().invoke(main, [command, "-h"], prog_name="policywatch")
    assert result.exit_code == 0, result.output
    assert f"usage: policywatch {command}" in result.output.lower()


def test_dash_h_is_help_on_the_group():
    result = CliRunner().invoke(main, ["-h"], prog_name="policywatch")
    assert result.exit_code == 0
    assert "--color, --colour [auto|always|never]" in result.output and "NO_COLOR" in result.output


def test_quiet_shows_only_failures_and_the_summary_verbose_shows_scrapy_logs(
    site, run_cli, tmp_path
):
    site.pages["/ok"] = Page(demo_page("policy-2025.html"))
    policies = [
        watchlist.Policy(name="works", url=site.url("/ok")),
        watchlist.Policy(name="gone", url=FaultSite.refused_url()),
    ]
    normal = crawl(run_cli, tmp_path, policies)
    assert "ok   works" in normal.stdout and "Spider opened" not in normal.stderr

    path = tmp_path / "policies.yaml"
    common = ["--db", str(tmp_path / "pw.db"), "--watchlist", str(path), "-s", "RETRY_TIMES=0"]
    quiet = run_cli("-q", "crawl", *common, check=False)
    assert "works" not in quiet.stdout and "FAIL gone" in quiet.stdout
    assert quiet.stdout.rstrip().endswith("1 ok, 1 failed")
    assert "Gave up retrying" not in quiet.stderr  # Scrapy's own errors are kept back

    verbose = run_cli("-v", "crawl", *common, check=False)
    assert "ok   works" in verbose.stdout and "Spider opened" in verbose.stderr


@pytest.fixture
def status_db(tmp_path):
    open_database(tmp_path / "pw.db").close()
    watchlist.save(
        tmp_path / "policies.yaml", [watchlist.Policy(name="new", url="https://a.test/")]
    )
    return ["status", "--db", "pw.db", "--watchlist", "policies.yaml"]


@pytest.mark.parametrize(
    ("options", "env", "coloured"),
    [
        ([], {}, True),  # auto, on a terminal
        ([], {"NO_COLOR": "1"}, False),
        (["--color", "never"], {}, False),
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # asked for explicitly
        (["--colour", "auto"], {"NO_COLOR": ""}, True),  # NO_COLOR counts when not empty
    ],
)
def test_colour_on_a_terminal_follows_color_and_no_color(
    status_db, tmp_path, options, env, coloured
):
    status, shown = run_on_terminal([*options, *status_db], tmp_path, env)
    assert status == 0, shown
    assert "new  new" in shown.replace("\x1b[33m", "").replace("\x1b[0m", "")
    assert ("\x1b[33m" in shown) is coloured, repr(shown)
