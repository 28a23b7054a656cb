"""Is the change kind honest? Our kind against the corpus's labels, on every consecutive pair.

Every history in ../shared/corpus/ota is replayed version by version (ota/README.md labels
each version: `substantive` when a word changed, `markup_only` when only Markdown syntax,
punctuation or link targets did, `flip_flop` when the text equals an earlier one). A
`markup_only` pair is right when its kind alerts nobody (`none` or `markup-only`); a
`substantive` one when its kind says the words changed (content, silent-edit, both) or, when
only the stated date changed, `effective-date`. Prints the table of labels against kinds and
the pairs gone wrong.

    python bench/change_kinds.py [--verbose]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._corpus import require_corpus
from diffing.classify import classify_change
from diffing.compare import compare_documents
from diffing.normalise import text_hash
from diffing.parse import parse_document

OTA_DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "ota" / "docs"
RECENT_VERSIONS = 10  # flip-flop window: the storage layer's default N
RIGHT_KINDS = {
    "markup_only": {"none", "markup-only"},
    "substantive": {"content", "silent-edit", "both", "effective-date"},
}


def labelled_kinds() -> list[tuple[str, str, str]]:
    """(label, kind, "history version") for every consecutive pair of every history."""
    results = []
    for folder in sorted(OTA_DOCS.iterdir()):
        versions = json.loads((folder / "versions.json").read_text(encoding="utf-8"))
        documents: dict[str, object] = {}

        def document(version: dict, folder: Path = folder, documents: dict = documents):
            name = version["file"]
            if name not in documents:
                documents[name] = parse_document((folder / name).read_text(encoding="utf-8"))
            return documents[name]

        hashes: list[str] = []
        for old_version, new_version in pairwise(versions):
            old, new = document(old_version), document(new_version)
            hashes.append(text_hash(old.markdown))
            diff = compare_documents(old, new)
            recent = hashes[-RECENT_VERSIONS - 1 : -1]  # versions before `old`
            kind = classify_change(old, new, diff, recent_hashes=recent).kind
            where = f"{folder.name} {new_version['index']}"
            results.append((new_version["label"], kind, where))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every pair gone wrong")
    arguments = parser.parse_args()
    require_corpus()
    table: dict[str, Counter] = defaultdict(Counter)
    wrong = []
    for label, kind, where in labelled_kinds():
        table[label][kind] += 1
        if label in RIGHT_KINDS and kind not in RIGHT_KINDS[label]:
            wrong.append(f"{label:12} {kind:15} {where}")
    if arguments.verbose:
        print("\n".join(wrong))
    for label, kinds in sorted(table.items()):
        print(
            f"{label:12} {sum(kinds.values()):4}  "
            + ", ".join(f"{k} {n}" for k, n in kinds.most_common())
        )
    for label, right in RIGHT_KINDS.items():
        total = sum(table[label].values())
        good = sum(n for kind, n in table[label].items() if kind in right)
        print(f"{label} right: {good}/{total}")


if __name__ == "__main__":
    main()
