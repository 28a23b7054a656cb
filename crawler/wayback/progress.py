"""Progress of a long command, per policy: a live line each on a terminal, log lines otherwise.

On a terminal, rich draws one line per policy (a bar, done/total, time left, its last outcome)
redrawn in place; elsewhere (cron mail, CI logs, a pipe) plain lines are written instead: when
a policy starts, every tenth of the way for long ones, and when it is done. Nothing is
written in quiet mode.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class PolicyProgress:
    name: str
    total: int
    done: int = 0
    stored_before: int = 0  # captures a previous run already has (back-fills)
    sampled_out: int = 0  # distinct captures left out by --every (back-fills)
    started: float = field(default_factory=time.monotonic)
    task: int | None = None  # rich's task id, on a terminal

    def eta(self) -> str:
        if not self.done or self.done >= self.total:
            return "--:--"
        per_unit = (time.monotonic() - self.started) / self.done
        return clock(per_unit * (self.total - self.done))


def clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class Progress:
    """Told what each policy plans and does by whoever does the work; reports it on `stream`.

    `unit` names what is counted ("fetch", "capture", "version"); `command` prefixes the
    plain lines so a shared log says which command wrote them.
    """

    def __init__(
        self, stream: TextIO, tty: bool, command: str, unit: str, quiet: bool = False
    ) -> None:
        self.stream = stream
        self.tty = tty and not quiet
        self.quiet = quiet
        self.command = command
        self.unit = unit
        self.policies: dict[str, PolicyProgress] = {}
        self.live = self.start_live() if self.tty else None

    def start_live(self):
        # Imported here: only a command on a terminal draws anything.
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        console = Console(file=self.stream, force_terminal=True)
        live = RichProgress(
            TextColumn("{task.description:32}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[status]}"),
            console=console,
            # Redrawn when told (and twice a second for the clock), never from a thread of
            # its own between our writes.
            auto_refresh=False,
        )
        live.start()
        return live

    def plan(self, name: str, total: int, note: str = "") -> PolicyProgress:
        progress = PolicyProgress(name, total)
        self.policies[name] = progress
        if self.live is not None:
            progress.task = self.live.add_task(name, total=max(total, 1), status=note)
            self.live.refresh()
        elif note:
            self.line(f"{name}: {note}")
        return progress

    def advance(self, name: str, status: str = "") -> None:
        progress = self.policies.get(name) or self.plan(name, 1)
        progress.done += 1
        finished = progress.done == progress.total
        if self.live is not None:
            self.live.update(progress.task, advance=1, status=status)
            self.live.refresh()
        elif finished or progress.done % max(progress.total // 10, 1) == 0:
            self.line(self.plain_step(progress, status))
        if finished and progress.total > 1:
            self.line(f"{name}: done in {clock(time.monotonic() - progress.started)}")

    def plain_step(self, progress: PolicyProgress, status: str) -> str:
        if progress.total == 1:  # one fetch per policy: the outcome is what matters
            done = sum(1 for p in self.policies.values() if p.done >= p.total)
            return f"{progress.name}: {status or 'done'} ({done}/{len(self.policies)} policies)"
        return (
            f"{progress.name}: {progress.done}/{progress.total} {self.unit}s, "
            f"ETA {progress.eta()}" + (f" ({status})" if status else "")
        )

    def line(self, text: str) -> None:
        """A message of its own, above the live lines on a terminal."""
        if self.quiet:
            return
        if self.live is not None:
            self.live.console.print(text, markup=False, highlight=False)
            return
        self.stream.write(f"{self.command}: {text}\n")
        self.stream.flush()

    def close(self) -> None:
        """Leave the live lines as they last were, and the cursor below them."""
        if self.live is not None:
            self.live.refresh()
            self.live.stop()
            self.live = None


class BackfillProgress(Progress):
    """The wayback spider's report: captures planned (with what a previous run stored and
    what --every left out) and fetched, per policy."""

    def __init__(self, stream: TextIO, tty: bool, quiet: bool = False) -> None:
        super().__init__(stream, tty, "backfill", "capture", quiet)

    def plan(  # type: ignore[override]
        self, name: str, total: int, stored_before: int = 0, sampled_out: int = 0, note=""
    ) -> PolicyProgress:
        notes = [f"{stored_before} already stored"]
        if sampled_out:
            notes.append(f"{sampled_out} distinct captures skipped by --every")
        progress = super().plan(name, total, f"{total} captures to fetch ({', '.join(notes)})")
        progress.stored_before, progress.sampled_out = stored_before, sampled_out
        if total == 0:
            self.line(f"{name}: nothing new")
        return progress
