"""The real `policywatch` command in a subprocess, away from the user's own files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT


def isolated_environment(tmp_path: Path) -> dict[str, str]:
    """The environment with this checkout importable and no home, database, watch list or
    alerts configuration of the user's: the home defaults to the XDG one under tmp_path."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(tmp_path / "xdg-data")}
    for name in (
        "POLICYWATCH_HOME",
        "POLICYWATCH_DB",
        "POLICYWATCH_WATCHLIST",
        "POLICYWATCH_ALERTS",
    ):
        env.pop(name, None)
    return env


def run_policywatch(
    cwd: Path,
    *args: str,
    check: bool = True,
    input: str | None = None,
    env: dict | None = None,
) -> subprocess.CompletedProcess:
    """Run `policywatch ARGS…` in a subprocess in `cwd`, as users and the scheduler do."""
    result = subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**isolated_environment(cwd), **(env or {})},
        input=input,
        timeout=120,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"policywatch {' '.join(args)} exited {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result
