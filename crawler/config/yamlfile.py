"""Hand-edited YAML files read strictly and rewritten without losing the user's comments.

ruamel.yaml's round-trip mode keeps comments, key order and layout when a file is loaded and
written back, and refuses duplicate keys. On top of that only plain data is accepted: an
explicit tag such as `!!python/object` is an error, never an object.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

CORE = "tag:yaml.org,2002:"
PLAIN_TAGS = {CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
DUPLICATE = re.compile(r'found duplicate key "(.*?)" with value')


class YamlFileError(ValueError):
    """A file that is not plain, valid YAML; the message is `file:line: what`."""


def round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 4096  # long URLs stay on one line
    return yaml


def load(path: Path, text: str) -> Any:
    """The document in `text` (read from `path`) as round-trip data, or YamlFileError."""
    yaml = round_trip()
    try:
        _refuse_tags(path, yaml.compose(text))
        return yaml.load(text)
    except DuplicateKeyError as error:
        found = DUPLICATE.search(error.problem or "")
        key = found.group(1) if found else "?"
        raise YamlFileError(f"{_where(path, error)}: duplicate key {key!r}") from None
    except MarkedYAMLError as error:
        problem = error.problem or error.context or "not valid YAML"
        raise YamlFileError(f"{_where(path, error)}: not valid YAML: {problem}") from None
    except YAMLError as error:
        # Unmarked errors (bad characters, …) span lines; an error message is one line.
        raise YamlFileError(f"{path}: not valid YAML: {' '.join(str(error).split())}") from None


def dump(data: Any) -> str:
    out = io.StringIO()
    round_trip().dump(data, out)
    return out.getvalue()


def _where(path: Path, error: MarkedYAMLError) -> str:
    mark = error.problem_mark or error.context_mark
    return f"{path}:{mark.line + 1}" if mark else str(path)


def _refuse_tags(path: Path, node: Node | None) -> None:
    """Refuse explicit tags (`!!python/object`, `!custom`): the file holds plain values."""
    if node is None:
        return
    tag = str(getattr(node.tag, "value", node.tag))
    if tag not in PLAIN_TAGS:
        raise YamlFileError(
            f"{path}:{node.start_mark.line + 1}: tag {tag.replace(CORE, '!!')!r} not allowed "
            "(plain text, numbers, true/false, lists and mappings only)"
        )
    if isinstance(node, MappingNode):
        for key, value in node.value:
            _refuse_tags(path, key)
            _refuse_tags(path, value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _refuse_tags(path, item)
