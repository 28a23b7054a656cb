"""The diffing package stays pure: it imports no I/O, network, database or crawler code."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "diffing"
ALLOWED = {
    "__future__",
    "bisect",
    "collections",
    "dataclasses",
    "datetime",
    "difflib",
    "functools",
    "hashlib",
    "html",
    "itertools",
    "json",
    "re",
    "unicodedata",
    "urllib.parse",
    "diff_match_patch",
    "fast_diff_match_patch",
    "rapidfuzz",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_diffing_imports_only_pure_modules():
    offenders = {}
    for path in sorted(PACKAGE.glob("*.py")):
        for name in imported_modules(path):
            own = name == "diffing" or name.startswith("diffing.")
            allowed = name in ALLOWED or name.split(".")[0] in ALLOWED  # e.g. collections.abc
            if not (own or allowed):
                offenders.setdefault(path.name, set()).add(name)
    assert offenders == {}
