"""Crawls shared through Redis (`crawl --redis`, `worker`, `ingest`): real redis-server, real
workers in subprocesses, a loopback site on several hosts; checked in the SQLite file and in
what the site saw."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import redis

from crawler.cluster.captures import capture_from_fields
from crawler.cluster.enqueue import enqueue_policies
from crawler.cluster.frontier import CAPTURES, QUEUED, REQUESTS, WORKERS, create_groups
from crawler.config import watchlist
from crawler.jobs.crawl import spider_arguments
from crawler.sandbox.manyhosts import ManyHostsSite
from crawler.storage import open_database
from tests.support.backfill_helpers import edition, wait_for
from tests.support.crawlrun import rows
from tests.support.paths import FAST_SETTINGS, ROOT

# A request left unacknowledged this long is taken over; a host's lock outlives a download by
# DOWNLOAD_TIMEOUT + 5 s.
CLUSTER_SETTINGS = [
    "-s",
    "POLICYWATCH_REDIS_CLAIM_AFTER=5",
    "-s",
    "DOWNLOAD_TIMEOUT=5",
    "-s",
    "ROBOTSTXT_OBEY=False",
]


def env() -> dict[str, str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("POLICYWATCH_DB", None)
    return environment


def serve_policies(site: ManyHostsSite, count: int, directory: Path, first_edition: int = 1):
    """`count` policies spread over the site's hosts, their watch list in `directory`."""
    policies = []
    for number in range(count):
        url = site.url(number % len(site.addresses), f"/privacy-{number}")
        site.pages[url] = edition(first_edition + number)
        policies.append(watchlist.Policy(name=f"policy-{number}", url=url))
    directory.mkdir(exist_ok=True)
    watchlist.save(directory / "policies.yaml", policies)


def cli(directory: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "crawler", *args, *FAST_SETTINGS, *CLUSTER_SETTINGS]


def crawl_command(directory: Path, redis_url: str | None) -> list[str]:
    shared = ["--redis", redis_url] if redis_url else []
    db, policies = str(directory / "pw.db"), str(directory / "policies.yaml")
    return cli(directory, "crawl", "--db", db, "--watchlist", policies, *shared)


def start_crawl(directory: Path, redis_url: str | None) -> subprocess.Popen:
    return subprocess.Popen(
        crawl_command(directory, redis_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )


def start_worker(directory: Path, redis_url: str, *settings: str) -> subprocess.Popen:
    command = cli(directory, "worker", "--redis", redis_url, "--idle-timeout", "3", *settings)
    # The child gets its own copy of the log's descriptor; ours can close at once.
    with open(directory / f"worker-{time.monotonic_ns()}.log", "w") as log:
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env())


def queued(redis_url: str) -> int:
    """Requests on the frontier not yet recorded (read by a worker or not)."""
    client = redis.Redis.from_url(redis_url)
    create_groups(client)
    try:
        return client.xlen(REQUESTS)
    finally:
        client.close()


def crawl(directory: Path, redis_url: str | None = None, workers: int = 2, *settings: str):
    """One `policywatch crawl`, on one machine or through Redis with `workers` workers; they
    start once the crawl has queued its policies (a worker with nothing to do stops)."""
    crawling = start_crawl(directory, redis_url)
    started = []
    try:
        if redis_url:
            count = len(watchlist.load(directory / "policies.yaml"))
            wait_for(lambda: queued(redis_url) >= count or crawling.poll() is not None, 120)
            started = [start_worker(directory, redis_url, *settings) for _ in range(workers)]
        stdout, stderr = crawling.communicate(timeout=300)
        for worker in started:
            assert worker.wait(timeout=120) == 0
    finally:
        stop(crawling, *started)
    assert crawling.returncode == 0, stdout + stderr
    return stdout


def stop(*processes: subprocess.Popen | None) -> None:
    """Kill whichever of `processes` still runs and reap them all (a failed test leaves none
    behind)."""
    for process in processes:
        if process is not None and process.poll() is None:
            process.kill()
    for process in processes:
        if process is not None:
            process.wait()
            for pipe in (process.stdout, process.stderr):
                if pipe is not None:
                    pipe.close()


def recorded(directory: Path) -> dict[str, list]:
    """What a crawl recorded, less wall-clock times and row ids (live pages arrive in any
    order, on one machine as on many)."""
    db = directory / "pw.db"
    timeline = rows(db, "SELECT * FROM policy_timeline ORDER BY policy, version_number")
    for row in timeline:
        for column in ("first_seen", "last_seen", "window_from", "version_id"):
            row.pop(column)
    return {
        "timeline": timeline,
        "changes": rows(
            db,
            "SELECT p.name, c.kind, c.flags, c.should_alert, c.diff_json FROM changes c "
            "JOIN policies p ON p.id = c.policy_id ORDER BY p.name, c.changed_at",
        ),
        "fetches": rows(
            db,
            "SELECT p.name, f.url, f.outcome, f.ok, f.http_status, f.text_hash FROM fetch_log f "
            "JOIN policies p ON p.id = f.policy_id ORDER BY p.name, f.id",
        ),
    }


def test_a_crawl_through_redis_records_what_a_one_machine_crawl_records(tmp_path, redis_server):
    alone, shared = tmp_path / "alone", tmp_path / "shared"
    with ManyHostsSite(3) as site:
        for directory, redis_url in ((alone, None), (shared, redis_server.url)):
            serve_policies(site, 9, directory)
            crawl(directory, redis_url)
            # A second night: a new edition of every other policy.
            serve_policies(site, 9, directory, first_edition=2)
            for number in range(0, 9, 2):
                site.pages[site.url(number % 3, f"/privacy-{number}")] = edition(1 + number)
            crawl(directory, redis_url)
    assert recorded(shared) == recorded(alone)
    assert len(recorded(shared)["changes"]) == 4
    # Nothing is left waiting: every request was recorded, acknowledged and forgotten.
    client = redis.Redis.from_url(redis_server.url)
    assert client.xlen(REQUESTS) == 0 and client.scard(QUEUED) == 0


def test_politeness_holds_across_workers(tmp_path, redis_server):
    with ManyHostsSite(2, latency=0.2) as site:
        serve_policies(site, 10, tmp_path)
        # Each worker alone would send four requests at once to one host.
        crawl(tmp_path, redis_server.url, 2, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4")
        load = site.load
    assert sum(load.served.values()) == 10
    assert dict(load.peak) == {"127.0.0.1": 1, "127.0.0.2": 1}


def unsent(client: redis.Redis, consumer: str) -> set[str]:
    """Requests the consumer read whose capture it has not sent: lost if it dies now."""
    pending = client.xpending_range(REQUESTS, WORKERS, "-", "+", 1000, consumername=consumer)
    sent = {capture_from_fields(fields).delivery[0] for _, fields in client.xrange(CAPTURES)}
    return {entry["message_id"].decode() for entry in pending} - sent


def test_a_worker_killed_mid_crawl_loses_nothing(tmp_path, redis_server):
    alone, shared = tmp_path / "alone", tmp_path / "shared"
    with ManyHostsSite(4, latency=0.3) as site:
        serve_policies(site, 24, alone)
        crawl(alone)
        serve_policies(site, 24, shared)
        client = redis.Redis.from_url(redis_server.url)
        create_groups(client)
        doomed = survivor = None
        crawling = start_crawl(shared, redis_server.url)
        try:
            wait_for(lambda: client.xlen(REQUESTS) >= 24 or crawling.poll() is not None, 120)
            # The doomed worker starts alone, so it surely holds requests when it is killed.
            doomed = start_worker(shared, redis_server.url, "-s", "CONCURRENT_REQUESTS=4")
            consumer = f"{socket.gethostname()}-{doomed.pid}"
            # Mid-crawl: some pages are served, and the worker holds requests it has not
            # answered.
            wait_for(lambda: sum(site.load.served.values()) >= 4 and unsent(client, consumer), 120)
            os.kill(doomed.pid, signal.SIGKILL)
            doomed.wait()
            lost = unsent(client, consumer)
            survivor = start_worker(shared, redis_server.url)
            stdout, stderr = crawling.communicate(timeout=300)
            assert crawling.returncode == 0, stdout + stderr
            assert survivor.wait(timeout=120) == 0
        finally:
            stop(doomed, survivor, crawling)
    assert lost  # the crawl did depend on taking over the dead worker's requests
    fetched = recorded(shared)
    assert fetched == recorded(alone)
    assert sorted(r["name"] for r in fetched["fetches"]) == sorted(f"policy-{n}" for n in range(24))
    assert client.xlen(REQUESTS) == 0 and client.scard(QUEUED) == 0


def test_a_policy_waiting_on_the_frontier_is_not_queued_twice(redis_server):
    policies = [{"id": n, "name": f"p{n}", "url": "https://example.test/privacy"} for n in (1, 2)]
    # Two policies at one URL are two fetches; the same policy again is none.
    assert len(enqueue_policies(redis_server.url, policies)) == 2
    assert enqueue_policies(redis_server.url, policies) == []
    client = redis.Redis.from_url(redis_server.url)
    assert client.xlen(REQUESTS) == 2


def test_ingest_records_the_captures_left_waiting_in_redis(tmp_path, redis_server):
    with ManyHostsSite(2) as site:
        serve_policies(site, 6, tmp_path)
        store = open_database(tmp_path / "pw.db")
        enqueue_policies(
            redis_server.url, spider_arguments(store, watchlist.load(tmp_path / "policies.yaml"))
        )
        store.close()
        # A worker fetches everything while no ingest runs (a `crawl --redis` that was stopped).
        client = redis.Redis.from_url(redis_server.url)
        worker = start_worker(tmp_path, redis_server.url)
        wait_for(lambda: client.xlen(CAPTURES) == 6, 120)
        worker.terminate()
        worker.wait(timeout=60)
    result = subprocess.run(
        cli(
            tmp_path,
            "ingest",
            "--redis",
            redis_server.url,
            "--db",
            str(tmp_path / "pw.db"),
            "--idle-timeout",
            "2",
        ),
        capture_output=True,
        text=True,
        env=env(),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    fetches = recorded(tmp_path)["fetches"]
    assert sorted(r["name"] for r in fetches) == sorted(f"policy-{n}" for n in range(6))
    assert {r["outcome"] for r in fetches} == {"new-version"}
    assert client.xlen(REQUESTS) == 0 and client.xlen(CAPTURES) == 0


def test_a_policy_that_needs_a_browser_gets_a_typed_outcome_through_redis(tmp_path, redis_server):
    # Workers fetch with Scrapy's downloader only: a page watched with `browser: always` is
    # not fetched plainly and recorded as if it were the rendered page.
    with ManyHostsSite(2) as site:
        serve_policies(site, 3, tmp_path)
        policies = watchlist.load(tmp_path / "policies.yaml")
        policies[0].browser = "always"
        watchlist.save(tmp_path / "policies.yaml", policies)
        crawling = start_crawl(tmp_path, redis_server.url)
        worker = None
        try:
            wait_for(lambda: queued(redis_server.url) >= 3 or crawling.poll() is not None, 120)
            worker = start_worker(tmp_path, redis_server.url)
            stdout, stderr = crawling.communicate(timeout=300)
            assert worker.wait(timeout=120) == 0
        finally:
            stop(crawling, worker)
        served = sum(site.load.served.values())
    assert crawling.returncode == 1, stdout + stderr  # one policy could not be fetched
    outcomes = {r["name"]: r["outcome"] for r in recorded(tmp_path)["fetches"]}
    assert outcomes == {
        "policy-0": "no-browser",
        "policy-1": "new-version",
        "policy-2": "new-version",
    }
    assert served == 2
    assert "without a browser" in stdout + stderr


def test_a_redis_that_does_not_answer_is_said_in_one_line(tmp_path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"redis://127.0.0.1:{closed.getsockname()[1]}/0"
    for command in (["worker", "--redis", url], ["ingest", "--redis", url, "--db", "pw.db"]):
        result = subprocess.run(
            cli(tmp_path, *command), capture_output=True, text=True, env=env(), cwd=tmp_path
        )
        assert result.returncode == 1, result.stdout + result.stderr
        assert f"Error: cannot use the Redis at {url}" in result.stderr
        assert "Traceback" not in result.stderr
