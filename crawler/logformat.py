"""Log lines that name the policy and the outcome instead of dumping whole items (and bodies)."""

from __future__ import annotations

import logging

from scrapy import logformatter

from crawler.browser.fallback import retry_in_browser


class QuietLogFormatter(logformatter.LogFormatter):
    """Scrapy's formatter, with short messages for dropped items and pipeline errors."""

    def dropped(self, item, exception, response, spider):
        name = getattr(item, "policy_name", "?")
        retried = retry_in_browser(item, exception)
        return {
            # Not a failure yet: the browser's fetch of the page decides.
            "level": logging.INFO if retried else logging.WARNING,
            "msg": "%(policy)s: %(outcome)s %(detail)s"
            + ("; fetching it again in the browser" if retried else ""),
            "args": {
                "policy": name,
                "outcome": getattr(exception, "outcome", "dropped"),
                "detail": str(exception),
            },
        }

    def item_error(self, item, exception, response, spider):
        # The fetch is logged as outcome "error" (FetchLogExtension); Scrapy adds the traceback.
        return {
            "level": logging.ERROR,
            "msg": "%(policy)s: %(error)s while processing the fetch; logged as outcome error",
            "args": {
                "policy": getattr(item, "policy_name", "?"),
                "error": type(exception).__name__,
            },
        }
