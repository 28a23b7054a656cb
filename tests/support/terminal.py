"""Run the real CLI on a pseudo-terminal, as a person at a terminal would see it."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT


def run_on_terminal(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> tuple[int, str]:
    """`policywatch ARGS…` with stdout and stderr on a pty; (exit status, everything shown)."""
    leader, follower = pty.openpty()
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", **(env or {})}
    for name in ("NO_COLOR", "POLICYWATCH_DB"):
        if name not in (env or {}):
            environment.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        cwd=cwd,
        env=environment,
    )
    os.close(follower)
    shown = bytearray()
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    return process.wait(timeout=timeout), shown.decode("utf-8", "replace")
