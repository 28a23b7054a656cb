"""The `atom` and `rss` reporters: keep the feeds under feeds/ in the home up to date.

Failure notices go to failures.atom / failures.rss in the same directory.
A feed holds what was delivered to this reporter (so its subscription applies) plus the new
changes, newest first. Settings: dir (default: feeds/ next to the database), limit (entries
in each feed, default 50), base_url (the public address the folder is served from: each feed
then links to itself).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from crawler.alerts.feeds import write_feeds
from crawler.alerts.model import Alert, alert_from_row
from crawler.alerts.notice_feed import write_notice_feed
from crawler.alerts.notices import Notice, notice_from_row
from crawler.alerts.registry import Reporter, reporter, same_outcome
from crawler.config import feeds_dir

# Entries kept per feed; feed readers poll often, so older entries are already seen.
DEFAULT_LIMIT = 50


@reporter("atom")
class AtomReporter(Reporter):
    OPTIONS = frozenset({"dir", "limit", "base_url"})
    FORMAT = "atom"

    @property
    def directory(self) -> Path:
        return Path(self.settings.get("dir") or feeds_dir(self.context.data_dir))

    def describe(self) -> str:
        return f"{self.FORMAT} feeds in {self.directory}"

    def deliver(self, alerts: list[Alert]) -> Iterator[dict[int, str | None]]:
        limit = int(self.settings.get("limit", DEFAULT_LIMIT))
        store, new = self.context.store, {a.to_version_id for a in alerts}
        earlier = [
            alert_from_row(store, row, self.context.wayback_url)
            for row in store.delivered_changes(self.id, limit)
            if row["to_version_id"] not in new
        ]
        entries = sorted([*alerts, *earlier], key=lambda a: a.changed_at, reverse=True)
        base_url = self.settings.get("base_url")
        write_feeds(self.directory, entries, self.FORMAT, limit, base_url)
        yield same_outcome(alerts, None)

    def deliver_notices(self, notices: list[Notice]) -> Iterator[dict[int, str | None]]:
        limit = int(self.settings.get("limit", DEFAULT_LIMIT))
        new = {notice.notice_id for notice in notices}
        earlier = [
            notice_from_row(row)
            for row in self.context.store.delivered_notices(self.id, limit)
            if row["id"] not in new
        ]
        entries = sorted([*notices, *earlier], key=lambda n: n.fetched_at, reverse=True)
        write_notice_feed(self.directory, entries[:limit], self.FORMAT)
        yield dict.fromkeys(new, None)


@reporter("rss")
class RssReporter(AtomReporter):
    FORMAT = "rss"
