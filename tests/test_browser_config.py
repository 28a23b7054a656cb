"""The watch list's `browser` and `browser_actions`, `add --browser`, finding Chromium, and
which fetcher each policy starts with (no browser is started here)."""

from __future__ import annotations

import json

import pytest

from crawler.browser.chromium import browser_problem, find_chromium
from crawler.browser.fallback import browser_might_pass
from crawler.browser.plan import fetch_plan
from crawler.config import watchlist

ENTRY = "policies:\n- name: a\n  url: https://x.test/p\n"


def load(tmp_path, extra: str) -> list[watchlist.Policy]:
    path = tmp_path / "policies.yaml"
    path.write_text(ENTRY + extra)
    return watchlist.load(path)


def test_browser_fields_are_read_and_default_to_auto_without_actions(tmp_path):
    [plain] = load(tmp_path, "")
    assert (plain.browser, plain.browser_actions) == ("auto", [])
    [expanded] = load(
        tmp_path,
        "  browser: always\n"
        "  browser_actions: [{click: 'button.expand-all'}, {wait_for: 'main h2'}]\n",
    )
    assert expanded.browser == "always"
    assert expanded.browser_actions == [{"click": "button.expand-all"}, {"wait_for": "main h2"}]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("  browser: sometimes\n", r":4: browser: expected one of auto, always, never"),
        ("  browser: true\n", r":4: browser: expected text"),
        ("  browser_actions: {click: a}\n", r":4: browser_actions: expected a list"),
        ("  browser_actions: [{hover: a}]\n", r":4: browser_actions: unknown action 'hover'"),
        ("  browser_actions: [{click: ''}]\n", r":4: browser_actions: click: expected a CSS"),
        ("  browser_actions: [{click: a, wait_for: b}]\n", r":4: browser_actions: each action"),
        ("  browser_actions: [click]\n", r":4: browser_actions: each action"),
    ],
)
def test_bad_browser_fields_name_the_line_and_field(tmp_path, extra, message):
    with pytest.raises(watchlist.WatchListError, match=message):
        load(tmp_path, extra)


def test_add_browser_writes_the_field_and_leaves_the_default_out(run_cli, tmp_path):
    for name, flags in (("js", ["--browser", "always"]), ("plain", [])):
        run_cli("add", f"https://x.test/{name}", "--name", name, *flags, "--watchlist", "w.yaml")
    listed = json.loads(run_cli("list", "--format", "json", "--watchlist", "w.yaml").stdout)
    assert [entry.get("browser") for entry in listed] == ["always", None]
    assert [p.browser for p in watchlist.load(tmp_path / "w.yaml")] == ["always", "auto"]
    refused = run_cli(
        "add",
        "https://x.test/b",
        "--name",
        "b",
        "--browser",
        "maybe",
        "--watchlist",
        "w.yaml",
        check=False,
    )
    assert refused.returncode == 2
    assert "'maybe' is not one of 'auto', 'always', 'never'" in refused.stderr


def test_a_chromium_setting_that_names_nothing_finds_no_browser(tmp_path):
    missing = str(tmp_path / "chromium")
    assert find_chromium(missing) is None
    assert missing in browser_problem(missing)
    script = tmp_path / "not-executable"
    script.write_text("#!/bin/sh\n")
    assert find_chromium(str(script)) is None


@pytest.mark.parametrize(
    ("mode", "remembered", "problem", "plan"),
    [
        ("auto", False, None, {"fetch_with": "http", "browser_fallback": True}),
        ("auto", True, None, {"fetch_with": "browser", "browser_fallback": False}),
        ("always", False, None, {"fetch_with": "browser", "browser_fallback": False}),
        ("never", True, None, {"fetch_with": "http", "browser_fallback": False}),
        ("auto", True, "no Chromium", {"fetch_with": "http", "browser_fallback": False}),
        ("always", False, "no Chromium", {"fetch_with": "no-browser", "no_browser": "no Chromium"}),
        ("never", False, "no Chromium", {"fetch_with": "http", "browser_fallback": False}),
    ],
)
def test_each_policy_starts_with_the_fetcher_its_mode_and_memory_say(
    mode, remembered, problem, plan
):
    assert fetch_plan(mode, remembered, problem) == plan


@pytest.mark.parametrize(
    ("outcome", "detail", "passable"),
    [
        ("not-a-policy", "empty shell that needs JavaScript (0 words)", True),
        ("empty-extraction", "only 4 words", True),
        ("bot-wall", "Cloudflare (12 words)", True),
        ("not-a-policy", "login page (40 words)", False),
        ("not-a-policy", "page not found (9 words)", False),
        ("http-4xx", "HTTP 404", False),
        ("timeout", "", False),
    ],
)
def test_only_failures_a_browser_can_get_past_send_a_page_to_it(outcome, detail, passable):
    assert browser_might_pass(outcome, detail) is passable
