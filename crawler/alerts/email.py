"""The `email` reporter: a multipart (text + HTML) digest per run, or one message per policy.

Settings: smtp_host, smtp_port (default 25, or 465 with ssl), security (starttls | ssl | none,
default starttls), ca_file (trust this CA, for a private server's own certificate), user,
password_env / password_file, from, to (address or list), digest (run | policy, default run),
timeout (seconds, default 30).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from itertools import groupby

from crawler.alerts import digest
from crawler.alerts.config import AlertsConfigError, secret
from crawler.alerts.model import Alert
from crawler.alerts.registry import Reporter, reporter, same_outcome

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

    def messages(self, alerts: list[Alert]) -> list[tuple[list[Alert], EmailMessage]]:
        """The messages to send: one digest, or one per policy."""
        if self.settings.get("digest", "run") == "run":
            batches = [alerts]
        else:
            ordered = sorted(alerts, key=lambda a: a.policy)
            batches = [list(group) for _, group in groupby(ordered, key=lambda a: a.policy)]
        return [(batch, self.compose(batch)) for batch in batches]

    def compose(self, alerts: list[Alert]) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = digest.subject(alerts)
        message["From"] = self.settings["from"]
        message["To"] = ", ".join(self.recipients)
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain="policywatch.local")
        message.set_content(digest.text_body(alerts))
        message.add_alternative(digest.html_body(alerts), subtype="html")
        return message

    def deliver(self, alerts: list[Alert]) -> dict[int, str | None]:
        outcome: dict[int, str | None] = {}
        try:
            with self.connect() as smtp:
                for batch, message in self.messages(alerts):
                    try:
                        smtp.send_message(message)
                        outcome.update(same_outcome(batch, None))
                    except smtplib.SMTPException as error:
                        outcome.update(same_outcome(batch, f"SMTP refused: {error}"))
        except (OSError, smtplib.SMTPException) as error:
            # Server down or login refused: nothing was sent, so everything is retried.
            return same_outcome(alerts, f"SMTP {self.settings['smtp_host']}:{self.port}: {error}")
        return outcome

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
                smtp.login(self.settings["user"], secret(self.settings, "password"))
        except BaseException:
            smtp.close()
            raise
        return smtp
