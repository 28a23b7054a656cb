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
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.tokens import CommentToken

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


# Comments after a block collection's last value are kept by ruamel.yaml on the deepest last
# scalar (its "post" comment): a comment that heads the next entry, or ends the file, travels
# with the entry before it. Editing or removing that entry would move or drop it; these two
# functions lift such lines off an entry and put them back after what comes before them.


def detach_following_comments(node: Any, column: int) -> str:
    """Take off `node` the comment lines after its last value that are indented less than
    `column` (they are not part of it); return them, as text, to be attached elsewhere."""
    slot = _last_comment_slot(node)
    token = slot[0][slot[1]][slot[2]] if slot and slot[1] in slot[0] else None
    if token is None:
        return ""
    value = token.value
    own_line = value[: value.index("\n") + 1] if value.startswith("#") else "\n"
    lines = value[len(own_line) if value.startswith("#") else 1 :].splitlines(keepends=True)
    outside = next(
        (i for i, line in enumerate(lines) if line.strip() and _indent(line) < column),
        len(lines),
    )
    while outside > 0 and not lines[outside - 1].strip():
        outside -= 1  # blank lines just before the outside comments go with them
    inside, following = "".join(lines[:outside]), "".join(lines[outside:])
    if own_line == "\n" and not inside:
        slot[0][slot[1]][slot[2]] = None
    else:
        token.value = own_line + inside
    return following


def attach_following_comments(node: Any, text: str) -> None:
    """Put comment lines `text` right after `node`'s last value."""
    if not text:
        return
    slot = _last_comment_slot(node)
    if slot is None:
        raise ValueError("no value to attach comments after")
    items, key, position = slot
    entry = items.setdefault(key, [None, None, None, None])
    if entry[position] is None:
        entry[position] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        entry[position].value += text


def prepend_heading_comments(seq: CommentedSeq, index: int, text: str) -> None:
    """Put comment lines `text` before the item `index` of `seq` (and its own comments)."""
    entry = seq.ca.items.setdefault(index, [None, None, None, None])
    entry[1] = [CommentToken(text, CommentMark(0), None), *(entry[1] or [])]


def _last_comment_slot(node: Any) -> tuple[dict, Any, int] | None:
    """(comment items, key, position) of the slot holding the comments after `node`."""
    if isinstance(node, CommentedMap) and node:
        key, position = next(reversed(node)), 2
    elif isinstance(node, CommentedSeq) and node:
        key, position = len(node) - 1, 0
    else:
        return None
    value = node[key]
    block = isinstance(value, CommentedMap | CommentedSeq) and not value.fa.flow_style()
    if block and value:
        return _last_comment_slot(value)
    return node.ca.items, key, position


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
