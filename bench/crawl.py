"""Pages per second of a real `policywatch crawl`, against `scrapy bench` on the same machine.

A loopback server (crawler.sandbox.siteserver) serves --policies fictional policy pages (~2 kB, the
size of scrapy bench's pages); the real CLI crawls them in a subprocess with politeness off (no
delay, no AutoThrottle, all requests to the one host at once) and stores every page through the
real pipelines into a fresh SQLite file. A second crawl does the same with --real-pages real
pages (the newest snapshot of each history in ../shared/corpus/ota, ~200 kB on average, each
served as a distinct policy), where extraction, not Scrapy, sets the pace.
`scrapy bench` (Scrapy's own link-following spider against its own server, 10 s) runs in the
same run. Both rates come from Scrapy's own stats (responses received / elapsed_time_seconds),
so start-up is left out of both alike. The ratio is the figure; target: >= 80 %.

    python bench/crawl.py [--policies 2000] [--real-pages 500]
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
from _corpus import require_corpus, snapshot_histories

from crawler.sandbox.siteserver import Page, SiteServer

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


def real_pages(count: int) -> list[bytes]:
    """`count` real policy pages: each history's newest snapshot in turn, each copy made a
    distinct page by a comment (as distinct policies' raw bytes are)."""
    newest = [h[-1].body for h in snapshot_histories(require_corpus()).values()]
    return [newest[n % len(newest)] + f"<!-- policy {n} -->".encode() for n in range(count)]


def run_policywatch_crawl(workdir: Path, bodies: list[bytes]) -> tuple[int, float, float, int]:
    """(responses, elapsed by Scrapy, wall time of the command, mean page bytes) of one crawl
    of `bodies`, each served as its own policy, into a fresh database."""
    # No charset in the header: real pages declare their own (or are sniffed), as on the web.
    pages = {f"/policy/{n}": Page(body, content_type="text/html") for n, body in enumerate(bodies)}
    with SiteServer(pages) as site, tempfile.TemporaryDirectory(dir=workdir) as run_dir:
        watchlist = Path(run_dir) / "policies.yaml"
        entries = [{"name": f"bench-{n}", "url": site.url(path)} for n, path in enumerate(pages)]
        watchlist.write_text(yaml.safe_dump({"policies": entries}))
        settings = [arg for name, v in POLITENESS_OFF.items() for arg in ("-s", f"{name}={v}")]
        command = ["crawl", "--db", str(Path(run_dir) / "bench.db"), "--watchlist", str(watchlist)]
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
    return responses, elapsed, wall, sum(map(len, bodies)) // len(bodies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=2000, help="fictional pages to crawl")
    parser.add_argument("--real-pages", type=int, default=500, help="real pages to crawl")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        bench_responses, bench_elapsed = run_scrapy_bench(workdir)
        crawls = {
            "fictional pages": run_policywatch_crawl(
                workdir, [fictional_policy(n) for n in range(args.policies)]
            ),
            "real pages": run_policywatch_crawl(workdir, real_pages(args.real_pages)),
        }
    bench_rate = bench_responses / bench_elapsed
    print(f"{os.cpu_count()} cores; politeness off; loopback servers")
    print(
        f"scrapy bench                  {bench_rate:7.1f} pages/s  "
        f"({bench_responses} pages in {bench_elapsed:.1f} s, link-following, ~1 kB pages)"
    )
    for label, (responses, elapsed, wall, page_bytes) in crawls.items():
        rate = responses / elapsed
        print(
            f"policywatch, {label:<16} {rate:7.1f} pages/s  ({responses} responses in "
            f"{elapsed:.1f} s, {page_bytes / 1000:.1f} kB a page, stored; {wall:.1f} s with "
            f"start-up) = {rate / bench_rate:.1%} of scrapy bench (target >= 80 %)"
        )


if __name__ == "__main__":
    main()
