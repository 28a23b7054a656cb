"""The watch list (`data/policies.yaml`): load, validate with line numbers, add entries."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ruamel.yaml.comments import CommentedSeq

from crawler.browser.actions import check_actions
from crawler.config import yamlfile
from crawler.extraction.document_pick import KINDS, document_kind, normalise_type

NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
MAX_NAME = 64
FIELDS = {
    "name",
    "url",
    "organisation",
    "document_type",
    "document",
    "select",
    "remove",
    "enabled",
    "tags",
    "wayback_from",
    "ignore_robots",
    "browser",
    "browser_actions",
}
# auto: a plain fetch first, the browser when the page needs one; always / never force it.
BROWSER_MODES = ("auto", "always", "never")


class WatchListError(ValueError):
    """A watch list that cannot be used; the message names the file, line and field."""


@dataclass
class Policy:
    """One watched policy document."""

    name: str
    url: str
    organisation: str | None = None
    document_type: str = "privacy-policy"
    document: str | None = None  # pick this document out of a page holding several
    select: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    enabled: bool = True
    tags: list[str] = field(default_factory=list)
    wayback_from: str | None = None
    ignore_robots: bool = False
    browser: str = "auto"
    # Done in the browser after the page loads: [{click: CSS}, {wait_for: CSS}, ...]
    browser_actions: list[dict[str, str]] = field(default_factory=list)

    def to_yaml_dict(self) -> dict[str, Any]:
        """The entry as written to the file: defaults left out so the file stays short."""
        defaults = Policy(name="", url="")
        return {
            k: v
            for k, v in asdict(self).items()
            if k in ("name", "url") or v != getattr(defaults, k)
        }


def check_url(url: str) -> str | None:
    """Why `url` cannot be watched, or None: only absolute http(s) URLs are fetched."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"URL must start with http:// or https://, got {url!r}"
    if not parts.hostname:
        return f"URL has no host: {url!r}"
    return None


def check_name(name: str) -> str | None:
    """Why `name` cannot name a policy, or None: it becomes a file name in feeds and exports."""
    if not NAME.fullmatch(name):
        return f"name must be lower-case letters, digits, '.', '_' or '-', got {name!r}"
    if len(name) > MAX_NAME:
        return f"name must be at most {MAX_NAME} characters, got {len(name)}"
    return None


def check_label(text: str) -> str | None:
    """Why `text` cannot be an organisation or tag, or None: it lands in headers and feeds."""
    if not text.strip():
        return "must not be empty"
    if any(unicodedata.category(c) == "Cc" for c in text):
        return f"control characters not allowed, got {text!r}"
    return None


def check_document(document: str) -> str | None:
    """Why `document` cannot be a document type, or None."""
    if document_kind(document) is None:
        return f"unknown document type {document!r} (known: {', '.join(sorted(KINDS))})"
    return None


def check_browser(mode: str) -> str | None:
    """Why `mode` cannot be a policy's `browser` field, or None."""
    if mode not in BROWSER_MODES:
        return f"expected one of {', '.join(BROWSER_MODES)}, got {mode!r}"
    return None


def load(path: Path) -> list[Policy]:
    """Read and validate the watch list; raise WatchListError naming the line and field."""
    policies, seen = [], set()
    data = _read(path)
    for index, item in enumerate(_policies(path, data)):
        line = data["policies"].lc.item(index)[0] + 1
        policy = _policy_from_map(path, line, item)
        if policy.name in seen:
            raise WatchListError(f"{path}:{line}: name: duplicate {policy.name!r}")
        seen.add(policy.name)
        policies.append(policy)
    return policies


def _read(path: Path) -> Any:
    if not path.exists():
        raise WatchListError(
            f"{path}: watch list not found (create it with `policywatch init` or `add`)"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise WatchListError(f"{path}: not UTF-8 text (byte {error.start})") from None
    try:
        return yamlfile.load(path, text)
    except yamlfile.YamlFileError as error:
        raise WatchListError(str(error)) from None


def _policies(path: Path, data: Any) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, dict):
        raise WatchListError(f"{path}:1: expected a mapping with a 'policies:' list")
    if "policies" not in data:
        raise WatchListError(f"{path}:{data.lc.line + 1}: missing 'policies:' list")
    value = data["policies"]
    if value is None:
        return []
    if not isinstance(value, list):
        line = data.lc.key("policies")[0] + 1
        raise WatchListError(f"{path}:{line}: policies: expected a list")
    return value


def _policy_from_map(path: Path, line: int, item: Any) -> Policy:
    if not isinstance(item, dict):
        raise WatchListError(f"{path}:{line}: each policy must be a mapping of fields")
    values: dict[str, Any] = {}
    for key, value in item.items():
        where = f"{path}:{item.lc.key(key)[0] + 1}: {key}"
        if key not in FIELDS:
            raise WatchListError(f"{where}: unknown field (known: {', '.join(sorted(FIELDS))})")
        values[key] = _convert(where, key, value)
    for required in ("name", "url"):
        if required not in values:
            raise WatchListError(f"{path}:{line}: {required}: missing")
    return Policy(**values)


def _convert(where: str, name: str, value: Any) -> Any:
    if name == "browser_actions":
        if problem := check_actions(value):
            raise WatchListError(f"{where}: {problem}")
        return [{str(k): str(v) for k, v in action.items()} for action in value]
    if name in ("select", "remove", "tags"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise WatchListError(f"{where}: expected a string or a list of strings")
        if name != "tags":
            return [str(v) for v in value]
        return [_checked(where, check_label, v) for v in value]
    if name in ("enabled", "ignore_robots"):
        if not isinstance(value, bool):
            raise WatchListError(f"{where}: expected true or false, got {value!r}")
        return bool(value)
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise WatchListError(f"{where}: expected text, got {value!r}")
    checks = {
        "url": check_url,
        "name": check_name,
        "document": check_document,
        "organisation": check_label,
        "browser": check_browser,
    }
    value = _checked(where, checks.get(name, lambda _: None), str(value))
    # "Privacy Policy" (as Open Terms Archive names it) is stored as "privacy-policy".
    return normalise_type(value) if name == "document" else value


def _checked(where: str, check, value: str) -> str:
    value = str(value).strip() if check is check_label else str(value)
    problem = check(value)
    if problem:
        raise WatchListError(f"{where}: {problem}")
    return value


HEADER = (
    "# policywatch watch list: one entry per policy document.\n"
    "# Fields: name, url, organisation, document_type, document (the one to keep on a\n"
    "# page holding several), select/remove (CSS), enabled, tags, wayback_from\n"
    "# (YYYY[MM[DD]]), ignore_robots, browser (auto, always, never), browser_actions\n"
    "# ([{click: CSS}, {wait_for: CSS}]). Edit by hand or with `policywatch add`.\n"
)


def save(path: Path, policies: list[Policy]) -> None:
    """Write a new watch list holding `policies`, under a short comment header."""
    _write(path, HEADER + yamlfile.dump({"policies": [p.to_yaml_dict() for p in policies]}))


def append(path: Path, policy: Policy) -> int:
    """Add `policy` to the file, keeping the user's comments and layout; the new count."""
    if not path.exists():
        save(path, [policy])
        return 1
    data = _read(path)
    policies = _policies(path, data)
    if data is None:
        # Comments only (or nothing): ruamel.yaml has no document to keep them with.
        text = path.read_text(encoding="utf-8")
        body = yamlfile.dump({"policies": [policy.to_yaml_dict()]})
        _write(path, text + ("\n" if text and not text.endswith("\n") else "") + body)
        return 1
    if data.get("policies") is None:  # an empty `policies:`
        data["policies"] = policies = CommentedSeq()
    policies.append(policy.to_yaml_dict())
    _write(path, yamlfile.dump(data))
    return len(policies)


def remove(path: Path, name: str) -> int:
    """Take the policy `name` out of the file, keeping every comment outside its entry and
    the rest of the layout; the count left."""
    data, index = _entry(path, name)
    policies = data["policies"]
    entry = policies[index]
    column = policies.lc.item(index)[1]
    heading = policies.ca.items.get(index, [None, None])[1] or []
    kept = "".join(token.value for token in heading)
    kept += yamlfile.detach_following_comments(entry, column)
    del policies[index]
    if not policies:
        # The comments before the first entry go with the list: keep them too.
        opening = (policies.ca.comment or [None, None])[1] or []
        data["policies"] = None  # `policies:`, which `add` appends to in block style
        yamlfile.attach_following_comments(data, "".join(t.value for t in opening) + kept)
    elif index > 0:
        yamlfile.attach_following_comments(policies[index - 1], kept)
    elif kept:
        yamlfile.prepend_heading_comments(policies, 0, kept)
    _write(path, yamlfile.dump(data))
    return len(policies)


def set_enabled(path: Path, name: str, enabled: bool) -> bool:
    """Set the policy's `enabled:` in the file, keeping comments and layout; False when it
    already was."""
    current = {p.name: p.enabled for p in load(path)}
    if current.get(name) == enabled:
        return False
    data, index = _entry(path, name)
    entry = data["policies"][index]
    following = yamlfile.detach_following_comments(entry, data["policies"].lc.item(index)[1])
    if "enabled" in entry:
        entry["enabled"] = enabled
    else:
        # After the URL, where a reader looks first; `enabled: true` is the default.
        entry.insert(list(entry).index("url") + 1, "enabled", enabled)
    yamlfile.attach_following_comments(entry, following)
    _write(path, yamlfile.dump(data))
    return True


def _entry(path: Path, name: str) -> tuple[Any, int]:
    """The file's round-trip data (validated) and the index of the policy `name` in it."""
    names = [p.name for p in load(path)]
    if name not in names:
        raise WatchListError(f"{path}: no policy named {name!r} (see `policywatch list`)")
    return _read(path), names.index(name)


def _write(path: Path, text: str) -> None:
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # atomic: a crash never leaves half a watch list
