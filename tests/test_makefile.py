"""`make demo` installs policywatch alone; `make test` still installs the test extras."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.support.paths import ROOT


def planned(target: str) -> list[str]:
    """The commands `make TARGET` would run from scratch (-B: as if nothing were built)."""
    if shutil.which("make") is None:
        pytest.skip("make not found: apt-get install make")
    # Run under `make test`, a make inherits MAKEFLAGS and MAKELEVEL and would print
    # "Entering directory" lines among the commands.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return result.stdout.splitlines()


def test_demo_installs_no_extras():
    commands = planned("demo")
    installs = [c for c in commands if "pip install" in c and "--upgrade pip" not in c]
    assert installs == [".venv/bin/pip install --quiet -e ."]
    assert commands[-1] == ".venv/bin/policywatch demo"
    assert not any("[test" in c or "bench" in c for c in commands)


def test_test_installs_the_test_and_bench_extras():
    commands = planned("test")
    assert ".venv/bin/pip install --quiet -e '.[test,bench]'" in commands
    assert commands[-1] == ".venv/bin/python -m pytest"
