"""Pages that need a browser, crawled through the real Scrapy + scrapy-playwright + Chromium
stack in a subprocess, from a loopback site of fictional companies."""

from __future__ import annotations

import re

import pytest

from crawler.browser.tabs import POLICIES_PER_TAB
from crawler.config.watchlist import Policy
from crawler.sandbox.siteserver import Page, SiteServer
from tests.support.crawlrun import crawl, rows
from tests.support.faultsite import FaultSite
from tests.support.jssite import driver_spy, js_pages, requires_browser, tab_counting_page

BROWSER_TIMEOUT = ["-s", "POLICYWATCH_BROWSER_TIMEOUT=15"]


@pytest.fixture
def js_site():
    with SiteServer(js_pages()) as site:
        yield site


def policy(site, name: str, **fields) -> Policy:
    return Policy(name=name, url=site.url(f"/{name}/privacy"), **fields)


def fetches(tmp_path) -> dict[str, dict]:
    """Each policy's fetches, oldest first: outcome, fetcher, detail."""
    found: dict[str, list] = {}
    for row in rows(
        tmp_path / "pw.db",
        "SELECT p.name, f.outcome, f.fetched_with, f.detail FROM fetch_log f "
        "JOIN policies p ON p.id = f.policy_id ORDER BY f.id",
    ):
        found.setdefault(row["name"], []).append(
            (row["outcome"], row["fetched_with"], row["detail"])
        )
    return found


def latest_text(tmp_path, name: str) -> str | None:
    found = rows(
        tmp_path / "pw.db",
        "SELECT v.markdown FROM versions v JOIN policies p ON p.id = v.policy_id "
        "WHERE p.name = ? ORDER BY v.id DESC LIMIT 1",
        [name],
    )
    return found[0]["markdown"] if found else None


def snapshot_fetchers(tmp_path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in rows(
        tmp_path / "pw.db",
        "SELECT p.name, s.fetched_with FROM snapshots s JOIN policies p ON p.id = s.policy_id",
    ):
        found.setdefault(row["name"], set()).add(row["fetched_with"])
    return found


def user_agents(site, path: str) -> list[str | None]:
    return [
        {k.lower(): v for k, v in headers.items()}.get("user-agent")
        for requested, headers in site.requests
        if requested == path
    ]


def test_script_injected_and_fetched_policies_are_rendered_in_the_browser(
    js_site, run_cli, tmp_path, monkeypatch
):
    requires_browser()
    node, driver_starts = driver_spy(tmp_path)
    monkeypatch.setenv("PLAYWRIGHT_NODEJS_PATH", node)
    policies = [policy(js_site, name) for name in ("static", "injected", "fetched")]

    result = crawl(run_cli, tmp_path, policies, *BROWSER_TIMEOUT)

    assert result.returncode == 0, result.stdout + result.stderr
    # One fetch each: the plain fetch that met a JavaScript shell is not a failure.
    assert fetches(tmp_path) == {
        "static": [("new-version", "http", "version 1")],
        "injected": [("new-version", "browser", "version 1")],
        "fetched": [("new-version", "browser", "version 1")],
    }
    assert snapshot_fetchers(tmp_path) == {
        "static": {"http"},
        "injected": {"browser"},
        "fetched": {"browser"},
    }
    injected = latest_text(tmp_path, "injected")
    assert injected.startswith("# Larkspur Analytics Privacy Notice")
    assert "## Who we share it with" in injected
    assert "Larkspur Analytics handles payment processors, hosting providers" in injected
    fetched = latest_text(tmp_path, "fetched")
    assert "## How long we keep it" in fetched
    assert "Quillfeather handles for as long as your account is open" in fetched
    # Our User-Agent on the page and on the requests its scripts make; no pictures fetched.
    ours = user_agents(js_site, "/static/privacy")[0]
    assert ours.startswith("policywatch/")
    assert set(user_agents(js_site, "/fetched/privacy")) == {ours}
    assert user_agents(js_site, "/fetched/sections.json") == [ours]
    assert user_agents(js_site, "/pixel.png") == []
    assert driver_starts.read_text().count("started") == 1


def test_auto_remembers_a_page_that_needed_the_browser(js_site, run_cli, tmp_path):
    requires_browser()
    policies = [policy(js_site, "injected")]
    crawl(run_cli, tmp_path, policies, *BROWSER_TIMEOUT)
    assert len(user_agents(js_site, "/injected/privacy")) == 2  # plainly, then in the browser
    js_site.requests.clear()

    result = crawl(run_cli, tmp_path, policies, *BROWSER_TIMEOUT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert len(user_agents(js_site, "/injected/privacy")) == 1  # straight to the browser
    assert fetches(tmp_path)["injected"][-1] == ("unchanged", "browser", "version 1")


def test_click_to_expand_with_browser_actions(js_site, run_cli, tmp_path):
    requires_browser()
    actions = [{"click": "button.expand-all"}, {"wait_for": "#policy h2"}]
    policies = [policy(js_site, "expand", browser="always", browser_actions=actions)]

    result = crawl(run_cli, tmp_path, policies, *BROWSER_TIMEOUT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert fetches(tmp_path) == {"expand": [("new-version", "browser", "version 1")]}
    text = latest_text(tmp_path, "expand")
    assert text.startswith("# Brambleworth Energy Privacy Notice")
    assert "Brambleworth handles strictly necessary cookies only" in text
    # `always`: no plain fetch first.
    assert len(user_agents(js_site, "/expand/privacy")) == 1


def test_a_shell_even_in_the_browser_is_not_a_policy(js_site, run_cli, tmp_path):
    requires_browser()

    result = crawl(run_cli, tmp_path, [policy(js_site, "shell")], *BROWSER_TIMEOUT)

    assert result.returncode == 1
    [(outcome, fetcher, detail)] = fetches(tmp_path)["shell"]
    assert (outcome, fetcher) == ("not-a-policy", "browser")
    assert "needs JavaScript" in detail
    assert latest_text(tmp_path, "shell") is None
    assert snapshot_fetchers(tmp_path) == {}


def test_a_script_that_never_arrives_times_out(run_cli, tmp_path):
    requires_browser()
    with FaultSite() as faults, SiteServer(js_pages(faults.url("/fault/timeout"))) as site:
        result = crawl(
            run_cli,
            tmp_path,
            [policy(site, "slow", browser="always")],
            "-s",
            "POLICYWATCH_BROWSER_TIMEOUT=3",
        )
        assert "/fault/timeout" in faults.requests  # the browser did ask for the script

    assert result.returncode == 1
    [(outcome, fetcher, _)] = fetches(tmp_path)["slow"]
    assert (outcome, fetcher) == ("timeout", "browser")
    assert latest_text(tmp_path, "slow") is None


def test_without_a_browser_always_is_no_browser_and_auto_warns(js_site, run_cli, tmp_path):
    policies = [policy(js_site, "expand", browser="always"), policy(js_site, "injected")]
    missing = tmp_path / "no-such" / "chromium"

    result = crawl(run_cli, tmp_path, policies, "-s", f"POLICYWATCH_CHROMIUM={missing}")

    assert result.returncode == 1
    found = fetches(tmp_path)
    [(outcome, fetcher, detail)] = found["expand"]
    assert (outcome, fetcher) == ("no-browser", "browser")
    assert str(missing) in detail
    # auto: today's plain fetch and outcome, and one line saying why nothing better was tried.
    assert [(o, f) for o, f, _ in found["injected"]] == [("not-a-policy", "http")]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert "injected may need a browser" in warnings[0]
    assert str(missing) in warnings[0]
    assert latest_text(tmp_path, "expand") is None
    assert user_agents(js_site, "/expand/privacy") == []  # nothing fetched for it


def test_a_crawl_without_browser_policies_never_starts_playwright(
    js_site, run_cli, tmp_path, monkeypatch
):
    requires_browser()
    node, driver_starts = driver_spy(tmp_path)
    monkeypatch.setenv("PLAYWRIGHT_NODEJS_PATH", node)
    # A plain policy, and a shell whose entry says never to use the browser.
    policies = [policy(js_site, "static"), policy(js_site, "shell", browser="never")]

    result = crawl(run_cli, tmp_path, policies, *BROWSER_TIMEOUT)

    assert fetches(tmp_path) == {
        "static": [("new-version", "http", "version 1")],
        "shell": [("not-a-policy", "http", "empty shell that needs JavaScript (0 words)")],
    }
    assert result.returncode == 1
    assert not driver_starts.exists()


def test_the_browser_stores_nothing_from_an_internal_address_on_another_host(
    js_site, run_cli, tmp_path
):
    """The site is 127.0.0.1; `localhost` is the same machine under another host name, as an
    internal service would be to a public page. A script of the page never reaches it; a
    redirect does (Chromium follows it), and the page it leads to is refused."""
    requires_browser()
    inside = js_site.base_url.replace("127.0.0.1", "localhost")
    js_site.pages["/inside/token.js"] = Page(
        b"document.getElementById('leak').textContent = 'INTERNAL-TOKEN-4417';",
        content_type="text/javascript",
    )
    token = f"<p id='leak'></p><script src='{inside}/inside/token.js'></script>"
    peek = js_site.pages["/injected/privacy"].body.replace(
        b"<div id='root'>", token.encode() + b"<div id='root'>"
    )
    js_site.pages["/peek/privacy"] = Page(peek)
    js_site.pages["/hop/privacy"] = Page(b"", 302, headers={"Location": f"{inside}/static/privacy"})
    policies = [policy(js_site, "peek"), policy(js_site, "hop", browser="always")]

    result = crawl(run_cli, tmp_path, policies, *BROWSER_TIMEOUT)

    assert [path for path, _ in js_site.requests if path.startswith("/inside/")] == []
    found = fetches(tmp_path)
    assert found["peek"][0][:2] == ("new-version", "browser")
    assert "Larkspur Analytics handles" in latest_text(tmp_path, "peek")
    assert "INTERNAL-TOKEN" not in latest_text(tmp_path, "peek")
    [(outcome, fetcher, detail)] = found["hop"]
    assert (outcome, fetcher) == ("blocked-redirect", "browser"), detail
    assert latest_text(tmp_path, "hop") is None
    assert result.returncode == 1


def shown_in_tab(tmp_path, name: str) -> int:
    """N of the "Page N shown in this tab" line of the policy's stored text."""
    [count] = re.findall(r"Page (\d+) shown in this tab", latest_text(tmp_path, name))
    return int(count)


COMPANIES = ["Amberlight", "Birchmoor", "Copperfen", "Dunmarrow", "Elderbrook", "Foxglen"]


def test_the_browser_loads_one_policy_after_another_in_each_of_its_tabs(run_cli, tmp_path):
    requires_browser()
    pages = {f"/{c.lower()}/privacy": tab_counting_page(f"{c} Ltd") for c in COMPANIES}
    with SiteServer(pages) as site:
        policies = [policy(site, c.lower(), browser="always") for c in COMPANIES]

        result = crawl(
            run_cli, tmp_path, policies, *BROWSER_TIMEOUT, "-s", "POLICYWATCH_BROWSER_PAGES=2"
        )

    assert result.returncode == 0, result.stdout + result.stderr
    assert all(f == [("new-version", "browser", "version 1")] for f in fetches(tmp_path).values())
    shown = sorted(shown_in_tab(tmp_path, c.lower()) for c in COMPANIES)
    # Two tabs opened (each one's first page is its page 1) showed the six pages between them:
    # a tab's page N+1 comes after its page N.
    assert shown.count(1) == 2
    assert all(shown.count(n + 1) <= shown.count(n) for n in range(1, 6))


def test_a_tab_whose_fetch_failed_is_not_reused(run_cli, tmp_path):
    """The page that times out has set its tab's count to 10: the next policy, in the same
    crawl's only tab slot, is shown in a new tab (page 1), not in the failed one (page 11)."""
    requires_browser()
    stuck = "<script>sessionStorage.setItem('shown', 10);</script><script src='{}'></script>"
    with FaultSite() as faults:
        pages = {
            "/stuck/privacy": tab_counting_page(
                "Stuck Ltd", stuck.format(faults.url("/fault/timeout"))
            ),
            "/after/privacy": tab_counting_page("After Ltd"),
        }
        with SiteServer(pages) as site:
            policies = [policy(site, name, browser="always") for name in ("stuck", "after")]
            result = crawl(
                run_cli,
                tmp_path,
                policies,
                "-s",
                "POLICYWATCH_BROWSER_TIMEOUT=3",
                "-s",
                "POLICYWATCH_BROWSER_PAGES=1",
            )

    assert result.returncode == 1
    found = fetches(tmp_path)
    assert [(o, f) for o, f, _ in found["stuck"]] == [("timeout", "browser")]
    assert found["after"] == [("new-version", "browser", "version 1")]
    assert shown_in_tab(tmp_path, "after") == 1


def test_a_tab_is_replaced_after_its_share_of_policies(run_cli, tmp_path):
    """A tab's memory grows with each page it loads: one tab slot, two policies more than a
    tab takes, shown in two tabs."""
    requires_browser()
    names = [f"firm{n:02d}" for n in range(POLICIES_PER_TAB + 2)]
    pages = {f"/{name}/privacy": tab_counting_page(f"{name.title()} Ltd") for name in names}
    with SiteServer(pages) as site:
        policies = [policy(site, name, browser="always") for name in names]

        result = crawl(
            run_cli, tmp_path, policies, *BROWSER_TIMEOUT, "-s", "POLICYWATCH_BROWSER_PAGES=1"
        )

    assert result.returncode == 0, result.stdout + result.stderr
    shown = [shown_in_tab(tmp_path, name) for name in names]
    assert shown == [*range(1, POLICIES_PER_TAB + 1), 1, 2]
