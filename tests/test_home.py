"""Where policywatch keeps its files (`where`), and a new home set up by `init`."""

from __future__ import annotations

import json
import sqlite3

from crawler.alerts import REPORTERS
from crawler.alerts.config import load_alerts
from crawler.config import watchlist
from tests.support.alerting import publish
from tests.support.paths import FAST_SETTINGS


def where(run_cli, env=None) -> dict:
    return json.loads(run_cli("where", "--format", "json", env=env).stdout)


def test_home_is_xdg_data_dir_without_a_project_data_dir(run_cli, tmp_path):
    paths = where(run_cli)
    home = tmp_path / "xdg-data" / "policywatch"
    assert paths["home"] == str(home)
    assert paths["home_from"] == "XDG data directory"
    assert paths["database"] == str(home / "policywatch.db")
    assert paths["watchlist"] == str(home / "policies.yaml")
    assert paths["alerts"] == str(home / "alerts.yaml")
    assert paths["feeds"] == str(home / "feeds")


def test_home_without_xdg_variable_is_under_the_home_directory(run_cli, tmp_path):
    paths = where(run_cli, env={"XDG_DATA_HOME": "", "HOME": str(tmp_path / "me")})
    assert paths["home"] == str(tmp_path / "me" / ".local" / "share" / "policywatch")


def test_project_data_dir_wins_over_xdg_and_policywatch_home_over_both(run_cli, tmp_path):
    (tmp_path / "data").mkdir()
    assert where(run_cli)["database"] == str(tmp_path / "data" / "policywatch.db")
    assert where(run_cli)["home_from"] == "project data/"
    elsewhere = tmp_path / "elsewhere"
    paths = where(run_cli, env={"POLICYWATCH_HOME": str(elsewhere)})
    assert paths["home"] == str(elsewhere)
    assert paths["watchlist"] == str(elsewhere / "policies.yaml")


def test_file_options_and_variables_win_over_the_home(run_cli, tmp_path):
    env = {"POLICYWATCH_HOME": str(tmp_path / "h"), "POLICYWATCH_DB": str(tmp_path / "x.db")}
    paths = json.loads(
        run_cli("where", "--format", "json", "--watchlist", "w.yaml", env=env).stdout
    )
    assert paths["database"] == str(tmp_path / "x.db")
    assert paths["feeds"] == str(tmp_path / "feeds")  # beside the database, as reporters do
    assert paths["watchlist"] == str(tmp_path / "w.yaml")
    assert paths["alerts"] == str(tmp_path / "h" / "alerts.yaml")
    text = run_cli("where", env=env).stdout
    assert f"database   {tmp_path / 'x.db'}  (not there yet)" in text


def test_init_creates_a_working_home(run_cli, tmp_path):
    home = tmp_path / "xdg-data" / "policywatch"
    result = run_cli("init")
    assert f"created {home / 'policies.yaml'}" in result.stdout
    assert watchlist.load(home / "policies.yaml") == []
    assert "# policywatch watch list" in (home / "policies.yaml").read_text()
    config = load_alerts(home / "alerts.yaml", REPORTERS)
    assert [r.type for r in config.reporters] == ["atom"]
    with sqlite3.connect(home / "policywatch.db") as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"policies", "versions", "fetch_log"} <= tables
    assert (home / "feeds").is_dir()
    # The starter file takes `add` like any watch list, keeping its comments.
    run_cli("add", "https://example.test/privacy", "--name", "example-privacy")
    assert [p.name for p in watchlist.load(home / "policies.yaml")] == ["example-privacy"]
    assert "# policywatch watch list" in (home / "policies.yaml").read_text()


def test_init_refuses_to_overwrite_and_creates_nothing(run_cli, tmp_path):
    home = tmp_path / "h"
    home.mkdir()
    (home / "alerts.yaml").write_text("reporters: []  # mine\n")
    result = run_cli("init", check=False, env={"POLICYWATCH_HOME": str(home)})
    assert result.returncode == 1
    assert "already there, left as is" in result.stderr
    assert str(home / "alerts.yaml") in result.stderr
    assert (home / "alerts.yaml").read_text() == "reporters: []  # mine\n"
    assert sorted(p.name for p in home.iterdir()) == ["alerts.yaml"]


def test_a_home_holds_database_watch_list_alerts_and_feeds_through_a_run(site, run_cli, tmp_path):
    env = {"POLICYWATCH_HOME": str(tmp_path / "home")}
    run_cli("init", env=env)
    for name, path in (("quill-privacy", "/quill/privacy"), ("raven-terms", "/raven/terms")):
        run_cli("add", site.url(path), "--name", name, env=env)
    publish(site, 1)
    run_cli("run", *FAST_SETTINGS, "-s", "ROBOTSTXT_OBEY=0", env=env)
    publish(site, 2)
    second = run_cli("run", *FAST_SETTINGS, "-s", "ROBOTSTXT_OBEY=0", env=env)
    assert "alerts: 2 sent, 0 failed" in second.stdout
    assert (tmp_path / "home" / "feeds" / "all.atom").exists()
    assert "raven-terms" in run_cli("history", "raven-terms", env=env).stdout
    assert not (tmp_path / "data").exists()
