"""Log lines that name the policy and the outcome instead of dumping whole items (and bodies)."""

from __future__ import annotations

import logging

from scrapy import logformatter


class QuietLogFormatter(logformatter.LogFormatter):
    """Scrapy's formatter, with short messages for dropped items."""

    def dropped(self, item, exception, response, spider):
        name = getattr(item, "policy_name", "?")
        return {
            "level": logging.WARNING,
            "msg": "%(policy)s: %(outcome)s %(detail)s",
            "args": {
                "policy": name,
                "outcome": getattr(exception, "outcome", "dropped"),
                "detail": str(exception),
            },
        }
