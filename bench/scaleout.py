"""Pages per second of a crawl shared through Redis by 1, 2 and 4 workers, and how fast the
one ingest process records captures.

A loopback site (crawler.sandbox.manyhosts) serves --policies small fictional policies on
--hosts loopback addresses (127.0.0.1 …), each answer after --latency seconds. A real
redis-server holds the frontier. For each worker count, that many `policywatch worker`
processes (at most 4 requests at once each) fetch for one `policywatch crawl --redis`, which
records into a fresh SQLite file; the rate is the site's own count of answers over the time
between its first and last answer, so start-up is left out. One worker is latency-bound near
4 / latency pages/s. Politeness: the site counts the requests each host answers at once, and
more than one is a breach.

Ingest: with the captures of all policies already waiting in Redis (fetched by 4 workers with
no ingest running), `policywatch ingest` records them; its rate is Scrapy's own count of items
over its elapsed time, less the idle time it waits before stopping.

    python bench/scaleout.py [--policies 2000] [--hosts 200] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
from crawl import fictional_policy

from crawler.cluster.frontier import CAPTURES
from crawler.config import watchlist
from crawler.sandbox.manyhosts import ManyHostsSite
from crawler.sandbox.redisserver import RedisServer

ROOT = Path(__file__).resolve().parents[1]
WORKER_COUNTS = (1, 2, 4)
IDLE_TIMEOUT = 3.0
SETTINGS = {
    "CONCURRENT_REQUESTS": "4",  # each worker: at most 4 requests at once
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "ROBOTSTXT_OBEY": "False",
    "LOG_LEVEL": "INFO",  # the stats dump is logged at INFO
}
FLAGS = [flag for name, value in SETTINGS.items() for flag in ("-s", f"{name}={value}")]


def policywatch(*args: str, log: Path) -> subprocess.Popen:
    with open(log, "w") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "crawler", *args, *FLAGS],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )


def finish(process: subprocess.Popen, what: str, log: Path) -> None:
    if process.wait(timeout=1800) != 0:
        sys.exit(f"{what} failed:\n{log.read_text()[-3000:]}")


def serve(site: ManyHostsSite, count: int, directory: Path) -> None:
    """`count` policies, policy n on host n mod hosts, their watch list in `directory`."""
    policies = []
    for number in range(count):
        url = site.url(number % len(site.addresses), f"/privacy/{number}")
        site.pages[url] = fictional_policy(number)
        policies.append(watchlist.Policy(name=f"bench-{number}", url=url))
    directory.mkdir()
    watchlist.save(directory / "policies.yaml", policies)


def shared_crawl(directory: Path, redis_url: str, workers: int) -> None:
    """`crawl --redis` with `workers` workers, all to completion."""
    started = [
        policywatch(
            "worker",
            "--redis",
            redis_url,
            "--idle-timeout",
            str(IDLE_TIMEOUT),
            log=directory / f"worker-{n}.log",
        )
        for n in range(workers)
    ]
    db, policies = str(directory / "pw.db"), str(directory / "policies.yaml")
    log = directory / "crawl.log"
    crawl = policywatch("crawl", "--redis", redis_url, "--db", db, "--watchlist", policies, log=log)
    finish(crawl, "policywatch crawl --redis", log)
    for n, worker in enumerate(started):
        finish(worker, "policywatch worker", directory / f"worker-{n}.log")


def fetch_rate(site: ManyHostsSite, served_before: int) -> tuple[int, float]:
    """(pages, pages/s) the site answered since `served_before` answers."""
    times = site.load.times[served_before:]
    return len(times), (len(times) - 1) / (times[-1] - times[0])


def ingest_rate(directory: Path, redis_url: str, expected: int) -> tuple[int, float]:
    """(captures, captures/s) of `policywatch ingest` over captures already in Redis."""
    client = redis.Redis.from_url(redis_url)
    started = policywatch(
        "worker", "--redis", redis_url, "--idle-timeout", "600", log=directory / "fetch.log"
    )
    # The captures wait for an ingest; the requests stay pending until it has recorded them.
    db, policies = str(directory / "pw.db"), str(directory / "policies.yaml")
    queue = subprocess.run(
        [sys.executable, "-c", QUEUE_ONLY, db, policies, redis_url],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    if queue.returncode != 0:
        sys.exit(f"queueing failed:\n{queue.stderr[-3000:]}")
    while client.xlen(CAPTURES) < expected:
        time.sleep(0.2)
    started.terminate()
    started.wait(timeout=120)
    log = directory / "ingest.log"
    ingest = policywatch(
        "ingest", "--redis", redis_url, "--db", db, "--idle-timeout", str(IDLE_TIMEOUT), log=log
    )
    finish(ingest, "policywatch ingest", log)
    text = log.read_text()
    items = int(re.search(r"'item_scraped_count': (\d+)", text).group(1))
    elapsed = float(re.search(r"'elapsed_time_seconds': ([\d.]+)", text).group(1))
    return items, items / (elapsed - IDLE_TIMEOUT)


# Syncs the watch list into the database and queues its policies, without recording.
QUEUE_ONLY = (
    "import sys\n"
    "from pathlib import Path\n"
    "from crawler.config import watchlist\n"
    "from crawler.cluster.enqueue import enqueue_policies\n"
    "from crawler.jobs.crawl import spider_arguments\n"
    "from crawler.storage import open_database\n"
    "db, policies, redis_url = sys.argv[1:]\n"
    "store = open_database(Path(db))\n"
    "described = spider_arguments(store, watchlist.load(Path(policies)))\n"
    "store.close()\n"
    "enqueue_policies(redis_url, described)\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per answer")
    args = parser.parse_args()
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server not found: apt-get install redis-server")
    rates = {}
    with tempfile.TemporaryDirectory() as tmp, ManyHostsSite(args.hosts, args.latency) as site:
        for workers in WORKER_COUNTS:
            server = RedisServer(binary)
            directory = Path(tmp) / f"workers-{workers}"
            serve(site, args.policies, directory)
            before = len(site.load.times)
            shared_crawl(directory, server.url, workers)
            rates[workers] = fetch_rate(site, before)
            server.stop()
        server = RedisServer(binary)
        directory = Path(tmp) / "ingest"
        serve(site, args.policies, directory)
        captures, ingested = ingest_rate(directory, server.url, args.policies)
        server.stop()
        polite = site.load.polite
        busiest = max(site.load.peak.values())
    print(
        f"{os.cpu_count()} cores; {args.policies} policies on {args.hosts} loopback hosts, "
        f"{args.latency * 1000:.0f} ms a page; 4 requests at once per worker; one ingest"
    )
    print("workers  pages  pages/s")
    for workers, (pages, rate) in rates.items():
        print(f"{workers:7}  {pages:5}  {rate:7.1f}")
    print(f"ingest alone: {captures} captures at {ingested:.1f} captures/s")
    print(f"most requests one host answered at once: {busiest}")
    p1, p2, p4 = (rates[n][1] for n in WORKER_COUNTS)
    print(
        f"scale-out: 1 worker {p1:.1f} pages/s, 2 workers {p2:.1f} pages/s, 4 workers "
        f"{p4:.1f} pages/s, 4/1 = {p4 / p1:.2f}, "
        f"{'politeness held' if polite else 'politeness broken'}"
    )


if __name__ == "__main__":
    main()
