"""Back-fill progress per policy: captures done/total with an ETA.

A bar redrawn in place on a terminal; plain log lines (start, every tenth, end) otherwise, so
cron mail and CI logs stay short.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TextIO

BAR_WIDTH = 24


@dataclass
class PolicyProgress:
    name: str
    total: int
    done: int = 0
    stored_before: int = 0  # captures a previous run already has
    sampled_out: int = 0  # distinct captures left out by --every
    started: float = field(default_factory=time.monotonic)

    def eta(self) -> str:
        if not self.done or self.done >= self.total:
            return "--:--"
        per_capture = (time.monotonic() - self.started) / self.done
        return clock(per_capture * (self.total - self.done))


def clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class BackfillProgress:
    """Told by the wayback spider what it plans and fetches; reports it on `stream`."""

    def __init__(self, stream: TextIO, tty: bool):
        self.stream = stream
        self.tty = tty
        self.policies: dict[str, PolicyProgress] = {}
        self.drawn: str | None = None  # the policy whose bar is on the current line

    def plan(self, name: str, total: int, stored_before: int, sampled_out: int) -> None:
        progress = PolicyProgress(name, total, 0, stored_before, sampled_out)
        self.policies[name] = progress
        notes = [f"{stored_before} already stored"]
        if sampled_out:
            notes.append(f"{sampled_out} distinct captures skipped by --every")
        self.line(f"{name}: {total} captures to fetch ({', '.join(notes)})")
        if total == 0:
            self.line(f"{name}: nothing new")

    def advance(self, name: str) -> None:
        progress = self.policies[name]
        progress.done += 1
        if self.tty:
            self.draw(progress)
        elif progress.done == progress.total or progress.done % max(progress.total // 10, 1) == 0:
            self.line(f"{name}: {progress.done}/{progress.total} captures, ETA {progress.eta()}")
        if progress.done == progress.total:
            self.line(f"{name}: done in {clock(time.monotonic() - progress.started)}")

    def draw(self, progress: PolicyProgress) -> None:
        filled = BAR_WIDTH * progress.done // max(progress.total, 1)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(
            f"\r{progress.name} [{bar}] {progress.done}/{progress.total} ETA {progress.eta()}"
        )
        self.stream.flush()
        self.drawn = progress.name

    def line(self, text: str) -> None:
        if self.drawn is not None:
            self.stream.write("\n")
            self.drawn = None
        self.stream.write(text + "\n")
        self.stream.flush()
