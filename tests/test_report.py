"""`policywatch report`: a static site from a database made by real crawls, opened from
`file://` in a real headless Chromium: no console error, every link resolves, the plots and
diffs are there, a screenshot is taken."""

from __future__ import annotations

import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from crawler.query.report_svg import KIND_COLOURS
from crawler.storage import open_database
from tests.support.cli import run_policywatch
from tests.support.crawled_history import GONE, LARKSPUR, STEADY, STEADY_ORGANISATION, crawl_history
from tests.support.headless import load, png_size, screenshot


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    return crawl_history(tmp_path_factory.mktemp("crawled"))


@pytest.fixture(scope="module")
def site(crawled) -> Path:
    out = crawled.parent / "site"
    result = run_policywatch(crawled.parent, "report", "--db", str(crawled), "--out", str(out))
    assert "3 policies, 4 versions, 2 changes" in result.stdout
    return out


class Links(HTMLParser):
    """Every href and src of a page, and every id it defines."""

    def __init__(self):
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "xlink:href") and value is not None:
                self.targets.append(value)
            elif name == "id" and value:
                self.ids.add(value)


def parsed(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def policy_urls(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT url FROM policies")}


def test_every_page_loads_without_console_errors_and_every_link_resolves(site, crawled, tmp_path):
    web_pages = policy_urls(crawled)  # the only links that may leave the report
    todo, seen = [site / "index.html"], set()
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        dom, console = load(tmp_path / "profile", page.as_uri())
        assert console == [], f"{page.name}: {console}"
        assert "</html>" in dom
        for target in parsed(dom).targets:
            parts = urlsplit(target)
            if parts.scheme in ("http", "https"):
                assert target in web_pages, f"{page.name} links outside: {target}"
                continue
            assert not parts.scheme and not parts.netloc, f"{page.name}: {target}"
            linked = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert linked.is_file(), f"{page.name} links to missing {target}"
            if parts.fragment:
                ids = parsed(linked.read_text(encoding="utf-8")).ids
                assert parts.fragment in ids, f"{page.name}: no #{parts.fragment} in {linked.name}"
            if linked.suffix == ".html":
                todo.append(linked)
    pages = {p.relative_to(site).as_posix() for p in seen}
    assert pages == {"index.html", *(f"policies/{n}.html" for n in (LARKSPUR, STEADY, GONE))}


def test_a_script_error_reaches_the_console_check(tmp_path):
    # The check above can fail: a page's script error is read back from Chromium's log.
    page = tmp_path / "broken.html"
    page.write_text("<html><body><script>nope()</script></body></html>")
    _, console = load(tmp_path / "profile", page.as_uri())
    assert any("nope is not defined" in message for message in console)


def test_the_index_lists_each_policy_with_its_last_change_kind_and_sparkline(site, tmp_path):
    dom, _ = load(tmp_path / "profile", (site / "index.html").as_uri())
    rows = re.findall(r"<tr>(.*?)</tr>", dom, re.S)[1:]
    assert [re.search(r">([^<]+)</a>", row).group(1) for row in rows] == [STEADY, GONE, LARKSPUR]
    larkspur = rows[2]
    assert ">both</span>" in larkspur and ">3</td>" in larkspur
    # Two changes, in one period's bar or two (as the seconds between the crawls fall); the
    # highest bar of the report is the sparkline's full height (20 px).
    (bars,) = re.findall(r'<svg class="sparkline".*?</svg>', larkspur, re.S)
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', bars)]
    assert "2 changes between" in bars and len(heights) in (1, 2) and max(heights) == 20
    assert "<rect " not in re.search(r'<svg class="sparkline".*?</svg>', rows[0], re.S).group(0)
    assert "http-4xx" in rows[1] and ">0</td>" in rows[1]
    # Markup in an organisation's name is text, never markup.
    escaped = STEADY_ORGANISATION.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped in rows[0] and "<trust>" not in dom.lower()


def test_a_policy_page_plots_its_timeline_and_shows_every_diff(site, tmp_path):
    dom, _ = load(tmp_path / "profile", (site / "policies" / f"{LARKSPUR}.html").as_uri())
    (plot,) = re.findall(r'<svg class="timeline".*?</svg>', dom, re.S)
    detected = re.findall(r'<circle [^>]*r="6" fill="([^"]+)"', plot)
    assert detected == [KIND_COLOURS[k] for k in ("first", "silent-edit", "both")]
    assert re.findall(r'<a href="#(v\d)">', plot) == ["v2", "v3"]
    # One stated effective date per version: two say 2025-03-03, the third 2026-11-02.
    assert len(re.findall(r"<rect ", plot)) == 3
    assert plot.count("effective 2025-03-03") >= 2 and "effective 2026-11-02" in plot
    assert '<text x="62" y="24" text-anchor="end">9</text>' in plot  # most sections: 9
    v2 = re.search(r'<section class="change" id="v2">(.*?)</section>', dom, re.S).group(1)
    v3 = re.search(r'<section class="change" id="v3">(.*?)</section>', dom, re.S).group(1)
    assert ">silent-edit</span>" in v2 and re.search(r"<del [^>]*>30</del>", v2)
    assert re.search(r"<ins [^>]*>14</ins>", v2)
    assert "ADDED</span> 4. Artificial intelligence features" in v3
    assert dom.index('id="v3"') < dom.index('id="v2"')  # newest first


def test_a_policy_never_read_says_so(site, tmp_path):
    dom, _ = load(tmp_path / "profile", (site / "policies" / f"{GONE}.html").as_uri())
    assert "No version recorded yet: last fetch http-4xx." in dom
    assert "<svg" not in dom


def test_screenshot_of_the_report(site, tmp_path):
    blank = tmp_path / "blank.html"
    blank.write_text("<html><body></body></html>")
    empty = screenshot(tmp_path / "profile", blank.as_uri(), tmp_path / "blank.png")
    for name, page in (("index", "index.html"), ("policy", f"policies/{LARKSPUR}.html")):
        shot = screenshot(tmp_path / "profile", (site / page).as_uri(), tmp_path / f"{name}.png")
        assert png_size(shot) == (1200, 900)
        # A page with text, tables and plots, not a white page.
        assert shot.stat().st_size > 5 * empty.stat().st_size


def test_report_replaces_an_earlier_report_and_refuses_other_directories(crawled, tmp_path):
    out = tmp_path / "site"
    run_policywatch(tmp_path, "report", "--db", str(crawled), "--out", str(out))
    (out / "policies" / "stale.html").write_text("from an earlier report")
    run_policywatch(tmp_path, "report", "--db", str(crawled), "--out", str(out))
    assert not (out / "policies" / "stale.html").exists() and (out / "index.html").is_file()
    other = tmp_path / "documents"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    result = run_policywatch(
        tmp_path, "report", "--db", str(crawled), "--out", str(other), check=False
    )
    assert result.returncode != 0 and "is not an earlier report" in result.stderr
    assert [p.name for p in other.iterdir()] == ["notes.txt"]


def test_a_database_without_policies_makes_an_index_that_says_so(tmp_path):
    open_database(tmp_path / "empty.db").close()
    out = tmp_path / "site"
    result = run_policywatch(
        tmp_path, "report", "--db", str(tmp_path / "empty.db"), "--out", str(out)
    )
    assert "0 policies, 0 versions, 0 changes" in result.stdout
    assert "No policies yet." in (out / "index.html").read_text(encoding="utf-8")
    assert list((out / "policies").iterdir()) == []
