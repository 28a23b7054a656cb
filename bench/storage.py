"""Database bytes per distinct version and per raw snapshot, and their growth with versions.

Each of --policies policies starts from a real page of ../shared/corpus/ota and gets --versions
versions: version k is the page with k fictional paragraphs inserted in its text (one more
section changed each time), and every version is captured twice, the second time with only a
fresh CSRF-token <meta> (new raw bytes, same text), as live pages are. All captures go through
the real pipelines into one SQLite file. Printed at checkpoints: database size against the zlib
size of the distinct raw captures (target: <= 1.2 x), bytes per version and per
snapshot; then the bytes per table and a linear projection to 1,000 policies x 50 versions
(policies are independent, so size grows linearly with their number; run --policies 1000 to
measure it, about 90 minutes here).

    python bench/storage.py [--policies 10] [--versions 50]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import tempfile
import zlib
from datetime import datetime, timedelta
from pathlib import Path

from _corpus import require_corpus, snapshot_histories
from _feed import Pipelines, add_policies, capture

from crawler.storage import open_database

PARAGRAPH_END = re.compile(rb"</p>", re.IGNORECASE)
START = datetime(2020, 1, 1)


def base_pages(count: int) -> list[tuple[str, bytes]]:
    """(url, body) of the newest snapshot of each real history, repeated to `count` pages.

    Every paragraph of page i names reader i: distinct policies share no text (as real ones
    do not), so a page used for several policies cannot make their sections look shared.
    """
    histories = snapshot_histories(require_corpus())
    newest = [(h[-1].url or f"https://x.invalid/{n}", h[-1].body) for n, h in histories.items()]
    usable = [(url, body) for url, body in newest if len(PARAGRAPH_END.findall(body)) >= 10]
    pages = []
    for i in range(count):
        url, body = usable[i % len(usable)]
        pages.append((url, PARAGRAPH_END.sub(f" (reader {i})</p>".encode(), body)))
    return pages


def edited(body: bytes, edits: int, policy: int) -> bytes:
    """`body` with `edits` fictional paragraphs inserted after paragraphs spread over the text."""
    ends = [m.end() for m in PARAGRAPH_END.finditer(body)]
    spots = sorted(ends[(i * 7919) % len(ends)] for i in range(edits))  # a prime spreads them
    parts, last = [], 0
    for k, spot in enumerate(spots, 1):
        parts += [body[last:spot], f"<p>Revision {k} for reader {policy}: ".encode()]
        parts.append(b"we now keep this record for a shorter time.</p>")
        last = spot
    return b"".join([*parts, body[last:]])


def with_token(body: bytes, seed: str) -> bytes:
    token = hashlib.sha1(seed.encode()).hexdigest()
    return f'<meta name="csrf-token" content="{token}">'.encode() + body


def sizes(db: Path) -> dict[str, int]:
    """Database bytes (WAL checkpointed) and row counts."""
    store = open_database(db)
    store.query("PRAGMA wal_checkpoint(TRUNCATE)")
    (row,) = store.query(
        "SELECT (SELECT count(*) FROM raw_captures) AS raw_count, "
        "(SELECT count(*) FROM snapshots) AS snapshots, "
        "(SELECT count(DISTINCT policy_id || text_hash) FROM versions) AS versions"
    )
    tables = store.query(
        "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC"
    )
    store.close()
    return {**row, "db": db.stat().st_size, "tables": tables}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=10)
    parser.add_argument("--versions", type=int, default=50)
    args = parser.parse_args()
    pages = base_pages(args.policies)
    print(f"{args.policies} policies x {args.versions} versions, 2 captures per version\n")
    print(
        f"{'versions':>8} {'snapshots':>9} {'DB MB':>7} {'raw zlib MB':>11} {'DB/raw':>6} "
        f"{'kB/version':>10} {'kB/snapshot':>11}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        ids = add_policies(db, [f"bench-{p}" for p in range(args.policies)])
        pipelines = Pipelines(db)
        # The yardstick: each distinct body zlib-compressed on its own (as the database
        # stored them before migration 0005), computed here so it does not depend on storage.
        distinct_bodies: set[str] = set()
        raw_zlib = 0
        for k in range(1, args.versions + 1):
            for p, (policy_id, (url, body)) in enumerate(zip(ids, pages, strict=True)):
                page = edited(body, k - 1, p)
                for hours in (0, 12):
                    at = (START + timedelta(days=k, hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
                    captured = with_token(page, at)
                    digest = hashlib.sha256(captured).hexdigest()
                    if digest not in distinct_bodies:
                        distinct_bodies.add(digest)
                        raw_zlib += len(zlib.compress(captured, 6))
                    pipelines.process(capture(policy_id, url, at, captured))
            if k % 10 == 0 or k == args.versions:
                s = {**sizes(db), "raw_zlib": raw_zlib}
                print(
                    f"{s['versions']:8} {s['snapshots']:9} {s['db'] / 1e6:7.1f} "
                    f"{s['raw_zlib'] / 1e6:11.1f} {s['db'] / s['raw_zlib']:6.2f} "
                    f"{s['db'] / s['versions'] / 1e3:10.1f} {s['db'] / s['snapshots'] / 1e3:11.1f}"
                )
        pipelines.close()
    print("\nbytes by table or index (target: DB <= 1.2 x raw zlib)")
    for table in s["tables"]:
        print(f"  {table['name']:<40} {table['bytes'] / 1e6:8.1f} MB")
    scale = 1000 / args.policies * 50 / args.versions
    print(f"\nprojected for 1,000 policies x 50 versions: {s['db'] * scale / 1e9:.2f} GB")


if __name__ == "__main__":
    main()
