"""Extraction in worker processes, so a crawl can use every core while the reactor downloads.

Off by default (POLICYWATCH_EXTRACT_PROCESSES = 0): on a machine whose other cores are busy
the processes cost more than they save. The job is the CPU work of one capture up to its text:
decoding, extraction, sectioning and the text hash the timeline compares. Its answer is plain
data (the Extraction without its explanation, and the hash), so it crosses the process
boundary as a pickle.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace

from crawler.extraction.body import Extraction, ExtractOptions, extract
from diffing.normalise import text_hash


def extract_with_hash(body: bytes, options: ExtractOptions) -> tuple[Extraction, str | None]:
    """`extract`, and the text hash of its document when it is a policy; the explanation
    (which blocks were kept, for `policywatch extract --explain`) stays behind."""
    extraction = replace(extract(body, options), explanation=None)
    digest = None if extraction.outcome else text_hash(extraction.document.markdown)
    return extraction, digest


def worker_count(setting: str | int | None) -> int:
    """Worker processes for the setting: 0 (the default) extracts in the reactor; "auto", one
    per core."""
    if setting in (None, ""):
        return 0
    if str(setting).strip().lower() == "auto":
        return os.cpu_count() or 1
    return max(0, int(setting))


# How often a worker checks that the crawl that started it is still there.
PARENT_CHECK_SECONDS = 0.2


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of fresh interpreters: forking a process that runs a reactor and its threads
    could copy a held lock into the child."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=prepare_worker,
        initargs=(os.getpid(),),
    )


def prepare_worker(crawl_pid: int) -> None:
    """Ctrl-C is the crawl's to handle (it finishes what is in flight, then shuts the pool
    down); and a worker whose crawl was killed exits too, instead of waiting for work forever
    with the crawl's output still open."""
    from crawler.jobs.collector import tune_for_crawl

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=exit_with, args=(crawl_pid,), daemon=True).start()
    tune_for_crawl()


def exit_with(crawl_pid: int) -> None:
    while os.getppid() == crawl_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def submit(pool: ProcessPoolExecutor, body: bytes, options: ExtractOptions) -> Future:
    return pool.submit(extract_with_hash, body, options)
