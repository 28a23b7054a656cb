"""Alerts: reporters (email, atom, webhook) behind one small registry.

Importing the package registers every reporter; `dispatch.send_pending` sends what is due.
"""

from crawler.alerts import atom, email, webhook
from crawler.alerts.registry import REPORTERS, Reporter, ReporterContext, reporter

__all__ = ["REPORTERS", "Reporter", "ReporterContext", "atom", "email", "reporter", "webhook"]
