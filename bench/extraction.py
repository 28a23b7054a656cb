"""Extraction quality and speed, side by side, on the Open Terms Archive pairs.

For each extractor: mean/median/p10 token F1, precision, recall, pages per second against
the text people extracted with hand-written selectors; ours' sentence recall and the pages
where ours loses a whole sentence of that text; the false-change rate on consecutive
snapshots whose curated text did not change; the worst pages of ours.

    python bench/extraction.py [--only ours,bs4] [--worst 10] [--worst-of "ours, told the
    document type"] [--min-words 30]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from crawler.extraction import ExtractOptions, extract
from crawler.extraction.decoding import decode_body
from crawler.extraction.quality import (
    Pair,
    Score,
    corpus_pairs,
    document_type,
    heading_recall,
    lost_sentences,
    sentence_recall,
    summarise,
    token_f1,
    visible_words,
)

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def ours(html: str, url: str | None, terms_type: str | None = None) -> str:
    return extract(html, ExtractOptions(url=url)).document.markdown


def ours_typed(html: str, url: str | None, terms_type: str | None = None) -> str:
    """Ours, told the document type the page is watched for (OTA's terms type)."""
    return extract(html, ExtractOptions(url=url, document=terms_type)).document.markdown


def trafilatura_recall(html: str, url: str | None, terms_type: str | None = None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, favor_recall=True) or ""


def trafilatura_default(html: str, url: str | None, terms_type: str | None = None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def readability(html: str, url: str | None, terms_type: str | None = None) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html, url=url).summary()
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


def bs4_text(html: str, url: str | None, terms_type: str | None = None) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for element in soup(["script", "style", "noscript", "template"]):
        element.decompose()
    return soup.get_text(" ")


# Each takes (html, url, terms_type); only "ours, told the document type" uses the type, so
# plain "ours" stays the honest comparison with the generic extractors.
EXTRACTORS: dict[str, Callable[[str, str | None, str | None], str]] = {
    "ours": ours,
    "ours, told the document type": ours_typed,
    "trafilatura favor_recall": trafilatura_recall,
    "trafilatura default": trafilatura_default,
    "readability-lxml": readability,
    "bs4 get_text": bs4_text,
}


def unchanged_snapshot_pairs(corpus: Path) -> list[tuple[Path, Path, str | None, str | None]]:
    """Consecutive stored snapshots whose curated (OTA) text did not change, with the URL and
    the document type."""
    found = []
    for doc in sorted((corpus / "ota" / "docs").iterdir()):
        listing = doc / "snapshots.json"
        if not listing.exists():
            continue
        terms_type = document_type(doc)
        snapshots = {s["seq"]: s for s in json.loads(listing.read_text()) if not s["missing"]}
        for seq, snapshot in sorted(snapshots.items()):
            previous = snapshots.get(seq - 1)
            if previous and snapshot["change_vs_previous_seq"] == "no_text_change":
                old, new = doc / previous["file"], doc / snapshot["file"]
                found.append((old, new, snapshot.get("source_url"), terms_type))
    return found


def decode(path_or_bytes) -> str:
    body = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return decode_body(body, None)


def false_change_rates(extract, pairs) -> tuple[float, float]:
    """Share of unchanged pairs whose output differs: exactly, and in visible words."""
    exact = words = 0
    for old, new, url, terms_type in pairs:
        before, after = extract(decode(old), url, terms_type), extract(decode(new), url, terms_type)
        exact += before != after
        words += visible_words(before) != visible_words(after)
    return exact / len(pairs), words / len(pairs)


def score_extractor(extract, pages: list[tuple[Pair, str]]) -> tuple[list[Score], float, list[str]]:
    """Scores per page, pages per CPU second (decoding excluded; CPU time, so that other
    processes on the machine do not skew the comparison) and the outputs."""
    outputs = []
    started = time.process_time()
    for pair, html in pages:
        outputs.append(extract(html, pair.url, pair.terms_type))
    elapsed = time.process_time() - started
    scores = [token_f1(out, pair.truth) for out, (pair, _) in zip(outputs, pages, strict=True)]
    return scores, len(pages) / elapsed, outputs


def report_sentences(name: str, outputs: list[str], pages: list[tuple[Pair, str]]) -> None:
    """Mean sentence recall of `name`, and the pages losing a whole sentence with the first
    sentences lost: a missing sentence is what a reader misses, whatever the F1."""
    recalls, losing = [], []
    for output, (pair, _) in zip(outputs, pages, strict=True):
        recall = sentence_recall(output, pair.truth)
        if recall is None:
            continue
        recalls.append(recall)
        if lost := lost_sentences(output, pair.truth):
            losing.append((pair.name, lost))
    print(
        f"\nsentence recall of {name}: {statistics.fmean(recalls):.2%} on {len(recalls)} pages;"
        f" pages losing a whole sentence: {len(losing)}"
    )
    for page, lost in losing:
        print(f"  {len(lost):3d} lost  {page}")
        for sentence in lost[:3]:
            print(f"        - {sentence[:110]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        help="comma-separated starts of extractor names (default: all): 'ours' runs both rows"
        " of ours, 'trafilatura' both settings of trafilatura",
    )
    parser.add_argument("--worst", type=int, default=10, help="worst pages of ours to list")
    parser.add_argument(
        "--worst-of", default="ours", help="the extractor whose worst pages are listed"
    )
    parser.add_argument(
        "--min-words",
        type=int,
        default=30,
        help="score only pairs whose curated text has this many words (default 30: shorter"
        " ones are stubs and bot walls)",
    )
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"../shared/corpus not found at {CORPUS}: nothing to measure")
    wanted = [w.strip() for w in (args.only or "").split(",") if w.strip()]
    chosen = {n: f for n, f in EXTRACTORS.items() if not wanted or n.startswith(tuple(wanted))}
    pages = [
        (pair, decode(pair.html))
        for pair in corpus_pairs(CORPUS)
        if len(visible_words(pair.truth)) >= args.min_words
    ]
    unchanged = unchanged_snapshot_pairs(CORPUS)
    print(f"{len(pages)} extraction pairs, {len(unchanged)} unchanged snapshot pairs\n")
    print(
        f"{'extractor':<30} mean F1  median  p10    prec   recall  pages/s"
        "  false changes (exact/words)"
    )
    worst, sentence_reports = [], []
    for name, extractor in chosen.items():
        scores, speed, outputs = score_extractor(extractor, pages)
        exact, words = false_change_rates(extractor, unchanged)
        s = summarise(scores)
        print(
            f"{name:<30} {s.mean_f1:.3f}    {s.median_f1:.3f}  {s.p10_f1:.3f}  {s.precision:.3f}"
            f"  {s.recall:.3f}  {speed:7.1f}  {exact:6.1%} / {words:.1%}"
        )
        if name.startswith("ours"):
            sentence_reports.append((name, outputs))
        if name == args.worst_of:
            worst = sorted(
                zip(scores, (p.name for p, _ in pages), strict=True), key=lambda x: x[0].f1
            )
    if "ours" in chosen:
        recalls = [heading_recall(ours(html, p.url), p.truth) for p, html in pages]
        recalls = [r for r in recalls if r is not None]
        print(
            f"\ntruth headings that ours also makes headings: {statistics.fmean(recalls):.1%}"
            f" on {len(recalls)} pages with headings; pages keeping none: {recalls.count(0.0)}"
        )
    for name, outputs in sentence_reports:
        report_sentences(name, outputs, pages)
    if worst:
        print(f"\nworst {args.worst} pages of {args.worst_of} (F1 precision recall):")
        for score, name in worst[: args.worst]:
            print(f"  {score.f1:.3f} {score.precision:.3f} {score.recall:.3f}  {name}")


if __name__ == "__main__":
    main()
