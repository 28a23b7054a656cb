"""Find the platform's Chromium and say how to launch it without it reaching the network."""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
from pathlib import Path

# Debian's binary; /usr/bin/chromium is a shell wrapper around it that only adds flags from
# /etc/chromium.d, which a crawl does not want.
DEBIAN_BINARY = "/usr/lib/chromium/chromium"
COMMANDS = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
# Where `playwright install chromium` puts its own build (PLAYWRIGHT_BROWSERS_PATH moves it).
PLAYWRIGHT_BUILDS = ("chromium-*/chrome-linux*/chrome", "chromium_headless_shell-*/*/chrome*")
# Keep the browser to the page it is given: no updates, sync, telemetry or first-run pings.
# --no-sandbox because crawls (and CI) often run as root, where Chromium's sandbox refuses.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-dev-shm-usage",
]
INSTALL_HINT = (
    "install Debian's chromium (apt-get install chromium) or run `playwright install chromium`, "
    "or set POLICYWATCH_CHROMIUM to a Chromium executable"
)


def is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_chromium(setting: str | None = None) -> str | None:
    """The Chromium to launch: `setting` (POLICYWATCH_CHROMIUM) when given, else Debian's,
    else one on PATH, else Playwright's own download; None when there is none, or when the
    setting names something that is not an executable (a wrong setting is not guessed
    around)."""
    if setting:
        return setting if is_executable(setting) else None
    if is_executable(DEBIAN_BINARY):
        return DEBIAN_BINARY
    for command in COMMANDS:
        if found := shutil.which(command):
            return found
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache/ms-playwright")
    for pattern in PLAYWRIGHT_BUILDS:
        for path in sorted(glob.glob(os.path.join(root, pattern)), reverse=True):
            if is_executable(path):
                return path
    return None


def playwright_installed() -> bool:
    """Are scrapy-playwright and Playwright importable (the `browser` extra)?"""
    return all(importlib.util.find_spec(name) for name in ("playwright", "scrapy_playwright"))


def browser_problem(setting: str | None = None) -> str | None:
    """Why no page can be rendered here, or None when a browser is ready."""
    if not playwright_installed():
        return "Playwright is not installed: pip install 'policywatch[browser]'"
    if setting and not is_executable(setting):
        return f"POLICYWATCH_CHROMIUM={setting} is not an executable: {INSTALL_HINT}"
    if find_chromium(setting) is None:
        return f"no Chromium found: {INSTALL_HINT}"
    return None


def launch_options(executable: str, timeout_seconds: float) -> dict:
    """Playwright's `chromium.launch()` arguments for `executable`."""
    return {
        "executable_path": executable,
        "headless": True,
        "args": LAUNCH_ARGS,
        "timeout": timeout_seconds * 1000,
    }
