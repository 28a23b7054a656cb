"""The e-mail reporter against a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.storage import open_database
from tests.support.alerting import (
    PASSWORD,
    SCRIPT_TEXT,
    crawl_two_editions,
    email_reporter,
    free_port,
    smtp_server,
    write_alerts,
)
from tests.support.paths import ROOT


@pytest.fixture
def changed_db(site, run_cli, tmp_path) -> Path:
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    return db


def send_alerts(run_cli, db: Path, config: Path, *extra: str, check=True):
    env_args = ("--db", str(db), "--alerts", str(config))
    return run_cli("alerts", *env_args, *extra, check=check)


def test_digest_has_both_parts_grouped_by_organisation_with_escaped_diffs(
    changed_db, run_cli, tmp_path, monkeypatch
):
    port = free_port()
    monkeypatch.setenv("QUILLWATCH_SMTP_PASSWORD", PASSWORD)
    config = write_alerts(
        tmp_path / "alerts.yaml",
        email_reporter(port, user="alerts", password_env="QUILLWATCH_SMTP_PASSWORD"),
    )
    # Plain-text AUTH on loopback only; the STARTTLS test below requires TLS before AUTH.
    with smtp_server(port, auth_require_tls=False) as inbox:
        result = send_alerts(run_cli, changed_db, config)
    assert inbox.logins == [b"alerts"]
    assert PASSWORD not in result.stdout + result.stderr
    assert PASSWORD.encode() not in changed_db.read_bytes()
    (recipients, message), *others = inbox.messages
    assert others == []
    assert recipients == ["legal@quillwatch.example"]
    # A long subject is folded right after "Subject:"; unfolding leaves the fold's space.
    assert message["Subject"].lstrip() == (
        "policywatch: 2 policy changes (Quillfeather & <Notes> Ltd, Ravenbrook Tools)"
    )
    assert message["From"] == "policywatch@quillwatch.example"
    assert message.get_content_type() == "multipart/alternative"

    text = message.get_body(("plain",)).get_content()
    assert text.index("== Quillfeather & <Notes> Ltd ==") < text.index("== Ravenbrook Tools ==")
    assert "quill-privacy: content and effective date changed" in text
    assert "raven-terms: silent edit" in text
    assert "Sections: Added: Disputes" in text
    assert "[+Any dispute will be settled by binding arbitration" in text
    assert "We [-never-][+may+] sell" in text
    assert "Wayback capture: https://web.archive.org/web/" in text

    html = message.get_body(("html",)).get_content()
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in html
    assert "<h2>Quillfeather &amp; &lt;Notes&gt; Ltd</h2>" in html
    assert "binding arbitration" in html and "<ins " in html and "<del " in html
    assert 'href="https://web.archive.org/web/' in html
    assert SCRIPT_TEXT in text  # plain text keeps the policy's words as they are


def test_smtp_down_then_up_loses_nothing_and_sends_once(changed_db, run_cli, tmp_path):
    port = free_port()
    config = write_alerts(tmp_path / "alerts.yaml", email_reporter(port))
    down = send_alerts(run_cli, changed_db, config, check=False)
    assert down.returncode == 1
    assert "FAILED (kept, retried next run)" in down.stdout
    store = open_database(changed_db)
    assert {d["status"] for d in store.deliveries("email")} == {"failed"}

    with smtp_server(port) as inbox:
        up = send_alerts(run_cli, changed_db, config)
        again = send_alerts(run_cli, changed_db, config)
    assert "email: sent 2" in up.stdout
    assert "email: sent 0" in again.stdout
    assert len(inbox.messages) == 1
    rows = store.deliveries("email")
    assert [(d["status"], d["attempts"]) for d in rows] == [("sent", 2), ("sent", 2)]


def test_dry_run_sends_nothing_then_per_policy_keyword_subscription(changed_db, run_cli, tmp_path):
    port = free_port()
    config = write_alerts(
        tmp_path / "alerts.yaml",
        email_reporter(port, digest="policy") | {"subscribe": {"keywords": ["arbitration"]}},
    )
    with smtp_server(port) as inbox:
        dry = send_alerts(run_cli, changed_db, config, "--dry-run")
        assert inbox.messages == []
        assert "would send 1, filtered out 1" in dry.stdout
        assert "raven-terms: silent edit" in dry.stdout
        send_alerts(run_cli, changed_db, config)
    (_, message), *others = inbox.messages
    assert others == []
    assert message["Subject"].lstrip().startswith("policywatch: raven-terms changed (silent edit")
    statuses = {d["status"] for d in open_database(changed_db).deliveries("email")}
    assert statuses == {"sent", "filtered"}


@pytest.fixture
def certificate(tmp_path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made by the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl command not found: needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
    subprocess.run(
        [
            *command.split(),
            *("-keyout", str(key), "-out", str(cert)),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_starttls_then_login_with_password_from_a_file(changed_db, run_cli, tmp_path, certificate):
    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    secret_file = tmp_path / "smtp-password"
    secret_file.write_text(PASSWORD + "\n")
    port = free_port()
    config = write_alerts(
        tmp_path / "alerts.yaml",
        email_reporter(port, security="starttls", ca_file=str(cert), user="alerts")
        | {"password_file": str(secret_file)},
    )
    options = {
        "tls_context": server_tls,
        "require_starttls": True,
        "auth_required": True,
    }
    with smtp_server(port, **options) as inbox:
        send_alerts(run_cli, changed_db, config)
    assert inbox.logins == [b"alerts"]
    assert len(inbox.messages) == 1


def statuses(db: Path) -> list[str]:
    return [d["status"] for d in open_database(db).deliveries("email")]


def test_a_421_answer_to_quit_after_accepted_mail_still_counts_as_sent(
    changed_db, run_cli, tmp_path
):
    port = free_port()
    config = write_alerts(tmp_path / "alerts.yaml", email_reporter(port, digest="policy"))
    with smtp_server(port) as inbox:
        inbox.quit_reply = "421 closing anyway"
        first = send_alerts(run_cli, changed_db, config)
        second = send_alerts(run_cli, changed_db, config)
    assert "email: sent 2" in first.stdout and "FAILED" not in first.stdout
    assert "email: sent 0" in second.stdout
    assert len(inbox.messages) == 2
    assert statuses(changed_db) == ["sent", "sent"]


def test_a_connection_dropped_after_the_first_message_resends_only_the_second(
    changed_db, run_cli, tmp_path
):
    port = free_port()
    config = write_alerts(tmp_path / "alerts.yaml", email_reporter(port, digest="policy"))

    def drop_after_one(server, accepted: int) -> bool:
        if accepted == 1:
            server.transport.close()
            return True
        return False

    with smtp_server(port) as inbox:
        inbox.before_data = drop_after_one
        dropped = send_alerts(run_cli, changed_db, config, check=False)
        assert dropped.returncode == 1
        assert "email: sent 1" in dropped.stdout
        inbox.before_data = None
        send_alerts(run_cli, changed_db, config)
    subjects = [m["Subject"].lstrip() for _, m in inbox.messages]
    assert len(subjects) == 2
    assert subjects[0].startswith("policywatch: quill-privacy changed")
    assert subjects[1].startswith("policywatch: raven-terms changed")
    assert statuses(changed_db) == ["sent", "sent"]


def test_a_sender_killed_between_two_messages_resends_nothing_already_accepted(
    changed_db, tmp_path
):
    port = free_port()
    config = write_alerts(tmp_path / "alerts.yaml", email_reporter(port, digest="policy"))
    command = [sys.executable, "-m", "crawler", "alerts", "--db", str(changed_db)]
    command += ["--alerts", str(config)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    sender: list[subprocess.Popen] = []

    def kill_sender(server, accepted: int) -> bool:
        if accepted == 1 and sender[0].poll() is None:
            sender[0].kill()  # SIGKILL: no chance to record anything more
            sender[0].wait()
            return True
        return False

    with smtp_server(port) as inbox:
        inbox.before_data = kill_sender
        sender.append(subprocess.Popen(command, cwd=tmp_path, env=env))
        assert sender[0].wait(timeout=120) == -signal.SIGKILL
        assert statuses(changed_db) == ["sent"]
        inbox.before_data = None
        again = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "email: sent 1" in again.stdout
    subjects = [m["Subject"].lstrip() for _, m in inbox.messages]
    assert len(subjects) == 2
    assert subjects[1].startswith("policywatch: raven-terms changed")
    assert statuses(changed_db) == ["sent", "sent"]


def test_a_newline_in_a_stored_name_or_organisation_does_not_block_mail(
    changed_db, run_cli, tmp_path
):
    # A database written before the watch list refused them: YAML's folded `>` form ends a
    # value with a newline, and the header must still be one clean line.
    with sqlite3.connect(changed_db) as db:
        db.execute("UPDATE policies SET organisation = organisation || char(10) || char(9)")
        db.execute(
            "UPDATE policies SET name = name || char(13) || char(10) WHERE name = 'raven-terms'"
        )
    port = free_port()
    config = write_alerts(
        tmp_path / "alerts.yaml",
        email_reporter(port),
        email_reporter(port, digest="policy") | {"id": "per-policy"},
    )
    with smtp_server(port) as inbox:
        send_alerts(run_cli, changed_db, config)
    subjects = sorted(m["Subject"].lstrip() for _, m in inbox.messages)
    assert subjects == [
        "policywatch: 2 policy changes (Quillfeather & <Notes> Ltd, Ravenbrook Tools)",
        "policywatch: quill-privacy changed (content and effective date changed)",
        "policywatch: raven-terms changed (silent edit (content changed, stated date did not))",
    ]


def test_a_password_smtplib_cannot_send_never_shows_in_errors(
    changed_db, run_cli, tmp_path, monkeypatch
):
    password = "crème brûlée façade"
    monkeypatch.setenv("QUILLWATCH_SMTP_PASSWORD", password)
    port = free_port()
    config = write_alerts(
        tmp_path / "alerts.yaml",
        email_reporter(port, user="alerts", password_env="QUILLWATCH_SMTP_PASSWORD"),
    )
    with smtp_server(port, auth_require_tls=False) as inbox:
        failed = send_alerts(run_cli, changed_db, config, check=False)
    assert failed.returncode == 1 and inbox.messages == []
    assert "not plain ASCII" in failed.stdout
    stored = " ".join(d["error"] for d in open_database(changed_db).deliveries("email"))
    shown = failed.stdout + failed.stderr + stored
    parts = [*password.split(), *(c for c in password if not c.isascii())]
    for part in parts:
        assert part not in shown
        assert part.encode("unicode_escape").decode() not in shown  # as in '\xe8'
    assert "position" not in shown  # where in the password the codec stopped
