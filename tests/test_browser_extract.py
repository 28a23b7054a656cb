"""`policywatch extract URL --browser`: what a crawl's browser fetch would store, through the
real CLI and a real headless Chromium."""

from __future__ import annotations

import pytest

from crawler.sandbox.siteserver import SiteServer
from tests.support.jssite import js_pages, requires_browser


@pytest.fixture
def js_site():
    with SiteServer(js_pages()) as site:
        yield site


# The accordion page's "expand all" button, then the sections it loads.
EXPAND_ACTIONS = ("--action", "click=button.expand-all", "--action", "wait_for=#policy h2")


def test_extract_renders_the_page_and_runs_its_actions(js_site, run_cli):
    requires_browser()
    fetched = run_cli("extract", js_site.url("/fetched/privacy"), "--browser").stdout
    assert fetched.startswith("# Quillfeather Books Privacy Notice")
    assert "## Your rights" in fetched

    expanded = run_cli(
        "extract", js_site.url("/expand/privacy"), "--browser", *EXPAND_ACTIONS
    ).stdout
    assert "Brambleworth handles strictly necessary cookies only" in expanded
    assert [path for path, _ in js_site.requests if path.endswith(".png")] == []


def test_extract_reports_a_shell_and_a_missing_browser_as_a_crawl_would(
    js_site, run_cli, monkeypatch, tmp_path
):
    requires_browser()
    shell = run_cli("extract", js_site.url("/shell/privacy"), "--browser", check=False)
    assert shell.returncode == 1
    assert "not-a-policy: empty shell that needs JavaScript" in shell.stderr

    monkeypatch.setenv("POLICYWATCH_CHROMIUM", str(tmp_path / "nothing"))
    missing = run_cli("extract", js_site.url("/fetched/privacy"), "--browser", check=False)
    assert missing.returncode == 1
    assert "no-browser: POLICYWATCH_CHROMIUM=" in missing.stderr


def test_extract_refuses_actions_without_browser_and_files_with_it(run_cli, tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><body><h1>Privacy</h1></body></html>")
    without = run_cli("extract", str(page), "--action", "click=button", check=False)
    assert without.returncode == 2
    assert "--action needs --browser" in without.stderr
    with_file = run_cli("extract", str(page), "--browser", check=False)
    assert with_file.returncode == 2
    assert "--browser needs a URL" in with_file.stderr
    bad = run_cli("extract", "https://x.test/", "--browser", "--action", "hover=a", check=False)
    assert bad.returncode == 2
    assert "unknown action 'hover'" in bad.stderr


def test_fetch_goes_to_the_browser_as_a_crawl_would(js_site, run_cli):
    requires_browser()
    # auto: the plain fetch finds a shell, the browser pass finds the policy.
    fetched = run_cli("fetch", js_site.url("/fetched/privacy")).stdout
    assert fetched.startswith("# Quillfeather Books Privacy Notice")
    never = run_cli("fetch", js_site.url("/fetched/privacy"), "--browser", "never", check=False)
    assert never.returncode == 1
    expanded = run_cli(
        "fetch", js_site.url("/expand/privacy"), "--browser", "always", *EXPAND_ACTIONS
    ).stdout
    assert "Brambleworth handles strictly necessary cookies only" in expanded
