"""Extraction in worker processes, so a crawl uses every core while the reactor downloads.

The job is the CPU work of one capture up to its text: decoding, extraction, sectioning and
the text hash the timeline compares. Its answer is plain data (a PolicyDocument, or the typed
reason there is none), so it crosses the process boundary as a pickle.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from crawler.body_text import NoPolicyText, policy_document
from crawler.collector import tune_for_crawl
from diffing.document import PolicyDocument
from diffing.normalise import text_hash


@dataclass(frozen=True)
class Extracted:
    """One capture's extraction: its document and text hash, or why it has no policy text."""

    document: PolicyDocument | None = None
    digest: str | None = None
    outcome: str | None = None  # set with `reason` when there is no policy text
    reason: str = ""


def extract(body: bytes, content_type: str | None, options: dict) -> Extracted:
    """`policy_document` (options as its keywords), with the failure as data, not raised."""
    try:
        document = policy_document(body, content_type, **options)
    except NoPolicyText as error:
        return Extracted(outcome=error.outcome, reason=error.reason)
    return Extracted(document, text_hash(document.markdown))


def worker_count(setting: int | None) -> int:
    """Worker processes for a setting: None means one per core, 0 extracts in the reactor."""
    if setting is None:
        return os.cpu_count() or 1
    return max(0, setting)


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
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=exit_with, args=(crawl_pid,), daemon=True).start()
    tune_for_crawl()


def exit_with(crawl_pid: int) -> None:
    while os.getppid() == crawl_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def submit(pool: ProcessPoolExecutor, body: bytes, content_type, options: dict) -> Future:
    return pool.submit(extract, body, content_type, options)
