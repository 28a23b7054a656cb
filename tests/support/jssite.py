"""A loopback site of pages that need a browser (fictional companies), and a way to see
whether a crawl started Playwright's driver."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from crawler.browser.chromium import browser_problem
from crawler.sandbox.siteserver import Page

TOPICS = [
    ("What we collect", "account details, device identifiers and the pages you visit"),
    ("How we use it", "to run the service, to keep it secure and to answer your questions"),
    ("Who we share it with", "payment processors, hosting providers and auditors under contract"),
    ("How long we keep it", "for as long as your account is open and seven years after that"),
    ("Your rights", "access, correction, deletion, portability and objection at any time"),
    ("Cookies", "strictly necessary cookies only, unless you agree to measurement cookies"),
    ("Contact", "our data protection officer, who answers every request within a month"),
]


def sections(company: str) -> list[dict[str, str]]:
    """A policy of about 500 words, its sections as {heading, text}."""
    return [
        {
            "heading": heading,
            "text": " ".join(
                f"{company} handles {subject}, as described in clause {n} of this notice, "
                f"and reviews this practice every {n + 2} months."
                for n in range(1, 6)
            ),
        }
        for heading, subject in TOPICS
    ]


def policy_html(company: str) -> str:
    body = "".join(f"<h2>{s['heading']}</h2><p>{s['text']}</p>" for s in sections(company))
    return f"<h1>{company} Privacy Notice</h1><p>Effective 1 March 2026.</p>{body}"


def page(head_and_body: str) -> Page:
    return Page(
        f"<!DOCTYPE html><html><head><title>Privacy</title></head>{head_and_body}</html>".encode()
    )


def json_page(data) -> Page:
    return Page(json.dumps(data).encode(), content_type="application/json")


# A picture on each page: the browser must never ask for it.
PIXEL = "<img src='/pixel.png' alt=''>"
RENDER = (
    "function render(target, data) {"
    "  target.innerHTML = '<h1>' + data.title + '</h1><p>Effective 1 March 2026.</p>' +"
    "    data.sections.map(s => '<h2>' + s.heading + '</h2><p>' + s.text + '</p>').join('');"
    "}"
)


def js_pages(slow_script_url: str = "") -> dict[str, Page]:
    """The site's pages by path."""
    injected = json.dumps(policy_html("Larkspur Analytics"))
    fetched = {"title": "Quillfeather Books Privacy Notice", "sections": sections("Quillfeather")}
    expanded = {"title": "Brambleworth Energy Privacy Notice", "sections": sections("Brambleworth")}
    return {
        "/static/privacy": page(f"<body><main>{policy_html('Thistledown Mutual')}</main></body>"),
        "/injected/privacy": page(
            f"<body>{PIXEL}<div id='root'></div>"
            f"<script>document.getElementById('root').innerHTML = {injected};</script></body>"
        ),
        "/fetched/privacy": page(
            f"<body>{PIXEL}<div id='app'></div><script>{RENDER}"
            "fetch('/fetched/sections.json').then(r => r.json())"
            ".then(data => render(document.getElementById('app'), data));</script></body>"
        ),
        "/fetched/sections.json": json_page(fetched),
        "/expand/privacy": page(
            "<body><main><p>Brambleworth Energy</p>"
            "<button class='expand-all'>Show the full notice</button><div id='policy'></div>"
            f"</main><script>{RENDER}"
            "document.querySelector('button.expand-all').addEventListener('click', () =>"
            "  fetch('/expand/full.json').then(r => r.json())"
            "  .then(data => render(document.getElementById('policy'), data)));</script></body>"
        ),
        "/expand/full.json": json_page(expanded),
        # The app's bundle never fills the page, in a browser or not.
        "/shell/privacy": page(
            "<body><div id='root'></div><script>console.log('bundle missing');</script>"
            "<noscript>You need to enable JavaScript to run this app.</noscript></body>"
        ),
        # A script that never arrives: the page never finishes loading.
        "/slow/privacy": page(
            f"<head><script src='{slow_script_url}'></script></head><body><div id='root'></div>"
            "</body>"
        ),
        "/pixel.png": Page(b"\x89PNG\r\n\x1a\n", content_type="image/png"),
    }


def tab_counting_page(company: str, script_before: str = "") -> Page:
    """A policy rendered by a script that also counts, in the tab's sessionStorage (one per tab
    and site), the pages of this site the tab has shown: "Page N shown in this tab"."""
    policy = json.dumps(policy_html(company))
    return page(
        f"<body><div id='root'></div>{script_before}<script>"
        "const shown = Number(sessionStorage.getItem('shown') || 0) + 1;"
        "sessionStorage.setItem('shown', shown);"
        f"document.getElementById('root').innerHTML = {policy} +"
        " '<p>Page ' + shown + ' shown in this tab.</p>';</script></body>"
    )


def requires_browser() -> None:
    """Skip, saying how to install it, where no headless Chromium can run."""
    if problem := browser_problem():
        pytest.skip(f"browser tests need a headless Chromium: {problem}")


def driver_spy(tmp_path: Path) -> tuple[str, Path]:
    """A Node for PLAYWRIGHT_NODEJS_PATH (Playwright's own setting) that runs the real one and
    notes each start of Playwright's driver in the returned file."""
    import playwright

    node = Path(playwright.__file__).parent / "driver" / "node"
    starts = tmp_path / "driver-starts.log"
    wrapper = tmp_path / "node-spy"
    wrapper.write_text(f'#!/bin/sh\necho started >> "{starts}"\nexec "{node}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    return str(wrapper), starts
