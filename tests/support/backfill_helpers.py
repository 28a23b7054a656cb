"""Helpers for back-fill tests: a fictional company's policy editions, and the CLI running
against a local Wayback server (crawler.sandbox.wayback) in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import yaml

from crawler.sandbox.wayback import ArchiveStore, WaybackServer
from crawler.sandbox.wayback.store import Capture as ArchivedCapture
from crawler.storage import open_database
from tests.support.paths import ROOT

POLICY_URL = "https://www.harbourlane-bakery.example/privacy"

# Fictional: Harbour Lane Bakery's privacy policy as it read in successive editions.
SECTIONS = {
    "What we collect": (
        "When you order a cake we collect your name, your e-mail address and the address "
        "the order is delivered to. We keep order records for {retention}."
    ),
    "How we use your data": (
        "We use your details to bake and deliver your order and to answer your questions. "
        "{marketing}"
    ),
    "Cookies": (
        "Our shop uses one cookie to remember your basket. It expires after one day and "
        "is never shared with anyone."
    ),
    "Your rights": (
        "You may ask to see, correct or delete the data we hold about you by writing to "
        "privacy@harbourlane-bakery.example or through our "
        "<a href='https://www.harbourlane-bakery.example/contact'>contact form</a>. "
        "We answer within thirty days."
    ),
}
EDITIONS = {
    1: {"retention": "two years", "marketing": "We never send newsletters.", "cookies": False},
    2: {"retention": "two years", "marketing": "We never send newsletters.", "cookies": True},
    3: {
        "retention": "six months",
        "marketing": "With your consent we send a monthly newsletter about new breads.",
        "cookies": True,
    },
}


def edition(number: int) -> bytes:
    """Edition `number` of the policy as a full page with site chrome; any number works
    (numbers beyond the written editions differ by their footer line of the text)."""
    values = EDITIONS.get(number, {**EDITIONS[3], "retention": f"{number} months"})
    sections = [
        f"<h2>{heading}</h2><p>{text.format(**values)}</p>"
        for heading, text in SECTIONS.items()
        if heading != "Cookies" or values["cookies"]
    ]
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Privacy | Harbour Lane Bakery"
        "</title></head><body><header><nav><a href='/'>Home</a> <a href='/cakes'>Cakes</a>"
        "</nav></header><main><h1>Privacy Policy</h1>"
        f"<p>Harbour Lane Bakery Ltd, edition {number}. This policy explains what we do with "
        "the personal data of our customers, in plain words.</p>"
        + "".join(sections)
        + "</main><footer><p>© Harbour Lane Bakery</p></footer></body></html>"
    ).encode()


def write_watchlist(directory: Path, policies: dict[str, str]) -> Path:
    path = directory / "policies.yaml"
    entries = [{"name": name, "url": url} for name, url in policies.items()]
    path.write_text(yaml.safe_dump({"policies": entries}), encoding="utf-8")
    return path


def backfill_command(directory: Path, server: WaybackServer, *args: str) -> list[str]:
    """`policywatch backfill` against `server`, politeness settings zero unless `args` set them."""
    settings = {
        "POLICYWATCH_WAYBACK_URL": server.base_url,
        "POLICYWATCH_WAYBACK_CDX_INTERVAL": "0",
        "POLICYWATCH_WAYBACK_CAPTURE_INTERVAL": "0",
        "POLICYWATCH_RETRY_BACKOFF_BASE": "0",
        "RETRY_TIMES": "1",
    }
    flags = [f for name, value in settings.items() for f in ("-s", f"{name}={value}")]
    return [
        sys.executable,
        "-m",
        "crawler",
        "backfill",
        "--db",
        str(directory / "pw.db"),
        "--watchlist",
        str(directory / "policies.yaml"),
        *flags,
        *args,
    ]


def environment() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("POLICYWATCH_DB", None)
    return env


def backfill(directory: Path, server: WaybackServer, *args: str) -> subprocess.CompletedProcess:
    """Run a back-fill to completion; the caller checks the exit status."""
    return subprocess.run(
        backfill_command(directory, server, *args),
        capture_output=True,
        text=True,
        cwd=directory,
        env=environment(),
        timeout=120,
    )


def start_backfill(directory: Path, server: WaybackServer, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        backfill_command(directory, server, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=directory,
        env=environment(),
    )


def wait_for(condition, timeout: float = 30.0) -> None:
    """Poll `condition` every 10 ms until it holds (AssertionError after `timeout`)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.01)


def capture_requests(server: WaybackServer, after: int = 0) -> list[str]:
    """Paths of the /web/ capture requests the server received after the first `after`."""
    return [r.path for r in server.requests[after:] if r.path.startswith("/web/")]


def cdx_requests(server: WaybackServer, after: int = 0):
    return [r for r in server.requests[after:] if r.path == "/cdx/search/cdx"]


SITE = "https://www.harbourlane-bakery.example"


class IndexAheadOfReplay(ArchiveStore):
    """An archive whose CDX index lists captures its replay does not hold exactly, as the real
    index and replay sometimes disagree (WAYBACK.md: "check the landing capture's date")."""

    def __init__(self) -> None:
        super().__init__()
        self.index_only: list[ArchivedCapture] = []

    def list_only(self, url: str, timestamp: str) -> None:
        self.index_only.append(ArchivedCapture(url, timestamp, edition(1)))

    def captures_matching(self, predicate) -> list[ArchivedCapture]:
        listed = super().captures_matching(predicate)
        listed += [c for c in self.index_only if predicate(c.urlkey)]
        return sorted(listed, key=lambda c: (c.urlkey, c.timestamp))


def fetch_outcomes(directory: Path) -> dict[str, list[str]]:
    store = open_database(directory / "pw.db")
    rows = store.fetches_after(0)
    store.close()
    outcomes: dict[str, list[str]] = {}
    for row in rows:
        outcomes.setdefault(row["policy"], []).append(row["outcome"])
    return outcomes
