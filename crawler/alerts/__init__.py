"""Alerts: reporters (email, atom, rss, webhook) behind one small registry.

Importing the package registers every reporter; `dispatch.send_pending` sends what is due.
"""

from crawler.alerts import email, feed_reporters, webhook
from crawler.alerts.registry import REPORTERS, Reporter, ReporterContext, reporter

__all__ = [
    "REPORTERS",
    "Reporter",
    "ReporterContext",
    "email",
    "feed_reporters",
    "reporter",
    "webhook",
]
