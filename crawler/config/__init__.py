"""Where things are: the policywatch home and the files in it, and the Scrapy settings in force.

The home holds the database, the watch list, the alerts configuration and the feeds. It is
$POLICYWATCH_HOME, else the current project's `data/` when there is one (a checkout, or a
directory set up that way), else the XDG data directory. A file's own option or variable
(--db, $POLICYWATCH_DB, …) still wins over the home.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from crawler import __version__

if TYPE_CHECKING:
    from scrapy.settings import Settings

PROJECT_DATA = Path("data")
DB_NAME = "policywatch.db"
WATCHLIST_NAME = "policies.yaml"
ALERTS_NAME = "alerts.yaml"
FEEDS_NAME = "feeds"


@dataclass(frozen=True)
class Home:
    """The directory holding policywatch's files, and why it was chosen."""

    path: Path
    reason: str  # "$POLICYWATCH_HOME", "project data/" or "XDG data directory"


def home() -> Home:
    """$POLICYWATCH_HOME, else ./data when present, else $XDG_DATA_HOME/policywatch
    (~/.local/share/policywatch)."""
    if os.environ.get("POLICYWATCH_HOME"):
        return Home(Path(os.environ["POLICYWATCH_HOME"]).expanduser(), "$POLICYWATCH_HOME")
    if PROJECT_DATA.is_dir():
        return Home(PROJECT_DATA, "project data/")
    # An empty or relative XDG_DATA_HOME is invalid and to be ignored (XDG base directory spec).
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return Home(base / "policywatch", "XDG data directory")


def _in_home(option: str | None, variable: str, name: str) -> Path:
    return Path(option or os.environ.get(variable) or home().path / name)


def db_path(option: str | None) -> Path:
    """--db, else $POLICYWATCH_DB, else policywatch.db in the home."""
    return _in_home(option, "POLICYWATCH_DB", DB_NAME)


def watchlist_path(option: str | None) -> Path:
    """--watchlist, else $POLICYWATCH_WATCHLIST, else policies.yaml in the home."""
    return _in_home(option, "POLICYWATCH_WATCHLIST", WATCHLIST_NAME)


def alerts_path(option: str | None) -> Path:
    """--alerts, else $POLICYWATCH_ALERTS, else alerts.yaml in the home."""
    return _in_home(option, "POLICYWATCH_ALERTS", ALERTS_NAME)


def feeds_dir(data_dir: Path) -> Path:
    """Where the atom and rss reporters write by default: feeds/ beside the database."""
    return data_dir / FEEDS_NAME


@dataclass(frozen=True)
class Locations:
    """Every file policywatch reads or writes by default, as the commands will find them."""

    home: Home
    db: Path
    watchlist: Path
    alerts: Path
    feeds: Path

    def to_dict(self) -> dict[str, str]:
        return {
            "home": str(self.home.path.absolute()),
            "home_from": self.home.reason,
            "database": str(self.db.absolute()),
            "watchlist": str(self.watchlist.absolute()),
            "alerts": str(self.alerts.absolute()),
            "feeds": str(self.feeds.absolute()),
        }


def locations(
    db: str | None = None, watchlist: str | None = None, alerts: str | None = None
) -> Locations:
    """Where each file is, given the command's --db, --watchlist and --alerts (or None)."""
    db_file = db_path(db)
    return Locations(
        home(), db_file, watchlist_path(watchlist), alerts_path(alerts), feeds_dir(db_file.parent)
    )


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
