"""The watch list (`data/policies.yaml`): load, validate with line numbers, add entries."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from crawler.extraction.document_pick import KINDS, document_kind, normalise_type

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
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
}


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
    if not NAME.match(name):
        return f"name must be lower-case letters, digits, '.', '_' or '-', got {name!r}"
    return None


def check_document(document: str) -> str | None:
    """Why `document` cannot be a document type, or None."""
    if document_kind(document) is None:
        return f"unknown document type {document!r} (known: {', '.join(sorted(KINDS))})"
    return None


def load(path: Path) -> list[Policy]:
    """Read and validate the watch list; raise WatchListError naming the line and field."""
    if not path.exists():
        raise WatchListError(f"{path}: watch list not found (create it with `policywatch add`)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise WatchListError(f"{path}: not UTF-8 text (byte {error.start})") from None
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        # PyYAML's messages span lines; an error message is one line.
        raise WatchListError(f"{path}: not valid YAML: {' '.join(str(error).split())}") from None
    if root is None:
        return []
    policies_node = _policies_node(path, root)
    policies, seen = [], set()
    for item in policies_node.value:
        policy = _policy_from_node(path, item)
        if policy.name in seen:
            raise WatchListError(
                f"{path}:{item.start_mark.line + 1}: name: duplicate {policy.name!r}"
            )
        seen.add(policy.name)
        policies.append(policy)
    return policies


def _policies_node(path: Path, root: yaml.Node) -> yaml.SequenceNode:
    where = f"{path}:{root.start_mark.line + 1}"
    if not isinstance(root, yaml.MappingNode):
        raise WatchListError(f"{where}: expected a mapping with a 'policies:' list")
    for key, value in root.value:
        if key.value == "policies":
            if isinstance(value, yaml.ScalarNode) and value.value in ("", "null", "~"):
                return yaml.SequenceNode("tag:yaml.org,2002:seq", [])
            if not isinstance(value, yaml.SequenceNode):
                raise WatchListError(
                    f"{path}:{value.start_mark.line + 1}: policies: expected a list"
                )
            return value
    raise WatchListError(f"{where}: missing 'policies:' list")


def _policy_from_node(path: Path, node: yaml.Node) -> Policy:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise WatchListError(f"{path}:{line}: each policy must be a mapping of fields")
    values: dict[str, Any] = {}
    for key, value in node.value:
        where = f"{path}:{key.start_mark.line + 1}: {key.value}"
        if key.value not in FIELDS:
            raise WatchListError(f"{where}: unknown field (known: {', '.join(sorted(FIELDS))})")
        values[key.value] = _convert(where, key.value, yaml.safe_load(yaml.serialize(value)))
    for required in ("name", "url"):
        if required not in values:
            raise WatchListError(f"{path}:{line}: {required}: missing")
    return Policy(**values)


def _convert(where: str, name: str, value: Any) -> Any:
    if name in ("select", "remove", "tags"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise WatchListError(f"{where}: expected a string or a list of strings")
        return value
    if name in ("enabled", "ignore_robots"):
        if not isinstance(value, bool):
            raise WatchListError(f"{where}: expected true or false, got {value!r}")
        return value
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise WatchListError(f"{where}: expected text, got {value!r}")
    value = str(value)
    checks = {"url": check_url, "name": check_name, "document": check_document}
    problem = checks.get(name, lambda _: None)(value)
    if problem:
        raise WatchListError(f"{where}: {problem}")
    # "Privacy Policy" (as Open Terms Archive names it) is stored as "privacy-policy".
    return normalise_type(value) if name == "document" else value


def save(path: Path, policies: list[Policy]) -> None:
    """Write the watch list, keeping a short comment header."""
    header = (
        "# policywatch watch list: one entry per policy document.\n"
        "# Fields: name, url, organisation, document_type, document (the one to keep on a\n"
        "# page holding several), select/remove (CSS), enabled, tags, wayback_from\n"
        "# (YYYY[MM[DD]]), ignore_robots. Edit by hand or with `policywatch add`.\n"
    )
    body = yaml.safe_dump(
        {"policies": [p.to_yaml_dict() for p in policies]}, sort_keys=False, allow_unicode=True
    )
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(header + body, encoding="utf-8")
    tmp.replace(path)  # atomic: a crash never leaves half a watch list
