"""The diffing package is stateless: no memoising wrappers or caches at module level, calls
leave every module's globals as they found them, and its modules import each other without
a cycle (the model is plain data; parsing builds it from text)."""

import ast
import copy
import importlib
import pkgutil
from pathlib import Path

import diffing
from diffing.classify import classify_change
from diffing.compare import compare_documents
from diffing.normalise import text_hash, visible_text
from diffing.parse import document_from_text, parse_document
from diffing.render import render_diff

PACKAGE = Path(diffing.__file__).parent
OLD = """# Privacy Notice

Last updated: 1 March 2024

## What we collect
We collect your name and your postal address. We keep logs for 30 days.

## Cookies
Our website uses one session cookie.
"""
NEW = OLD.replace("1 March 2024", "2 June 2025").replace("30 days", "90 days")


def diffing_modules():
    return [
        importlib.import_module(f"diffing.{info.name}")
        for info in pkgutil.iter_modules(diffing.__path__)
    ]


def own_globals():
    """(qualified name, value) of every global a diffing module defines itself (imported
    library functions, such as urllib's own cached urlsplit, are the library's business)."""
    for module in diffing_modules():
        for name, value in vars(module).items():
            defined_in = getattr(value, "__module__", None) or type(value).__module__
            if not name.startswith("__") and defined_in.startswith("diffing"):
                yield f"{module.__name__}.{name}", value


def test_no_module_holds_a_memoising_function_or_cache():
    """functools caches (lru_cache, cache) and cache objects answer to cache_clear or
    cache_info; a memo decorator's wrapper has `__wrapped__`."""
    memoising = [
        name
        for name, value in own_globals()
        if any(hasattr(value, a) for a in ("cache_info", "cache_clear", "__wrapped__"))
        or "cache" in type(value).__name__.lower()
    ]
    assert memoising == []


def module_state() -> dict[str, object]:
    """A deep copy of every diffing module's own data globals."""
    return {
        f"{module.__name__}.{name}": copy.deepcopy(value)
        for module in diffing_modules()
        for name, value in vars(module).items()
        if not name.startswith("__")
        and isinstance(value, (dict, list, set, tuple, frozenset, str, int, float, bool))
    }


def test_comparing_parsing_and_rendering_leave_module_globals_unchanged():
    before = module_state()
    old, new = parse_document(OLD), parse_document(NEW)
    diff = compare_documents(old, new)
    classify_change(old, new, diff, recent_hashes=[text_hash(OLD)])
    for style in ("text", "markdown", "html", "json"):
        render_diff(diff, style)
    visible_text(NEW)
    document_from_text("PRIVACY\n\nWe keep nothing.\n")
    assert diff.summary()["modified"] == 2  # the dated preamble and "What we collect"
    assert module_state() == before


def imports_of(path: Path) -> set[str]:
    """The diffing modules `path` imports, at its top or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "diffing":
                names.update(f"diffing.{alias.name}" for alias in node.names)
            else:
                names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("diffing.")}


def test_diffing_modules_import_each_other_without_a_cycle():
    graph = {f"diffing.{p.stem}": imports_of(p) for p in PACKAGE.glob("*.py")}
    cycles = []

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            cycles.append((*path[path.index(module) :], module))
            return
        for imported in sorted(graph.get(module, ())):
            visit(imported, (*path, module))

    for module in sorted(graph):
        visit(module, ())
    assert cycles == []


def test_the_model_imports_no_other_diffing_module():
    assert imports_of(PACKAGE / "model.py") == set()
