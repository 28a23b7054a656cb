"""Commands that read files or the database start without Scrapy and Twisted: those load only
when a crawl starts, and each command's module only when that command runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "extract" / "fjordlight_privacy.html"
CRAWL_ONLY = ("scrapy", "twisted")


def imported_modules(*args: str, cwd: Path) -> set[str]:
    """Top-level names of every module `policywatch ARGS` imported, from -X importtime."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "crawler", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    lines = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
    assert lines, result.stderr
    return {line.rsplit("|", 1)[1].strip().split(".")[0] for line in lines}


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("extract", str(FIXTURE)),
        ("compare", str(FIXTURE), str(FIXTURE)),
        ("history", "fjordlight-privacy", "--db", "missing.db"),
        ("show", "fjordlight-privacy", "--db", "missing.db"),
        ("diff", "fjordlight-privacy", "--db", "missing.db"),
        ("search", "controller", "--db", "missing.db"),
        ("report", "--out", "site", "--db", "missing.db"),
        ("status", "--db", "missing.db"),
    ],
    ids=lambda args: args[0],
)
def test_reading_commands_start_without_scrapy(args, tmp_path):
    modules = imported_modules(*args, cwd=tmp_path)
    assert "crawler" in modules and "click" in modules
    assert not modules & set(CRAWL_ONLY), sorted(modules & set(CRAWL_ONLY))


def test_a_crawl_command_still_loads_scrapy(tmp_path):
    """The measure can see Scrapy: a crawl of an empty watch list imports it."""
    (tmp_path / "w.yaml").write_text("policies: []\n")
    modules = imported_modules("crawl", "--watchlist", "w.yaml", "--db", "x.db", cwd=tmp_path)
    assert "scrapy" in modules


def test_every_spider_scrapy_loads_for_a_crawl_imports_without_the_redis_extra():
    """Scrapy imports every module of SPIDER_MODULES for any crawl: the Redis spiders live
    outside them, so a crawl needs no `redis` or `scrapy_redis` installed."""
    code = (
        "import sys\n"
        "sys.modules['redis'] = sys.modules['scrapy_redis'] = None  # as if not installed\n"
        "from scrapy.utils.misc import walk_modules\n"
        "from crawler import settings\n"
        "for name in settings.SPIDER_MODULES:\n"
        "    walk_modules(name)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
