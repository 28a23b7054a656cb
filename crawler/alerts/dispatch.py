"""Send each reporter the alertable changes it has not been sent yet, and record the outcome.

Only changes with should_alert=1 and historical=0 alert. A change is sent once per reporter
(deliveries keyed by to_version_id and reporter id); a failed send stays pending and is
retried on the next call; a change a reporter's subscription does not want is recorded as
`filtered` so it is not reconsidered. Failure notices (a policy failing run after run, or
working again) go to every reporter, whatever it subscribes to, and are recorded alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.alerts.config import AlertsConfig, ReporterConfig
from crawler.alerts.model import Alert, alert_from_row
from crawler.alerts.notices import Notice, notice_from_row
from crawler.alerts.registry import REPORTERS, ReporterContext

# Stored error messages are cut here: enough to act on, small enough for a summary line.
MAX_ERROR = 300


@dataclass
class ReporterReport:
    """What one reporter did (or, in a dry run, would do)."""

    id: str
    description: str
    to_send: list[Alert] = field(default_factory=list)
    filtered: list[Alert] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)
    # Why the reporter could not work at all (a bad setting, a missing secret), if so.
    problem: str | None = None
    notices: list[Notice] = field(default_factory=list)
    notice_errors: dict[int, str] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return len(self.to_send) - len(self.errors)

    @property
    def notices_sent(self) -> int:
        return len(self.notices) - len(self.notice_errors)


def send_pending(
    context: ReporterContext, config: AlertsConfig, run_id: int | None = None, dry_run=False
) -> list[ReporterReport]:
    """Deliver pending alerts through every configured reporter (or only list them)."""
    return [deliver_one(context, rc, run_id, dry_run) for rc in config.reporters]


def deliver_one(
    context: ReporterContext, rc: ReporterConfig, run_id: int | None, dry_run: bool
) -> ReporterReport:
    store = context.store
    rows = store.pending_changes(rc.id)
    alerts = [alert_from_row(store, row, context.wayback_url) for row in rows]
    report = ReporterReport(rc.id, "")
    report.notices = [notice_from_row(row) for row in store.pending_notices(rc.id)]
    for alert in alerts:
        (report.to_send if rc.subscription.matches(alert) else report.filtered).append(alert)
    if not dry_run:
        with store.transaction():
            for alert in report.filtered:
                store.record_delivery(alert.to_version_id, rc.id, "filtered", None, run_id)
    unsent = {alert.to_version_id for alert in report.to_send}
    unsent_notices = {notice.notice_id for notice in report.notices}
    try:
        reporter = REPORTERS[rc.type](rc, context)
        report.description = f"{reporter.describe()}; {rc.subscription.describe()}"
        # A dry run checks what a real run needs (its secrets) without sending anything.
        reporter.check()
        if dry_run:
            return report
        # Each part is recorded as soon as the reporter reports it: a process killed between
        # two messages has already recorded the first, so it is never sent again.
        if report.to_send:
            for outcome in reporter.deliver(report.to_send):
                record(store, rc.id, run_id, report, outcome)
                unsent -= outcome.keys()
        if report.notices:
            for outcome in reporter.deliver_notices(report.notices):
                record_notices(store, rc.id, run_id, report, outcome)
                unsent_notices -= outcome.keys()
    except Exception as error:
        # One broken reporter (bad setting, missing secret, a bug) must not stop the others or
        # lose alerts: its unsent changes stay pending and the error is shown and stored.
        report.description = report.description or rc.type
        report.problem = f"{type(error).__name__}: {error}"[:MAX_ERROR]
        failed = {version: report.problem for version in unsent}
        if dry_run:
            report.errors.update(failed)
            report.notice_errors.update({n.notice_id: report.problem for n in report.notices})
        else:
            record(store, rc.id, run_id, report, failed)
            failed_notices = dict.fromkeys(unsent_notices, report.problem)
            record_notices(store, rc.id, run_id, report, failed_notices)
    return report


def record(
    store, reporter_id: str, run_id: int | None, report: ReporterReport, outcome: dict
) -> None:
    """Store one part of a delivery (to_version_id → error, or None when sent) at once."""

    def write(version: int, error: str | None) -> None:
        status = "failed" if error else "sent"
        store.record_delivery(version, reporter_id, status, error, run_id)

    record_part(store, outcome, report.errors, write)


def record_notices(
    store, reporter_id: str, run_id: int | None, report: ReporterReport, outcome: dict
) -> None:
    """Store one part of a notice delivery (notice id → error, or None when sent) at once."""

    def write(notice_id: int, error: str | None) -> None:
        store.record_notice_delivery(notice_id, reporter_id, error, run_id)

    record_part(store, outcome, report.notice_errors, write)


def record_part(store, outcome: dict, errors: dict, write) -> None:
    """Write each id's outcome (errors cut to MAX_ERROR) in one transaction; keep the errors."""
    found = {key: error[:MAX_ERROR] for key, error in outcome.items() if error}
    errors.update(found)
    with store.transaction():
        for key in outcome:
            write(key, found.get(key))
