"""Fictional policies (written for these tests) in two editions, and helpers to crawl them.

Edition 2 of Quillfeather's privacy policy moves its date, says it may sell data and train AI,
and quotes a `<script>` tag as text; Ravenbrook's terms add an arbitration clause under the
same date (a silent edit).
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from crawler.config import watchlist
from crawler.sandbox.loopback import LoopbackServer
from crawler.sandbox.siteserver import Page, SiteServer
from tests.support.paths import FAST_SETTINGS, ROOT

QUILL_ORG = "Quillfeather & <Notes> Ltd"
SCRIPT_TEXT = '<script>alert("pwned")</script>'
PASSWORD = "correct horse battery staple 7"  # the test SMTP server's login

QUILL = """<html><head><title>Privacy</title></head><body><main>
<h1>Quillfeather Privacy Policy</h1><p>Effective date: {date}</p>
<h2>What we collect</h2><p>We collect your name, e-mail address and the notes you write in
our app. {collect}</p>
<h2>How we share data</h2><p>We share data with payment processors and hosting providers
under contract. {share}</p>
<h2>Your rights</h2><p>You can ask us for a copy of your data, correct it or delete it at any
time by writing to privacy@quillfeather.example.</p>
</main></body></html>"""

RAVEN = """<html><head><title>Terms</title></head><body><main>
<h1>Ravenbrook Tools Terms of Service</h1><p>Last updated: 2 January 2025</p>
<h2>Using the service</h2><p>You may use Ravenbrook Tools for lawful purposes only and must
keep your password secret.</p>
<h2>Payment</h2><p>Subscriptions renew every month until you cancel them in your account.</p>
{extra}
</main></body></html>"""


def quill_page(edition: int) -> bytes:
    if edition == 1:
        fields = {"date": "1 March 2025", "collect": "", "share": "We never sell it."}
    else:
        fields = {
            "date": "1 April 2025",
            # Escaped in the page, so the extracted text really contains the tag.
            "collect": "We may use your notes to train AI models. Example: "
            + SCRIPT_TEXT.replace("<", "&lt;").replace(">", "&gt;"),
            "share": "We may sell aggregated data to advertising partners.",
        }
    return QUILL.format(**fields).encode()


def raven_page(edition: int) -> bytes:
    extra = (
        "<h2>Disputes</h2><p>Any dispute will be settled by binding arbitration in Dublin, "
        "and you waive any right to a class action.</p>"
        if edition == 2
        else ""
    )
    return RAVEN.format(extra=extra).encode()


def publish(site: SiteServer, edition: int) -> None:
    site.pages["/quill/privacy"] = Page(quill_page(edition))
    site.pages["/raven/terms"] = Page(raven_page(edition))


def write_watchlist(path: Path, site: SiteServer) -> Path:
    watchlist.save(
        path,
        [
            watchlist.Policy(
                name="quill-privacy",
                url=site.url("/quill/privacy"),
                organisation=QUILL_ORG,
                tags=["notes", "privacy"],
            ),
            watchlist.Policy(
                name="raven-terms",
                url=site.url("/raven/terms"),
                organisation="Ravenbrook Tools",
                document_type="terms-of-service",
                tags=["developer"],
            ),
        ],
    )
    return path


def crawl_args(db: Path, watch: Path) -> list[str]:
    return ["--db", str(db), "--watchlist", str(watch), *FAST_SETTINGS, "-s", "ROBOTSTXT_OBEY=0"]


def crawl_two_editions(run_cli, site: SiteServer, tmp_path: Path) -> tuple[Path, Path]:
    """Crawl edition 1, publish edition 2, crawl again: two alertable changes in the db."""
    db, watch = tmp_path / "data" / "policywatch.db", write_watchlist(tmp_path / "w.yaml", site)
    for edition in (1, 2):
        publish(site, edition)
        run_cli("crawl", *crawl_args(db, watch))
    return db, watch


def crawl_hostile_edition(run_cli, site: SiteServer, tmp_path: Path, quill: bytes) -> Path:
    """Crawl edition 1, then again with `quill` as Quillfeather's page: one alertable change."""
    db, watch = tmp_path / "data" / "policywatch.db", write_watchlist(tmp_path / "w.yaml", site)
    publish(site, 1)
    run_cli("crawl", *crawl_args(db, watch))
    site.pages["/quill/privacy"] = Page(quill)
    run_cli("crawl", *crawl_args(db, watch))
    return db


def edit_recorded_diffs(db: Path, old: str, new: str) -> int:
    """Replace `old` by `new` in the diffs recorded with the changes (their JSON text, as
    stored); the number of changes edited."""
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "UPDATE changes SET diff_json = replace(diff_json, ?, ?) WHERE instr(diff_json, ?)",
            [old, new, old],
        ).rowcount


def write_alerts(path: Path, *reporters: dict) -> Path:
    path.write_text(yaml.safe_dump({"reporters": list(reporters)}), encoding="utf-8")
    return path


class WebhookSink(LoopbackServer):
    """A real loopback HTTP server that records JSON POSTs and answers with `status`.

    With a 3xx status it sends `Location: /moved`, which answers any GET with 200 (and counts
    it): what a moved webhook endpoint or a login page in front of it does.
    """

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.gets: list[str] = []
        self.status = 204
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if sink.status < 300:
                    sink.received.append(json.loads(body))
                self.send_response(sink.status)
                if 300 <= sink.status < 400:
                    self.send_header("Location", "/moved")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self) -> None:
                sink.gets.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        super().__init__(Handler)

    @property
    def url(self) -> str:
        return self.base_url + "/hook"


HOLD_LOCK = """
import sys, time
from pathlib import Path
from crawler.jobs.runlock import run_lock
with run_lock(Path(sys.argv[1]), "test-holder"):
    print("locked", flush=True)
    time.sleep(60)
"""


def hold_lock(db: Path) -> subprocess.Popen:
    """A second real process that takes the run lock and keeps it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def kill(holder: subprocess.Popen) -> None:
    """SIGKILL: the holder gets no chance to release anything itself."""
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()


class Inbox:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.logins: list[bytes] = []
        self.quit_reply = "221 Bye"
        # Called with the server and the number of messages already accepted, before the next
        # one is taken: a test's way to kill the client or drop the connection mid-batch.
        self.before_data = None

    def check_login(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            b"alerts",
            PASSWORD.encode(),
        )
        if ok:
            self.logins.append(auth_data.login)
        return AuthResult(success=ok)

    async def handle_DATA(self, server, session, envelope):
        if self.before_data is not None and self.before_data(server, len(self.messages)):
            return "451 not taken"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):
        return self.quit_reply


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(port: int, **options):
    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=inbox.check_login, **options
    )
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def email_reporter(port: int, **settings) -> dict:
    return {
        "type": "email",
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "security": "none",
        "from": "policywatch@quillwatch.example",
        "to": ["legal@quillwatch.example"],
        **settings,
    }
