"""Debian's Chromium, headless, as a test's browser: screenshots, the DOM it built, and what
the page logged to its console. Tests using it skip, saying how to install it, without it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

INSTALL_HINT = "chromium not found: apt-get install chromium (Debian) to run the browser tests"
# Chromium's log line for a page's console message: `INFO:CONSOLE:12] "message", source: …`
# (older releases: `CONSOLE(12)`).
CONSOLE = re.compile(r":CONSOLE[:(]\d+\)?\] (.*)")


def chromium() -> str:
    """The browser's path; skips the test when it is not installed."""
    path = shutil.which("chromium")
    if path is None:
        pytest.skip(INSTALL_HINT)
    return path


def run_chromium(profile: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    """One headless Chromium run on `url` with its own profile under `profile`; no network."""
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",  # tests run as root in CI
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def load(profile: Path, url: str) -> tuple[str, list[str]]:
    """(the DOM Chromium built for `url`, the messages the page logged to its console)."""
    result = run_chromium(profile, url, "--dump-dom")
    return result.stdout, CONSOLE.findall(result.stderr)


def screenshot(profile: Path, url: str, target: Path, size: str = "1200,900") -> Path:
    run_chromium(profile, url, f"--window-size={size}", f"--screenshot={target}")
    return target


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
