"""The reporter registry, the alerts configuration and subscriptions."""

from __future__ import annotations

import pytest

from crawler.alerts import REPORTERS, Reporter
from crawler.alerts.config import AlertsConfigError, load_alerts, secret
from crawler.alerts.model import Alert
from crawler.alerts.subscriptions import Subscription
from diffing.compare import compare_documents
from diffing.parse import parse_document
from tests.support.paths import ROOT


def test_registry_holds_every_reporter_under_its_short_name():
    assert sorted(REPORTERS) == ["atom", "email", "rss", "webhook"]
    for name, cls in REPORTERS.items():
        assert issubclass(cls, Reporter)
        assert cls.type_name == name
        assert cls.deliver is not Reporter.deliver
        assert cls.OPTIONS, f"{name} declares no settings"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("reporters:\n- type: pigeon\n", "unknown type 'pigeon'"),
        ("reporters:\n- type: email\n  smtp_hots: x\n", "unknown setting(s) smtp_hots"),
        ("reporters:\n- type: email\n  password: hunter2\n", "never write a password here"),
        ("reporters:\n- type: atom\n- type: atom\n", "reporter id(s) used twice: atom"),
        ("reporters:\n- type: atom\n  subscribe: {words: [x]}\n", "subscribe: takes"),
        ("reporter: []\n", "unknown key(s) reporter"),
        (
            "reporters:\n- type: atom\n  subscribe: {topics: [sharing, gossip]}\n",
            "subscribe: topics: unknown gossip (known: data-collection, sharing,",
        ),
    ],
)
def test_bad_configuration_is_refused_with_the_reason(tmp_path, yaml_text, message):
    path = tmp_path / "alerts.yaml"
    path.write_text(yaml_text)
    with pytest.raises(AlertsConfigError) as refused:
        load_alerts(path, REPORTERS)
    assert message in str(refused.value)
    assert "hunter2" not in str(refused.value)


def test_missing_file_means_no_reporters(tmp_path):
    assert load_alerts(tmp_path / "absent.yaml", REPORTERS).reporters == ()


def test_secret_comes_from_environment_or_file_only(tmp_path, monkeypatch):
    monkeypatch.setenv("QUILL_SECRET", "s3cret")
    (tmp_path / "secret").write_text("from-file\n")
    assert secret({"password_env": "QUILL_SECRET"}, "password") == "s3cret"
    assert secret({"password_file": str(tmp_path / "secret")}, "password") == "from-file"
    with pytest.raises(AlertsConfigError, match=r"QUILL_MISSING .* is not set"):
        secret({"password_env": "QUILL_MISSING"}, "password")
    with pytest.raises(AlertsConfigError, match="missing password"):
        secret({}, "password")


OLD = """# Quillfeather Privacy Policy

## How we share data

We share data with payment processors. We never sell it.

## Disputes

Write to us first.
"""


def alert_for(new_markdown: str) -> Alert:
    diff = compare_documents(parse_document(OLD), parse_document(new_markdown))
    return Alert(
        to_version_id=1,
        policy="quill-privacy",
        organisation="Quillfeather",
        url="https://quill.example/privacy",
        tags=("notes",),
        kind="content",
        flags=(),
        changed_at="2025-04-01T00:00:00Z",
        detected_at="2025-04-01T00:00:00Z",
        entry_id="urn:uuid:0",
        wayback_link="https://web.archive.org/web/20250401000000/https://quill.example/privacy",
        diff=diff,
    )


SHARING_EDIT = alert_for(OLD.replace("We never sell it.", "We may sell it to partners."))
DISPUTES_EDIT = alert_for(OLD.replace("Write to us first.", "Arbitration applies."))


@pytest.mark.parametrize(
    ("subscription", "sharing", "disputes"),
    [
        (Subscription(), True, True),
        (Subscription(keywords=("SELL",)), True, False),  # whole word, any case
        (Subscription(keywords=("sel",)), False, False),  # not a part of a word
        (Subscription(keywords=("arbitra*",)), False, True),  # prefix
        (Subscription(sections=("sharing",)), False, False),  # heading says "share"
        (Subscription(sections=("share",)), True, False),
        (Subscription(sections=("disputes",), keywords=("partners",)), True, True),
        (Subscription(tags=("notes",)), True, True),
        (Subscription(tags=("health",)), False, False),
        (Subscription(topics=("sharing",)), True, False),  # what the changed section is about
        (Subscription(topics=("dispute-resolution", "ai-training")), False, True),
        (Subscription(topics=("children",)), False, False),
    ],
)
def test_subscriptions_filter_by_keyword_section_tag_or_topic(subscription, sharing, disputes):
    assert subscription.matches(SHARING_EDIT) is sharing
    assert subscription.matches(DISPUTES_EDIT) is disputes


def test_example_configuration_loads():
    example = ROOT / "data" / "alerts.example.yaml"
    config = load_alerts(example, REPORTERS)
    assert [(r.id, r.type) for r in config.reporters] == [
        ("legal-inbox", "email"),
        ("privacy-team", "email"),
        ("atom", "atom"),
        ("rss", "rss"),
        ("webhook", "webhook"),
    ]
    assert config.reporters[1].subscription.keywords == ("sell", "AI", "arbitration", "biometric*")
