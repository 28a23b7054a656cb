"""The crawl's garbage-collector settings (run in a child process: they last for a process)."""

import subprocess
import sys

from crawler.jobs.collector import YOUNG_GENERATION_THRESHOLD

CHECK = """
import gc
from crawler.jobs.collector import tune_for_crawl
old_threshold = gc.get_threshold()
tune_for_crawl()
threshold = gc.get_threshold()
print(gc.get_freeze_count() > 1000, threshold[0], threshold[1:] == old_threshold[1:])
"""


def test_tune_for_crawl_freezes_what_exists_and_collects_less_often():
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", str(YOUNG_GENERATION_THRESHOLD), "True"]
