"""One policywatch writer at a time per database file, across processes.

`run`, `crawl`, `alerts` (and `backfill`) hold an exclusive `flock` on `DB.run.lock` next to
the database (`data/policywatch.db.run.lock`) while they work: two databases in one directory
run at once, one database reached through a symlink or another relative path does not.
The kernel releases an flock when its holder dies, however it dies (SIGKILL, power loss of a
container), so a stale lock cannot block the next night's run; the PID and start time written
into the file only explain who holds it. A lock file left with a dead PID is simply taken over.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

LOCK_SUFFIX = ".run.lock"
# Exit status when another run holds the lock: EX_TEMPFAIL from sysexits.h ("try again
# later"), which cron wrappers and systemd units can treat as a skipped run.
EXIT_LOCKED = 75


class RunLockedError(RuntimeError):
    """Another policywatch process is working on this database."""

    exit_code = EXIT_LOCKED


def lock_path(db: Path) -> Path:
    """The lock file of the database file `db` (symlinks resolved: one file, one lock)."""
    real = Path(os.path.realpath(db))
    return real.with_name(real.name + LOCK_SUFFIX)


def holder(path: Path) -> str:
    """Who wrote the lock file, as recorded in it ('unknown' when unreadable)."""
    try:
        return path.read_text(encoding="utf-8").strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def run_lock(db: Path, command: str) -> Iterator[Path]:
    """Hold the run lock for `db` while the block runs; raise RunLockedError if it is taken."""
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunLockedError(
                f"another policywatch process is working on {db} ({holder(path)}); lock file {path}"
            ) from None
        started = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} {command} since {started}\n".encode(), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the descriptor releases the flock
