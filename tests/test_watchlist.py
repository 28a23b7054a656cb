"""The watch list: validation names the line and field; add/list through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler import watchlist

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path, text):
    path = tmp_path / "policies.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("policies:\n- name: a\n  url: ftp://x.test/p\n", ":3: url: URL must start with http"),
        ("policies:\n- name: a\n  url: https://x.test/p\n  colour: red\n", ":4: colour: unknown"),
        ("policies:\n- name: a\n", ":2: url: missing"),
        ("policies:\n- name: Bad Name\n  url: https://x.test\n", ":2: name: name must be"),
        (
            "policies:\n- name: a\n  url: https://x.test\n  enabled: maybe\n",
            ":4: enabled: expected true or false",
        ),
        (
            "policies:\n- name: a\n  url: https://x.test\n- name: a\n  url: https://y.test\n",
            ":4: name: duplicate 'a'",
        ),
        ("policies: [unclosed\n", "not valid YAML"),
        ("- just a list\n", ":1: expected a mapping"),
        ("policies:\n- name: a\n  url: https://\n", ":3: url: URL has no host"),
        (
            "policies:\n- name: a\n  url: https://x.test\n  document: shipping policy\n",
            ":4: document: unknown document type 'shipping policy' .known: cookie-notice",
        ),
        (
            "policies:\n- name: a\n  url: https://x.test\n  document: [privacy-policy]\n",
            ":4: document: expected text",
        ),
    ],
)
def test_malformed_watch_lists_name_the_line_and_field(tmp_path, text, message):
    with pytest.raises(watchlist.WatchListError, match=message.replace("[", r"\[")):
        watchlist.load(write(tmp_path, text))


def test_the_document_field_accepts_open_terms_archive_names_and_normalises_them(tmp_path):
    text = (
        "policies:\n- name: a\n  url: https://x.test/legal\n  document: Privacy Policy\n"
        "- name: b\n  url: https://x.test/legal\n  document: trackers_policy\n"
        "- name: c\n  url: https://x.test/privacy\n"
    )
    policies = watchlist.load(write(tmp_path, text))
    assert [p.document for p in policies] == ["privacy-policy", "trackers-policy", None]
    watchlist.save(tmp_path / "again.yaml", policies)
    assert watchlist.load(tmp_path / "again.yaml") == policies


def test_the_shipped_watch_list_is_valid_and_has_the_founding_policies():
    policies = {p.name: p for p in watchlist.load(ROOT / "data" / "policies.yaml")}
    assert policies["img-privacy"].url == "https://www.imglobal.com/legal/privacy-policy"
    assert policies["imo-health-privacy"].url == "https://www.imohealth.com/privacy-policy/"
    assert policies["international-sos-privacy"].url == "https://www.internationalsos.com/privacy"
    assert len(policies) >= 6


def test_add_then_list_round_trips_through_the_file(run_cli, tmp_path):
    run_cli(
        "add",
        "https://acme.test/privacy",
        "--name",
        "acme",
        "--org",
        "Acme",
        "--select",
        "main article",
        "--remove",
        ".promo",
        "--document",
        "Privacy Policy",
        "--watchlist",
        "w.yaml",
    )
    listed = json.loads(run_cli("list", "--format", "json", "--watchlist", "w.yaml").stdout)
    assert listed == [
        {
            "name": "acme",
            "url": "https://acme.test/privacy",
            "organisation": "Acme",
            "document": "privacy-policy",
            "select": ["main article"],
            "remove": [".promo"],
        }
    ]
    duplicate = run_cli(
        "add", "https://acme.test/other", "--name", "acme", "--watchlist", "w.yaml", check=False
    )
    assert duplicate.returncode == 2 and "already in" in duplicate.stderr
    bad = run_cli("add", "file:///etc/passwd", "--name", "x", "--watchlist", "w.yaml", check=False)
    assert bad.returncode == 2 and "http:// or https://" in bad.stderr
    unknown = run_cli(
        "add",
        "https://acme.test/legal",
        "--name",
        "y",
        "--document",
        "faq",
        "--watchlist",
        "w.yaml",
        check=False,
    )
    assert unknown.returncode == 2 and "unknown document type 'faq'" in unknown.stderr
    assert "Traceback" not in duplicate.stderr + bad.stderr + unknown.stderr


def test_a_malformed_watch_list_is_a_one_line_error_not_a_traceback(run_cli, tmp_path):
    write(tmp_path, "policies:\n- name: a\n  url: gopher://x\n")
    result = run_cli("crawl", "--watchlist", "policies.yaml", check=False)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error:") and ":3: url:" in result.stderr
    assert "Traceback" not in result.stderr
