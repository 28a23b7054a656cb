"""What the browser costs: 100 JavaScript policies crawled through headless Chromium against the
same policies served pre-rendered through Scrapy's own downloader, in one run.

A loopback server (crawler.sandbox.siteserver) serves each policy twice: as a JavaScript page whose
sections arrive by fetch() from a JSON endpoint (`browser: always`), and as the finished HTML
(`browser: auto`, which a plain fetch satisfies, so no browser starts; and `browser: never`, to
show that costs nothing extra). Each crawl is the real CLI in a subprocess with the same
settings: no delay, no AutoThrottle, CONCURRENT_REQUESTS_PER_DOMAIN equal to the browser's page
pool. Wall time per page is the command's (start-up included) divided by the pages; peak memory
is the largest sum of PSS over the crawl's whole process tree (Python, Playwright's Node driver,
every Chromium process), sampled every 50 ms from /proc. CPU time is the sum over that tree of
each process's last sampled user + system time: on a shared machine, wall time follows the
other jobs' load, CPU time much less.

Goals (issue 19): browser <= 5x plain wall time a page; peak < 800 MB; no extra cost without
a browser policy.

    python bench/browser.py [--policies 100]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from crawler.browser.chromium import browser_problem
from crawler.sandbox.siteserver import Page, SiteServer

ROOT = Path(__file__).resolve().parents[1]
PAGES_AT_ONCE = 4  # POLICYWATCH_BROWSER_PAGES's default
SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": str(PAGES_AT_ONCE),
    "POLICYWATCH_BROWSER_PAGES": str(PAGES_AT_ONCE),
}
SECTIONS = ("Information we collect", "How we use it", "Sharing", "Retention", "Your rights")
RENDER = (
    "fetch(location.pathname.replace('privacy', 'sections.json')).then(r => r.json())"
    ".then(d => { document.getElementById('app').innerHTML = '<h1>' + d.title + '</h1>' +"
    " d.sections.map(s => '<h2>' + s.heading + '</h2>' + s.paragraphs.map(p => '<p>' + p +"
    " '</p>').join('')).join(''); });"
)


def policy(number: int) -> dict:
    company = f"Bench Lanterns {number} Ltd"
    return {
        "title": f"{company} Privacy Policy",
        "sections": [
            {
                "heading": heading,
                "paragraphs": [
                    f"{company} explains here, in paragraph {p} of '{heading.lower()}', what it "
                    "does with the data of its customers and why, as the law requires."
                    for p in range(1, 4)
                ],
            }
            for heading in SECTIONS
        ],
    }


def rendered(data: dict) -> str:
    body = "".join(
        f"<h2>{s['heading']}</h2>" + "".join(f"<p>{p}</p>" for p in s["paragraphs"])
        for s in data["sections"]
    )
    return f"<h1>{data['title']}</h1>{body}"


def site_pages(count: int) -> dict[str, Page]:
    pages = {}
    for n in range(count):
        data = policy(n)
        pages[f"/js/{n}/privacy"] = Page(
            f"<!doctype html><html><head><title>Privacy</title></head><body><div id='app'>"
            f"</div><script>{RENDER}</script></body></html>".encode()
        )
        pages[f"/js/{n}/sections.json"] = Page(
            json.dumps(data).encode(), content_type="application/json"
        )
        pages[f"/static/{n}/privacy"] = Page(
            f"<!doctype html><html><head><title>Privacy</title></head><body><main>"
            f"{rendered(data)}</main></body></html>".encode()
        )
    return pages


@dataclass
class Crawl:
    wall: float
    peak_pss: int  # bytes
    programs: set[str]
    ok: int
    cpu: float  # seconds, user + system, whole process tree


def cpu_seconds(pid: int) -> float | None:
    """User + system seconds `pid` has run so far, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except OSError:
            continue
    return found


def pss_and_name(pid: int) -> tuple[int, str]:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            pss = next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        with open(f"/proc/{pid}/comm") as comm:
            return pss * 1024, comm.read().strip()
    except (OSError, StopIteration):
        return 0, ""


def crawl(site: SiteServer, workdir: Path, kind: str, mode: str, count: int) -> Crawl:
    run_dir = Path(tempfile.mkdtemp(dir=workdir))
    entries = [
        {"name": f"{kind}-{n}", "url": site.url(f"/{kind}/{n}/privacy"), "browser": mode}
        for n in range(count)
    ]
    (run_dir / "policies.yaml").write_text(yaml.safe_dump({"policies": entries}))
    settings = [arg for name, value in SETTINGS.items() for arg in ("-s", f"{name}={value}")]
    command = [
        sys.executable, "-m", "crawler", "crawl", "--db", str(run_dir / "bench.db"),
        "--watchlist", str(run_dir / "policies.yaml"), *settings,
    ]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=run_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    peak, programs, cpu = 0, set(), {}
    while process.poll() is None:
        tree = descendants(process.pid)
        sampled = [pss_and_name(pid) for pid in tree]
        peak = max(peak, sum(pss for pss, _ in sampled))
        programs |= {name for _, name in sampled if name}
        cpu |= {pid: used for pid in tree if (used := cpu_seconds(pid)) is not None}
        time.sleep(0.05)
    wall = time.perf_counter() - started
    output = process.stdout.read()
    ok = sum(line.startswith("ok ") for line in output.splitlines())
    if ok != count:
        sys.exit(f"{kind}/{mode}: {ok} of {count} policies stored\n{output[-3000:]}")
    return Crawl(wall, peak, programs, ok, sum(cpu.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=100)
    args = parser.parse_args()
    if problem := browser_problem():
        sys.exit(f"bench/browser.py needs a headless Chromium: {problem}")
    count = args.policies
    with SiteServer(site_pages(count)) as site, tempfile.TemporaryDirectory() as tmp:
        runs = {
            "pre-rendered, browser: never": crawl(site, Path(tmp), "static", "never", count),
            "pre-rendered, browser: auto": crawl(site, Path(tmp), "static", "auto", count),
            "JavaScript, browser: always": crawl(site, Path(tmp), "js", "always", count),
        }
    print(f"{os.cpu_count()} cores; {count} policies a crawl; loopback server; {SETTINGS}")
    for label, run in runs.items():
        print(
            f"{label:30} {run.wall:6.1f} s  {count / run.wall:5.1f} pages/s  "
            f"{run.wall / count * 1000:6.0f} ms a page  CPU {run.cpu:5.1f} s  "
            f"peak PSS {run.peak_pss / 2**20:5.0f} MiB"
            f"  processes: {', '.join(sorted(run.programs))}"
        )
    plain, auto, browser = runs.values()
    print(
        f"browser / plain wall time a page: {browser.wall / auto.wall:.2f}x (goal <= 5x; "
        f"CPU time {browser.cpu / auto.cpu:.2f}x, load {os.getloadavg()[0]:.1f}); "
        f"peak with the browser {browser.peak_pss / 2**20:.0f} MiB (goal < 800 MB); "
        f"auto without a browser page / never: {auto.wall / plain.wall:.2f}x time, "
        f"{auto.peak_pss / plain.peak_pss:.2f}x memory (goal: 1x, no driver started: "
        f"{'node' not in auto.programs})"
    )


if __name__ == "__main__":
    main()
