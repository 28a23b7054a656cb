"""Where things are: the database and watch-list paths, and the Scrapy settings in force."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from crawler import __version__

if TYPE_CHECKING:
    from scrapy.settings import Settings

DEFAULT_DB = Path("data/policywatch.db")
DEFAULT_WATCHLIST = Path("data/policies.yaml")


def db_path(option: str | None) -> Path:
    """--db, else $POLICYWATCH_DB, else data/policywatch.db."""
    return Path(option or os.environ.get("POLICYWATCH_DB") or DEFAULT_DB)


def watchlist_path(option: str | None) -> Path:
    """--watchlist, else $POLICYWATCH_WATCHLIST, else data/policies.yaml."""
    return Path(option or os.environ.get("POLICYWATCH_WATCHLIST") or DEFAULT_WATCHLIST)


def crawl_settings(db: Path, overrides: dict[str, str] | None = None) -> Settings:
    """crawler/settings.py, then POLICYWATCH_* from the environment, then `-s` overrides."""
    from scrapy.settings import Settings  # only a crawl needs Scrapy (see crawler/jobs/crawl.py)

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for name, value in os.environ.items():
        if name.startswith("POLICYWATCH_") and name in settings:
            settings.set(name, value, priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    settings.set("POLICYWATCH_DB", str(db), priority="cmdline")
    if not settings.get("USER_AGENT") or settings.getpriority("USER_AGENT") < 30:
        # An honest User-Agent: who we are and where site operators can reach us.
        contact = settings.get("POLICYWATCH_CONTACT_URL")
        settings.set("USER_AGENT", f"policywatch/{__version__} (+{contact})", priority="project")
    return settings
