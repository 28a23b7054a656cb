"""Executable docs: every example in the README's "Querying the history" section runs
against a really crawled database.

The database is built by crawling a loopback site twice with the real CLI: a privacy policy
whose data-sharing section is edited between the crawls under the same "Last updated" date
(a silent edit), and a second policy whose URL answers 404 (a fetch error).
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.sandbox.siteserver import Page
from tests.support.paths import FAST_SETTINGS, ROOT, readme_section

DOC = readme_section("Querying the history")
BLOCK = re.compile(r"```(bash|sql)\n(.*?)```", re.S)
POLICY_HTML = """<!doctype html><html><head><title>Fabrikam Privacy Policy</title></head><body>
<nav><a href="/">Home</a> <a href="/shop">Shop</a></nav>
<article>
<h1>Fabrikam Privacy Policy</h1>
<p>Last updated: 1 March 2024</p>
<p>Fabrikam makes garden furniture. This policy explains what we collect and why.</p>
<h2>Information we collect</h2>
<p>We collect your name, postal address and e-mail address when you place an order, and the
details of the furniture you bought so that we can honour its guarantee.</p>
<h2>Data sharing</h2>
<p>We share your address with the carriers who deliver your order. {sharing}</p>
<h2>Your rights</h2>
<p>You may ask for a copy of your data, or ask us to correct or delete it, by writing to
privacy@fabrikam.example at any time.</p>
</article>
<footer>Fabrikam Ltd</footer></body></html>
"""
FIRST = "We never sell your data."
SECOND = "We also share purchase history with advertisers who show you our offers."


def examples(kind: str) -> list[str]:
    blocks = [body for block_kind, body in BLOCK.findall(DOC) if block_kind == kind]
    if kind == "bash":
        return [line for block in blocks for line in block.splitlines() if line.strip()]
    return blocks


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    """A working directory with data/policies.yaml and a data/policywatch.db crawled twice."""
    from crawler.sandbox.siteserver import SiteServer

    workdir = tmp_path_factory.mktemp("docs")
    with SiteServer() as site:
        site.pages["/gone"] = Page(b"<html><body>Not here</body></html>", status=404)
        (workdir / "data").mkdir()
        (workdir / "data" / "policies.yaml").write_text(
            "policies:\n"
            f"- name: fabrikam-privacy\n  url: {site.url('/privacy')}\n"
            "  organisation: Fabrikam\n"
            f"- name: fabrikam-terms\n  url: {site.url('/gone')}\n  organisation: Fabrikam\n"
        )
        for sharing in (FIRST, SECOND):
            site.pages["/privacy"] = Page(POLICY_HTML.replace("{sharing}", sharing).encode())
            crawl = policywatch("crawl", *FAST_SETTINGS, cwd=workdir)
            # Exit status 1: some fetch failed, as the 404 page must.
            assert crawl.returncode == 1, crawl.stdout + crawl.stderr
    return workdir


def policywatch(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("POLICYWATCH_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        cwd=cwd,
        env=env,
        text=True,
        timeout=120,
        capture_output=True,
    )


def shell_env(workdir: Path) -> dict[str, str]:
    """PATH with a `policywatch` that runs this checkout, and sqlite-utils from this Python."""
    bin_dir = workdir / "bin"
    bin_dir.mkdir(exist_ok=True)
    launcher = bin_dir / "policywatch"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m crawler "$@"\n')
    launcher.chmod(0o755)
    path = os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), os.environ["PATH"]])
    env = {**os.environ, "PATH": path, "PYTHONPATH": str(ROOT)}
    env.pop("POLICYWATCH_DB", None)
    return env


def test_the_crawls_made_a_silent_edit_and_a_fetch_error(crawled):
    with sqlite3.connect(crawled / "data" / "policywatch.db") as conn:
        assert conn.execute("SELECT policy FROM silent_edits").fetchall() == [("fabrikam-privacy",)]
        assert ("fabrikam-terms", "http-4xx") in conn.execute(
            "SELECT policy, outcome FROM fetch_errors"
        ).fetchall()


@pytest.mark.parametrize("command", examples("bash"))
def test_shell_example(crawled, command):
    result = subprocess.run(
        command,
        shell=True,
        cwd=crawled,
        env=shell_env(crawled),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), f"no output from: {command}"


@pytest.mark.parametrize("sql", examples("sql"))
def test_sql_example(crawled, sql):
    with sqlite3.connect(crawled / "data" / "policywatch.db") as conn:
        rows = conn.execute(sql).fetchall()
    assert rows, f"no rows from:\n{sql}"


def test_the_doc_has_examples_of_every_kind():
    assert len(examples("bash")) >= 8 and len(examples("sql")) >= 4
