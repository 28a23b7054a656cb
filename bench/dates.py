"""How often do real policies yield an effective date, and is it plausible? Prints figures.

For every distinct version text in ../shared/corpus/ota: was a labelled date found, was it
flagged ambiguous (DD/MM vs MM/DD), and is it plausible against the date Open Terms Archive
fetched that text (at most 120 days ahead: policies are announced before they apply)?

Run: python bench/dates.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diffing.dates import find_date_statement

OTA_DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "ota" / "docs"
ANNOUNCED_AHEAD = timedelta(days=120)


def main() -> None:
    if not OTA_DOCS.is_dir():
        print(f"../shared/corpus not found: {OTA_DOCS}")
        return
    tally: Counter[str] = Counter()
    implausible = []
    for folder in sorted(OTA_DOCS.iterdir()):
        seen = set()
        for version in json.loads((folder / "versions.json").read_text(encoding="utf-8")):
            if version["file"] in seen:
                continue
            seen.add(version["file"])
            tally["texts"] += 1
            finding = find_date_statement((folder / version["file"]).read_text(encoding="utf-8"))
            if finding is None:
                continue
            tally["dated"] += 1
            tally["ambiguous"] += finding.ambiguous
            fetched = date.fromisoformat(version["date"][:10])
            if finding.value > fetched + ANNOUNCED_AHEAD:
                implausible.append((folder.name, version["file"], finding.value, fetched))
    print(
        f"Version texts: {tally['texts']}; with a date: {tally['dated']} "
        f"({tally['dated'] / tally['texts']:.1%}); ambiguous numeric: {tally['ambiguous']}"
    )
    print(f"Later than fetch date + {ANNOUNCED_AHEAD.days} days: {len(implausible)}")
    for name, file, value, fetched in implausible:
        print(f"  {name} {file}: read {value}, fetched {fetched}")


if __name__ == "__main__":
    main()
