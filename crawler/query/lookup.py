"""Find policies and versions the way users name them: by name, number, date or 'latest'."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from crawler.storage import Store

DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class NotFoundError(LookupError):
    """A policy or version the user asked for does not exist; the message says what does."""


def policy(store: Store, name: str) -> dict[str, Any]:
    found = store.policy(name)
    if found is None:
        known = ", ".join(p["name"] for p in store.query("SELECT name FROM policies ORDER BY name"))
        raise NotFoundError(f"no policy named {name!r} in the database (known: {known or 'none'})")
    return found


def numbered_versions(store: Store, policy_id: int) -> list[dict[str, Any]]:
    """The policy's versions oldest first, each with `number` (1 = oldest), as `history` shows."""
    return [{**v, "number": n} for n, v in enumerate(store.versions(policy_id), start=1)]


def versions_or_error(store: Store, policy_id: int) -> list[dict[str, Any]]:
    """`numbered_versions`, or NotFoundError when there are none yet (saying why)."""
    versions = numbered_versions(store, policy_id)
    if not versions:
        last = store.last_fetch(policy_id, "live")
        why = f" (last fetch: {last['outcome']} at {last['requested_at']})" if last else ""
        raise NotFoundError(f"this policy has no versions yet{why}: run `policywatch crawl` first")
    return versions


def end_of(when: str) -> str:
    """The last instant named by a date or date-time, as stored text (UTC, ISO, 'Z')."""
    when = when.strip()
    if DATE_PREFIX.match(when):
        year, month, day = [*when.split("-"), "12", "31"][:3]
        try:
            date(int(year), int(month), int(day) if len(when) == 10 else 28)
        except ValueError:
            raise NotFoundError(f"not a date: {when!r} (use YYYY-MM-DD)") from None
        # A year or month ends on its last day; string comparison makes day 31 safe to use.
        return f"{year}-{month}-{day if len(when) == 10 else '31'}T23:59:59Z"
    try:
        moment = datetime.fromisoformat(when.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise NotFoundError(f"not a date: {when!r} (use YYYY-MM-DD or an ISO date-time)") from None
    # Stored times are UTC: an offset is converted, a time without one is taken as UTC.
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def version_at(store: Store, policy_id: int, when: str) -> dict[str, Any]:
    """The version in force at the end of `when` (a date or ISO date-time)."""
    found = store.version_in_force(policy_id, end_of(when))
    if found is None:
        raise NotFoundError(f"no version known on or before {when}")
    return found


def resolve(store: Store, policy_id: int, ref: str) -> dict[str, Any]:
    """A version by number (as in `history`), 'latest', or date (the version then in force)."""
    versions = versions_or_error(store, policy_id)
    if ref == "latest":
        return versions[-1]
    if ref.isdigit() and len(ref) < 4:  # four digits are a year
        number = int(ref)
        if not 1 <= number <= len(versions):
            raise NotFoundError(f"no version {number}: this policy has 1-{len(versions)}")
        return versions[number - 1]
    found = version_at(store, policy_id, ref)
    return next(v for v in versions if v["id"] == found["id"])
