"""diff-match-patch over token sequences instead of characters.

As in diff-match-patch's own line mode, each distinct token is mapped to one character, the
encoded strings are diffed and semantically cleaned, and the result is mapped back by
position. Whitespace tokens all encode alike, so a line break replacing a space is no edit;
equal stretches are read from the new side, keeping its whitespace. The diff itself is
Google's C++ port (fast-diff-match-patch): tests hold it to the pure-Python reference's output.
"""

from __future__ import annotations

import fast_diff_match_patch

# Safety net only: token diffs of real sections finish in milliseconds (bench/diff.py).
DIFF_TIMEOUT_SECONDS = 5.0
FIRST_CODE = 0x100  # clear of ASCII control characters
SURROGATES = range(0xD800, 0xE000)  # not valid characters on their own: skipped

TokenDiff = list[tuple[int, list[str]]]


class TokenEncoder:
    """Assigns one character per distinct token (whitespace tokens share one)."""

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}

    def encode(self, tokens: list[str]) -> str:
        chars = []
        for token in tokens:
            key = " " if token.isspace() else token
            char = self.codes.get(key)
            if char is None:
                code = FIRST_CODE + len(self.codes)
                if code >= SURROGATES.start:
                    code += len(SURROGATES)
                char = self.codes[key] = chr(code)
            chars.append(char)
        return "".join(chars)


def diff_tokens(old: list[str], new: list[str], semantic: bool = True) -> TokenDiff:
    """Diff of two token lists, [(op, tokens), …] with op -1/0/1; `semantic` cleans it up."""
    encoder = TokenEncoder()
    old_chars, new_chars = encoder.encode(old), encoder.encode(new)
    diffs = fast_diff_match_patch.diff(
        old_chars,
        new_chars,
        timelimit=DIFF_TIMEOUT_SECONDS,
        checklines=False,
        cleanup="Semantic" if semantic else "No",
        counts_only=True,
    )
    result: TokenDiff = []
    i = j = 0
    for op, n in diffs:
        if op == "=":
            result.append((0, new[j : j + n]))
            i, j = i + n, j + n
        elif op == "-":
            result.append((-1, old[i : i + n]))
            i += n
        else:
            result.append((1, new[j : j + n]))
            j += n
    return result
