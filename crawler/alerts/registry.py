"""Reporters register under a short name; the alerts configuration enables them by that name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from crawler.alerts.config import ReporterConfig
from crawler.alerts.model import Alert
from crawler.alerts.notices import Notice
from crawler.storage import Store


@dataclass(frozen=True)
class ReporterContext:
    """What reporters may need besides their own settings."""

    store: Store
    data_dir: Path  # the database's directory: default home of feeds/
    wayback_url: str


class Reporter:
    """Sends alerts one way. Subclasses list their settings in `OPTIONS` (the rest is rejected)
    and yield, from `deliver`, each part's outcome as soon as it is known: an error message (or
    None when sent) per to_version_id. The caller records each part before asking for the next.
    """

    type_name: ClassVar[str] = ""
    OPTIONS: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, config: ReporterConfig, context: ReporterContext):
        self.id = config.id
        self.settings: dict[str, Any] = config.settings
        self.context = context

    def deliver(self, alerts: list[Alert]) -> Iterator[dict[int, str | None]]:
        raise NotImplementedError

    def deliver_notices(self, notices: list[Notice]) -> Iterator[dict[int, str | None]]:
        """As `deliver`, for failure notices: an error (or None) per notice_id."""
        raise NotImplementedError

    def check(self) -> None:
        """Raise AlertsConfigError if a real delivery could not start (e.g. a missing secret)."""

    def describe(self) -> str:
        """Where alerts go, for people; never includes a secret."""
        return self.type_name


REPORTERS: dict[str, type[Reporter]] = {}


def reporter(name: str) -> Callable[[type[Reporter]], type[Reporter]]:
    """Register a Reporter subclass under `name` (the `type:` in the alerts configuration)."""

    def register(cls: type[Reporter]) -> type[Reporter]:
        cls.type_name = name
        REPORTERS[name] = cls
        return cls

    return register


def same_outcome(alerts: list[Alert], error: str | None) -> dict[int, str | None]:
    """Every alert of one message shares its fate."""
    return {alert.to_version_id: error for alert in alerts}
