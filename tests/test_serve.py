"""Datasette on the database: metadata, views, search and canned queries; `policywatch serve`."""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest

from crawler.query.serve import METADATA_RESOURCE, datasette_for
from tests.support.paths import ROOT, readme_section
from tests.support.query_history import CONTOSO_V2, NORTHWIND_V1, build_history, record

pytest.importorskip("datasette", reason="Datasette is the optional [serve] extra")


@pytest.fixture
def db_path(tmp_path):
    store = build_history(tmp_path / "history.db")
    # A silent edit in the previous calendar month, for the "last month" canned query.
    last_month = datetime.now(UTC).replace(day=1) - timedelta(days=10)
    edited = CONTOSO_V2.replace("16 or older", "18 or older")
    record(store, store.policy("contoso-terms")["id"], f"{last_month:%Y-%m-%d}T12:00:00Z", edited)
    store.close()
    return tmp_path / "history.db"


def get_json(db_path, path: str):
    async def fetch():
        response = await datasette_for(db_path).client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def test_metadata_titles_views_and_units(db_path):
    metadata = get_json(db_path, "/-/metadata.json")
    tables = metadata["databases"]["history"]["tables"]
    assert tables["silent_edits"]["title"] == "Silent edits"
    assert tables["raw_captures"]["units"] == {"size": "byte"}
    views = {view["name"] for view in get_json(db_path, "/history.json")["views"]}
    assert {"policy_timeline", "latest_versions", "change_details", "silent_edits"} <= views


def test_section_search_uses_the_fts_index(db_path):
    rows = get_json(db_path, "/history/sections.json?_search=couriers&_shape=array")
    assert {row["heading"] for row in rows} == {"Data sharing"}
    assert len(rows) == 3  # the section as it stood in each of Northwind's three versions


def test_canned_query_sections_changed_in_a_year(db_path):
    rows = get_json(
        db_path, "/history/section_changed_in_year.json?heading=shar&year=2023&_shape=array"
    )
    assert [(row["policy"], row["heading"]) for row in rows] == [
        ("northwind-privacy", "Data sharing")
    ]
    none = get_json(
        db_path, "/history/section_changed_in_year.json?heading=shar&year=2022&_shape=array"
    )
    assert none == []


def test_canned_query_silent_edits_last_month(db_path):
    rows = get_json(db_path, "/history/silent_edits_last_month.json?_shape=array")
    # Northwind's 2023 silent edit is long past; only last month's Contoso edit is listed.
    assert [row["policy"] for row in rows] == ["contoso-terms"]


def test_canned_query_policy_on_a_date(db_path):
    rows = get_json(
        db_path,
        "/history/policy_on_date.json?policy=northwind-privacy&date=2022-12-31&_shape=array",
    )
    assert [(row["version_number"], row["markdown"]) for row in rows] == [(1, NORTHWIND_V1)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_command_binds_loopback_and_answers(db_path):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--db", str(db_path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/history/silent_edits.json?_shape=array"
    try:
        body = None
        deadline = time.monotonic() + 30
        while body is None and time.monotonic() < deadline:
            try:
                with urlopen(url) as response:
                    body = json.load(response)
            except URLError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.2)
        assert body is not None, "policywatch serve did not answer within 30 s"
        assert {row["policy"] for row in body} == {"northwind-privacy", "contoso-terms"}
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
        server.stderr.close()


def test_documented_metadata_path_is_the_packaged_file():
    # `datasette ... -m PATH` in the docs must name the file policywatch serve ships as
    # package data, which is what a pip-installed policywatch reads.
    docs = readme_section("Querying the history")
    documented = re.search(r"^datasette data/policywatch\.db -m (\S+)$", docs, re.M).group(1)
    assert (ROOT / documented).read_text(encoding="utf-8") == METADATA_RESOURCE.read_text(
        encoding="utf-8"
    )
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]
    package, name = Path(documented).parent, Path(documented).name
    assert name in package_data[".".join(package.parts)]
