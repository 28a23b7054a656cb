"""The alerts configuration (`alerts.yaml` in the home): which reporters, their settings, filters.

```yaml
wayback_url: https://web.archive.org       # optional: base of "Wayback capture" links
reporters:
  - type: email                            # a name from the reporter registry
    id: legal-inbox                        # optional, default = type; deliveries are per id
    subscribe: {keywords: [sell, AI, arbitration*], sections: [sharing], tags: [health],
                topics: [sharing, ai-training]}      # topics: ids of diffing.topic_rules
    ...                                    # the reporter's own settings
```
Secrets (SMTP password, a chat webhook URL) are never written in this file: give
`password_env: VAR` / `password_file: PATH` (likewise `url_env` / `url_file`) instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crawler.alerts.subscriptions import Subscription
from diffing.topic_rules import TOPICS

DEFAULT_WAYBACK = "https://web.archive.org"
COMMON_KEYS = {"type", "id", "subscribe"}
SUBSCRIBE_KEYS = {"keywords", "sections", "tags", "topics"}


class AlertsConfigError(ValueError):
    """An alerts configuration that cannot be used; the message names the file and reporter."""


@dataclass(frozen=True)
class ReporterConfig:
    id: str
    type: str
    settings: dict[str, Any]
    subscription: Subscription = field(default_factory=Subscription)


@dataclass(frozen=True)
class AlertsConfig:
    path: Path | None
    reporters: tuple[ReporterConfig, ...] = ()
    wayback_url: str = DEFAULT_WAYBACK


def load_alerts(path: Path, known: dict[str, Any]) -> AlertsConfig:
    """Read and check the configuration against the `known` reporter classes (by type name).

    A missing file means no reporters: `policywatch run` then only crawls.
    """
    if not path.exists():
        return AlertsConfig(path=None)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise AlertsConfigError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("reporters", []), list):
        raise AlertsConfigError(f"{path}: expected a mapping with a 'reporters:' list")
    unknown_top = set(data) - {"reporters", "wayback_url"}
    if unknown_top:
        raise AlertsConfigError(f"{path}: unknown key(s) {', '.join(sorted(unknown_top))}")
    reporters = [reporter_config(path, n, e, known) for n, e in enumerate(data.get("reporters"))]
    ids = [r.id for r in reporters]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise AlertsConfigError(f"{path}: reporter id(s) used twice: {', '.join(duplicates)}")
    return AlertsConfig(path, tuple(reporters), str(data.get("wayback_url", DEFAULT_WAYBACK)))


def reporter_config(path: Path, number: int, entry: Any, known: dict[str, Any]) -> ReporterConfig:
    where = f"{path}: reporters[{number}]"
    if not isinstance(entry, dict) or "type" not in entry:
        raise AlertsConfigError(f"{where}: each reporter needs a 'type:' ({', '.join(known)})")
    kind = entry["type"]
    if kind not in known:
        raise AlertsConfigError(f"{where}: unknown type {kind!r} (known: {', '.join(known)})")
    settings = {k: v for k, v in entry.items() if k not in COMMON_KEYS}
    if "password" in settings:
        raise AlertsConfigError(
            f"{where}: never write a password here; use password_env: VAR or password_file: PATH"
        )
    unknown = set(settings) - known[kind].OPTIONS
    if unknown:
        raise AlertsConfigError(
            f"{where}: unknown setting(s) {', '.join(sorted(unknown))} for {kind} "
            f"(known: {', '.join(sorted(known[kind].OPTIONS))})"
        )
    return ReporterConfig(
        id=str(entry.get("id", kind)),
        type=kind,
        settings=settings,
        subscription=subscription(where, entry.get("subscribe") or {}),
    )


def subscription(where: str, entry: Any) -> Subscription:
    if not isinstance(entry, dict) or set(entry) - SUBSCRIBE_KEYS:
        raise AlertsConfigError(f"{where}: subscribe: takes {', '.join(sorted(SUBSCRIBE_KEYS))}")
    values = {}
    for key in SUBSCRIBE_KEYS:
        value = entry.get(key) or []
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list):
            raise AlertsConfigError(f"{where}: subscribe: {key}: expected a list of words")
        values[key] = tuple(str(v) for v in value)
    unknown = [topic for topic in values["topics"] if topic not in TOPICS]
    if unknown:
        raise AlertsConfigError(
            f"{where}: subscribe: topics: unknown {', '.join(unknown)} (known: {', '.join(TOPICS)})"
        )
    return Subscription(**values)


def secret(settings: dict[str, Any], name: str, required: bool = True) -> str | None:
    """The secret `name` from `{name}_env` (an environment variable) or `{name}_file`.

    Read at send time, never stored or logged; error messages name the source, not the value.
    """
    if settings.get(f"{name}_env"):
        variable = settings[f"{name}_env"]
        if variable not in os.environ:
            raise AlertsConfigError(f"environment variable {variable} (for {name}) is not set")
        return os.environ[variable]
    if settings.get(f"{name}_file"):
        try:
            return Path(settings[f"{name}_file"]).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise AlertsConfigError(f"cannot read {name}_file: {error.strerror}") from None
    if required:
        raise AlertsConfigError(f"missing {name}: give {name}_env: VAR or {name}_file: PATH")
    return None
