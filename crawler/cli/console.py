"""How much the commands say, and whether in colour: `-v/-q`, `--color`, `NO_COLOR`."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import click

# Scrapy's log level for each verbosity (-q, default, -v, -vv): quiet keeps only what stops a
# crawl; the default shows warnings, as crawler/settings.py sets.
LOG_LEVELS = {-1: "CRITICAL", 0: "WARNING", 1: "INFO", 2: "DEBUG"}


@dataclass(frozen=True)
class Console:
    """The global options, kept on the root context (`ctx.obj`)."""

    verbosity: int = 0  # -1 quiet, 0 normal, 1 and 2 verbose

    @property
    def quiet(self) -> bool:
        return self.verbosity < 0

    def progress(self, command: str, unit: str):
        """A progress report on stderr for a long command: live on a terminal, log lines
        otherwise, nothing when quiet."""
        from crawler.wayback.progress import Progress

        return Progress(sys.stderr, sys.stderr.isatty(), command, unit, self.quiet)

    def crawl_settings(self, settings: dict[str, str]) -> dict[str, str]:
        """`-s` settings with the log level this verbosity asks for (an explicit -s wins)."""
        return {"LOG_LEVEL": LOG_LEVELS[max(-1, min(self.verbosity, 2))], **settings}


def colour_choice(choice: str) -> bool | None:
    """click's `color` for --color: forced on or off, or None to let click look at the
    terminal. `auto` honours NO_COLOR (https://no-color.org/): any non-empty value."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return None


def console() -> Console:
    """The running command's Console (the default one outside `policywatch`)."""
    context = click.get_current_context(silent=True)
    obj = context.find_root().obj if context else None
    return obj if isinstance(obj, Console) else Console()
