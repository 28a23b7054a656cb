"""Word-level diffs inside one aligned section, and the sentences they touch.

diff-match-patch works on characters; on whole policies it is slow and its output reads as
letter soup. As in its own line mode, each distinct token (a word, a run of spaces, one
punctuation mark) is mapped to one character, the encoded strings are diffed and
semantically cleaned, then mapped back, so edits always cover whole words.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from diff_match_patch import diff_match_patch
from rapidfuzz.fuzz import ratio

from diffing.model import SentenceSummary

TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+(?=\S)|\n+")
# Below this rapidfuzz ratio two sentences at the same place count as removed + added, not changed.
SENTENCE_CHANGED_MIN_RATIO = 50
# Safety net only: token diffs of real sections finish in milliseconds (bench/diff.py).
DIFF_TIMEOUT_SECONDS = 5.0
FIRST_CODE = 0x100  # keep clear of ASCII so the encoding never collides with control chars
SURROGATES = range(0xD800, 0xE000)

Diff = tuple[tuple[int, str], ...]


def encode_tokens(text: str, codes: dict[str, str], tokens: list[str]) -> str:
    """Encode each token of `text` as one character, extending `codes`/`tokens` as needed."""
    out = []
    for token in TOKEN.findall(text):
        char = codes.get(token)
        if char is None:
            code = FIRST_CODE + len(tokens)
            if code >= SURROGATES.start:
                code += len(SURROGATES)
            char = codes[token] = chr(code)
            tokens.append(token)
        out.append(char)
    return "".join(out)


def word_diff(old: str, new: str) -> Diff:
    """Word-level, semantically cleaned diff: ((op, text), …); op -1 delete, 0 equal, 1 insert."""
    if old == new:
        return ((0, old),) if old else ()
    codes: dict[str, str] = {}
    tokens: list[str] = []
    old_chars = encode_tokens(old, codes, tokens)
    new_chars = encode_tokens(new, codes, tokens)
    engine = diff_match_patch()
    engine.Diff_Timeout = DIFF_TIMEOUT_SECONDS
    diffs = engine.diff_main(old_chars, new_chars, False)
    engine.diff_cleanupSemantic(diffs)
    decoded: list[tuple[int, str]] = []
    for op, chars in diffs:
        text = "".join(tokens[index_of(char)] for char in chars)
        if decoded and decoded[-1][0] == op:
            decoded[-1] = (op, decoded[-1][1] + text)
        elif text:
            decoded.append((op, text))
    return tuple(decoded)


def index_of(char: str) -> int:
    """Inverse of the code assignment in `encode_tokens`."""
    code = ord(char)
    if code >= SURROGATES.stop:
        code -= len(SURROGATES)
    return code - FIRST_CODE


def diff_similarity(diff: Diff) -> float:
    """Share of characters kept: 2·equal / (old + new), 1.0 for two empty texts."""
    equal = sum(len(text) for op, text in diff if op == 0)
    total = sum(len(text) * (2 if op == 0 else 1) for op, text in diff)
    return round(2 * equal / total, 3) if total else 1.0


def split_sentences(text: str) -> list[str]:
    """Sentences (and list items or lines) of `text`, stripped, empty ones dropped."""
    return [part.strip() for part in SENTENCE_END.split(text) if part.strip()]


def sentence_summary(old: str, new: str) -> SentenceSummary:
    """Which sentences were added, removed or changed between `old` and `new`."""
    old_sentences, new_sentences = split_sentences(old), split_sentences(new)
    matcher = SequenceMatcher(None, old_sentences, new_sentences, autojunk=False)
    added: list[str] = []
    removed: list[str] = []
    changed: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pending = new_sentences[j1:j2]
        for sentence in old_sentences[i1:i2]:
            match = next(
                (
                    k
                    for k, candidate in enumerate(pending)
                    if ratio(sentence, candidate) >= SENTENCE_CHANGED_MIN_RATIO
                ),
                None,
            )
            if match is None:
                removed.append(sentence)
                continue
            added.extend(pending[:match])
            changed.append((sentence, pending[match]))
            pending = pending[match + 1 :]
        added.extend(pending)
    return SentenceSummary(added=tuple(added), removed=tuple(removed), changed=tuple(changed))
