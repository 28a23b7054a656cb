"""A policy that fails run after run is news once, and once more when it recovers.

Every run already logs each fetch's outcome; a nightly summary that repeated "bot-wall" for
the same policy every night would be ignored. So a failure streak is announced on the run
where it reaches POLICYWATCH_FAILING_AFTER failures in a row, and its end on the first run
that works again; the streak is read back from fetch_log, so no other state is kept.
"""

from __future__ import annotations

from typing import Any

from crawler.outcomes import advice
from crawler.storage import Store


def streak_notice(fetch: dict[str, Any], failed_before: int, failing_after: int) -> str | None:
    """The notice for one run's fetch, given how many fetches in a row failed before it."""
    if not fetch["ok"] and failed_before + 1 == failing_after:
        return (
            f"FAILING {fetch['policy']}: failed {failing_after} runs in a row, now "
            f"{fetch['outcome']}: {advice(fetch['outcome'])}"
        )
    if fetch["ok"] and failed_before >= failing_after:
        return f"RECOVERED {fetch['policy']}: works again after {failed_before} failed runs"
    return None


def streak_notices(store: Store, fetches: list[dict[str, Any]], failing_after: int) -> list[str]:
    """Notices for the fetches of one run (rows of `Store.fetches_after`), each also recorded
    in the database so that the alert reporters send it (once) with the changes."""
    notices = []
    for fetch in fetches:
        before = store.failures_before(fetch["policy_id"], fetch["source"], fetch["id"])
        notice = streak_notice(fetch, before, failing_after)
        if notice:
            notices.append(notice)
            kind, streak = ("recovered", before) if fetch["ok"] else ("failing", before + 1)
            store.record_notice(fetch["policy_id"], fetch["id"], kind, fetch["outcome"], streak)
    return notices
