"""The watch list: validation names the line and field; add/list through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.config import watchlist

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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # `$` would accept the name with its trailing newline.
        ('policies:\n- name: "acme\\n"\n  url: https://x.test\n', r":2: name: name must be"),
        (f"policies:\n- name: {'a' * 65}\n  url: https://x.test\n", ":2: name: .*at most 64"),
        (
            'policies:\n- name: a\n  url: https://x.test\n  organisation: "Acme\\e[31m"\n',
            ":4: organisation: control characters",
        ),
        (
            'policies:\n- name: a\n  url: https://x.test\n  tags: [ok, "bad\\u0007"]\n',
            ":4: tags: control characters",
        ),
        ("policies:\n- name: a\n  url: https://x.test\n  organisation: '  '\n", ":4: .*empty"),
    ],
)
def test_names_organisations_and_tags_refuse_what_breaks_files_and_headers(tmp_path, text, message):
    with pytest.raises(watchlist.WatchListError, match=message):
        watchlist.load(write(tmp_path, text))


def test_organisations_and_tags_are_stripped_and_64_character_names_pass(tmp_path):
    text = (
        f"policies:\n- name: {'a' * 64}\n  url: https://x.test\n"
        "  organisation: '  Acme  '\n  tags: [' health ', travel]\n"
    )
    [policy] = watchlist.load(write(tmp_path, text))
    assert (policy.organisation, policy.tags) == ("Acme", ["health", "travel"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "policies:\n- name: a\n  url: !!python/object/apply:os.system [echo hi]\n",
            "policies.yaml:3: tag '!!python/object/apply:os.system' not allowed",
        ),
        ("policies:\n- name: a\n  url: [unclosed\n", "policies.yaml:4: not valid YAML: expected"),
        (
            "policies:\n- name: a\n  url: https://x.test\n  url: https://y.test\n",
            "policies.yaml:4: duplicate key 'url'",
        ),
        ("policies: []\npolicies: []\n", "policies.yaml:2: duplicate key 'policies'"),
    ],
)
def test_unsafe_broken_or_ambiguous_yaml_is_a_file_line_message(run_cli, tmp_path, text, message):
    write(tmp_path, text)
    result = run_cli("list", "--watchlist", "policies.yaml", check=False)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_add_refuses_bad_names_and_labels_on_the_command_line(run_cli, tmp_path):
    url = "https://acme.test/privacy"
    for args in (
        ["--name", "acme\n"],
        ["--name", "a" * 65],
        ["--name", "acme", "--org", "Acme\x1b[2J"],
        ["--name", "acme", "--tag", "x\ty"],
    ):
        result = run_cli("add", url, *args, "--watchlist", "w.yaml", check=False)
        assert result.returncode == 2 and "Traceback" not in result.stderr, args
    assert not (tmp_path / "w.yaml").exists()
    run_cli(
        "add",
        url,
        "--name",
        "acme",
        "--org",
        " Acme ",
        "--tag",
        " health ",
        "--watchlist",
        "w.yaml",
    )
    assert watchlist.load(tmp_path / "w.yaml")[0].organisation == "Acme"


def test_add_keeps_the_users_comments_and_layout(run_cli, tmp_path):
    text = (
        "# My watch list: reviewed every Monday.\n"
        "policies:\n"
        "- name: acme  # the main one\n"
        "  url: https://acme.test/privacy\n"
        "  tags: [health, travel]\n"
        "\n"
        "# Kept off until their site is back.\n"
        "- name: globex\n"
        "  url: https://globex.test/privacy\n"
        "  enabled: false\n"
    )
    write(tmp_path, text)
    run_cli("add", "https://initech.test/tos", "--name", "initech", "--watchlist", "policies.yaml")
    after = (tmp_path / "policies.yaml").read_text()
    assert after.startswith(text)
    assert after[len(text) :] == "- name: initech\n  url: https://initech.test/tos\n"
    assert [p.name for p in watchlist.load(tmp_path / "policies.yaml")] == [
        "acme",
        "globex",
        "initech",
    ]


@pytest.mark.parametrize("text", ["# Policies to add below.\n", "# Mine.\npolicies:  # none yet\n"])
def test_add_to_a_list_with_no_entries_keeps_its_comments(run_cli, tmp_path, text):
    write(tmp_path, text)
    run_cli("add", "https://initech.test/tos", "--name", "initech", "--watchlist", "policies.yaml")
    after = (tmp_path / "policies.yaml").read_text()
    assert after.startswith(text)
    assert [p.name for p in watchlist.load(tmp_path / "policies.yaml")] == ["initech"]
