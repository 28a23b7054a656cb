"""The `email` reporter: a multipart (text + HTML) digest per run, or one message per policy.

Settings: smtp_host, smtp_port (default 25, or 465 with ssl), security (starttls | ssl | none,
default starttls), ca_file (trust this CA, for a private server's own certificate), user,
password_env / password_file, from, to (address or list), digest (run | policy, default run),
timeout (seconds, default 30).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from itertools import groupby

from crawler.alerts import digest
from crawler.alerts.config import AlertsConfigError, secret
from crawler.alerts.model import Alert
from crawler.alerts.notices import Notice
from crawler.alerts.registry import Reporter, reporter
from crawler.extraction.text import clean_line

SECURITY = ("starttls", "ssl", "none")


@reporter("email")
class EmailReporter(Reporter):
    OPTIONS = frozenset(
        {
            "smtp_host",
            "smtp_port",
            "security",
            "ca_file",
            "user",
            "password_env",
            "password_file",
            "from",
            "to",
            "digest",
            "timeout",
        }
    )

    def __init__(self, config, context):
        super().__init__(config, context)
        settings = self.settings
        for required in ("smtp_host", "from", "to"):
            if not settings.get(required):
                raise AlertsConfigError(f"email reporter: missing {required}")
        if settings.get("security", "starttls") not in SECURITY:
            raise AlertsConfigError(f"email reporter: security must be one of {SECURITY}")
        if settings.get("digest", "run") not in ("run", "policy"):
            raise AlertsConfigError("email reporter: digest must be run or policy")
        recipients = settings["to"]
        self.recipients = [recipients] if isinstance(recipients, str) else list(recipients)
        self.security = settings.get("security", "starttls")
        self.port = int(settings.get("smtp_port") or (465 if self.security == "ssl" else 25))

    def describe(self) -> str:
        return (
            f"email to {', '.join(self.recipients)} via {self.settings['smtp_host']}:{self.port} "
            f"({self.security}, one message per {self.settings.get('digest', 'run')})"
        )

    def messages(self, alerts: list[Alert]) -> list[tuple[list[int], EmailMessage]]:
        """The messages to send (with the to_version_ids each carries): one digest, or one
        per policy."""
        if self.settings.get("digest", "run") == "run":
            batches = [alerts]
        else:
            ordered = sorted(alerts, key=lambda a: a.policy)
            batches = [list(group) for _, group in groupby(ordered, key=lambda a: a.policy)]
        return [([a.to_version_id for a in batch], self.compose(batch)) for batch in batches]

    def compose(self, alerts: list[Alert]) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = header_text(digest.subject(alerts))
        message["From"] = header_text(self.settings["from"])
        message["To"] = header_text(", ".join(self.recipients))
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain="policywatch.local")
        message.set_content(digest.text_body(alerts))
        message.add_alternative(digest.html_body(alerts), subtype="html")
        return message

    def compose_notices(self, notices: list[Notice]) -> EmailMessage:
        """One plain-text message for every failure notice of a run."""
        message = EmailMessage()
        subject = (
            notices[0].text
            if len(notices) == 1
            else f"{len(notices)} policies failing or working again"
        )
        message["Subject"] = header_text(f"policywatch: {subject}")
        message["From"] = header_text(self.settings["from"])
        message["To"] = header_text(", ".join(self.recipients))
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain="policywatch.local")
        message.set_content(digest.notices_body(notices))
        return message

    def check(self) -> None:
        if self.settings.get("user"):
            secret(self.settings, "password")

    def deliver(self, alerts: list[Alert]) -> Iterator[dict[int, str | None]]:
        yield from self.send_messages(self.messages(alerts), [a.to_version_id for a in alerts])

    def deliver_notices(self, notices: list[Notice]) -> Iterator[dict[int, str | None]]:
        ids = [notice.notice_id for notice in notices]
        yield from self.send_messages([(ids, self.compose_notices(notices))], ids)

    def send_messages(self, messages, ids: list[int]) -> Iterator[dict[int, str | None]]:
        """Send (ids, message) pairs on one connection; each id's outcome as it is known."""
        try:
            smtp = self.connect()
        except (OSError, smtplib.SMTPException) as error:
            # Server down or login refused: nothing was sent, so everything is retried.
            yield dict.fromkeys(ids, f"SMTP {self.settings['smtp_host']}:{self.port}: {error}")
            return
        try:
            yield from self.send_each(smtp, messages)
        finally:
            hang_up(smtp)

    def send_each(self, smtp: smtplib.SMTP, messages) -> Iterator[dict[int, str | None]]:
        """Each message's outcome as soon as the server has answered its DATA."""
        for number, (ids, message) in enumerate(messages):
            try:
                smtp.send_message(message)
            except (smtplib.SMTPServerDisconnected, OSError) as error:
                # The connection is gone: this message and the rest are retried next run.
                lost = [i for ids, _ in messages[number:] for i in ids]
                yield dict.fromkeys(lost, f"SMTP connection lost: {error}")
                return
            except smtplib.SMTPException as error:
                yield dict.fromkeys(ids, f"SMTP refused: {error}")
            else:
                yield dict.fromkeys(ids, None)

    def connect(self) -> smtplib.SMTP:
        host, timeout = self.settings["smtp_host"], float(self.settings.get("timeout", 30))
        context = ssl.create_default_context(cafile=self.settings.get("ca_file"))
        if self.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, self.port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, self.port, timeout=timeout)
        try:
            if self.security == "starttls":
                smtp.starttls(context=context)
            if self.settings.get("user"):
                login(smtp, self.settings["user"], secret(self.settings, "password"))
        except BaseException:
            smtp.close()
            raise
        return smtp


def header_text(value: str) -> str:
    """One clean header line whatever the configuration holds: a value ending in a newline
    (YAML's folded `>` adds one) would otherwise stop every message being composed."""
    return clean_line(str(value))


def login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """Log in; a name or password smtplib cannot send is refused without showing any of it."""
    try:
        smtp.login(user, password)
    except UnicodeError:
        # The codec's message quotes the offending character: never let it reach a log.
        raise AlertsConfigError(
            "email reporter: the SMTP user name or password is not plain ASCII, "
            "which Python's smtplib cannot send"
        ) from None


def hang_up(smtp: smtplib.SMTP) -> None:
    """Say QUIT, whatever the answer: the messages' fate is already known and recorded."""
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
