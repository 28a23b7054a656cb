"""`policywatch status`: each watched policy at a glance, failing ones first.

Read from the database (the last live fetch and its typed outcome, the failing streak, the
newest change, the number of versions) and from the schedule `policywatch schedule` follows
($POLICYWATCH_SCHEDULE, else every night at 03:00 local time).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from datetime import datetime

from crawler.config.watchlist import Policy
from crawler.outcomes import is_ok
from crawler.storage import Store


@dataclass(frozen=True)
class PolicyStatus:
    name: str
    enabled: bool
    last_fetch: str | None  # when the last live fetch was requested (UTC ISO), None: never
    outcome: str | None  # its typed outcome
    detail: str | None
    failing_streak: int  # live fetches failed in a row, up to the last one
    last_change: dict | None  # {"kind": ..., "at": ...} of the newest change, None: none yet
    versions: int
    next_run: str | None  # the next scheduled run (local time, ISO), None when disabled

    @property
    def failing(self) -> bool:
        return self.outcome is not None and not is_ok(self.outcome)

    def to_dict(self) -> dict:
        return asdict(self)


def next_scheduled_run(now: datetime | None = None) -> str | None:
    """The next run of the schedule `policywatch schedule` follows, without its jitter."""
    import scheduler

    expression = os.environ.get("POLICYWATCH_SCHEDULE", scheduler.DEFAULT_CRON)
    try:
        trigger = scheduler.nightly_trigger(expression, 0)
    except ValueError:
        return None
    now = now or datetime.now(trigger.timezone)
    fire = trigger.get_next_fire_time(None, now)
    return fire.isoformat(timespec="minutes") if fire else None


def policy_statuses(
    store: Store, watched: list[Policy] | None, now: datetime | None = None
) -> list[PolicyStatus]:
    """Every watched policy (every stored one when there is no watch list), failing first
    (longest streak first), then by name."""
    rows = {row["name"]: row for row in store.policy_status_rows()}
    enabled = (
        {p.name: p.enabled for p in watched} if watched is not None else dict.fromkeys(rows, True)
    )
    next_run = next_scheduled_run(now)
    statuses = [status_of(name, rows.get(name), on, next_run) for name, on in enabled.items()]
    return sorted(statuses, key=lambda s: (not s.failing, -s.failing_streak, s.name))


def status_of(name: str, row: dict | None, enabled: bool, next_run: str | None) -> PolicyStatus:
    row = row or {}
    change = None
    if row.get("last_change_kind"):
        change = {"kind": row["last_change_kind"], "at": row["last_change_at"]}
    return PolicyStatus(
        name=name,
        enabled=enabled,
        last_fetch=row.get("last_fetch"),
        outcome=row.get("outcome"),
        detail=row.get("detail"),
        failing_streak=row.get("failing_streak") or 0,
        last_change=change,
        versions=row.get("versions") or 0,
        next_run=next_run if enabled else None,
    )


def status_line(status: PolicyStatus) -> str:
    """One line of `policywatch status`."""
    if status.last_fetch is None:
        fetched = "never fetched"
    else:
        fetched = f"{status.last_fetch} {status.outcome}"
        if status.failing:
            fetched += f" (failed {status.failing_streak} in a row)"
    change = "no change yet"
    if status.last_change:
        change = f"last change {status.last_change['kind']} {status.last_change['at']}"
    plan = f"next {status.next_run}" if status.enabled else "disabled"
    mark = "FAIL" if status.failing else ("ok  " if status.last_fetch else "new ")
    return f"{mark} {status.name:32} {fetched}; {change}; {status.versions} versions; {plan}"
