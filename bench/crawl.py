"""Pages per second of a real `policywatch crawl`, against `scrapy bench` on the same machine.

A loopback server (crawler.siteserver) serves --policies fictional policy pages; the real CLI
crawls them in a subprocess with politeness off (no delay, no AutoThrottle, all requests to the
one host at once) and stores every page through the real pipelines into a fresh SQLite file.
`scrapy bench` (Scrapy's own link-following spider against its own server, 10 s) runs in the
same run. Both rates come from Scrapy's own stats (responses received / elapsed_time_seconds),
so start-up is left out of both alike. The ratio is the figure; target (issue 9): >= 80 %.

    python bench/crawl.py [--policies 2000]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from crawler.siteserver import Page, SiteServer

ROOT = Path(__file__).resolve().parents[1]
# Politeness off: Scrapy's own defaults for a bench (16 requests at once), no delay at all.
POLITENESS_OFF = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "INFO",  # the stats dump is logged at INFO
}
SECTIONS = ("Information we collect", "How we use it", "Sharing", "Retention", "Your rights")


def fictional_policy(number: int) -> bytes:
    """A small privacy policy page of a made-up company, distinct per `number`."""
    company = f"Bench Widgets {number} Ltd"
    sections = "".join(
        f"<h2>{heading}</h2>"
        + "".join(
            f"<p>{company} explains here, in paragraph {p} of '{heading.lower()}', what it "
            f"does with the data of its customers and why, as the law requires.</p>"
            for p in range(1, 4)
        )
        for heading in SECTIONS
    )
    return (
        f"<!doctype html><html><head><title>{company} privacy</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/shop'>Shop</a></nav><main>"
        f"<h1>{company} Privacy Policy</h1><p>Last updated: March 3, 2025</p>{sections}"
        f"</main><footer>© {company}</footer></body></html>"
    ).encode()


def scrapy_stats(log: str) -> tuple[int, float]:
    """(responses received, elapsed seconds) from Scrapy's closing stats dump."""
    responses = re.search(r"'response_received_count': (\d+)", log)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not (responses and elapsed):
        sys.exit(f"no Scrapy stats in the log:\n{log[-2000:]}")
    return int(responses.group(1)), float(elapsed.group(1))


def run_scrapy_bench(workdir: Path) -> tuple[int, float]:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "bench"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return scrapy_stats(result.stderr)


def run_policywatch_crawl(workdir: Path, policies: int) -> tuple[int, float, float, int]:
    """(responses, elapsed by Scrapy, wall time of the command, page bytes) of one crawl."""
    pages = {f"/policy/{n}": Page(fictional_policy(n)) for n in range(policies)}
    with SiteServer(pages) as site:
        watchlist = workdir / "policies.yaml"
        entries = [{"name": f"bench-{n}", "url": site.url(f"/policy/{n}")} for n in range(policies)]
        watchlist.write_text(yaml.safe_dump({"policies": entries}))
        settings = [arg for name, v in POLITENESS_OFF.items() for arg in ("-s", f"{name}={v}")]
        command = ["crawl", "--db", str(workdir / "bench.db"), "--watchlist", str(watchlist)]
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "crawler", *command, *settings],
            cwd=workdir,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=600,
        )
        wall = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"policywatch crawl failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    responses, elapsed = scrapy_stats(result.stderr)
    return responses, elapsed, wall, len(pages["/policy/0"].body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=2000, help="policies to serve and crawl")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        bench_responses, bench_elapsed = run_scrapy_bench(workdir)
        ours = run_policywatch_crawl(workdir, args.policies)
    responses, elapsed, wall, page_bytes = ours
    bench_rate, our_rate = bench_responses / bench_elapsed, responses / elapsed
    print(f"{os.cpu_count()} cores; politeness off; loopback servers")
    print(
        f"scrapy bench        {bench_rate:7.1f} pages/s  "
        f"({bench_responses} pages in {bench_elapsed:.1f} s, link-following, ~1 kB pages)"
    )
    print(
        f"policywatch crawl   {our_rate:7.1f} pages/s  ({responses} responses in {elapsed:.1f} s, "
        f"{page_bytes / 1000:.1f} kB policy pages, stored; {wall:.1f} s with start-up)"
    )
    print(f"ratio               {our_rate / bench_rate:7.1%}  (target >= 80 %)")


if __name__ == "__main__":
    main()
