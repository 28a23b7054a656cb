"""Lengths of the common start and end of two strings, as diff-match-patch finds them."""

from __future__ import annotations

# Edits and their neighbours mostly share a few characters, found by stepping; longer runs are
# found by the reference's binary search over slices (compared in C).
STEPS = 8


def common_prefix(text1: str, text2: str) -> int:
    """Length of the common prefix of two strings."""
    if not text1 or not text2 or text1[0] != text2[0]:
        return 0
    n = min(len(text1), len(text2))
    k = 1
    while k < n and text1[k] == text2[k]:
        k += 1
        if k == STEPS:
            return k + binary_prefix(text1[k:n], text2[k:n])
    return k


def common_suffix(text1: str, text2: str) -> int:
    """Length of the common suffix of two strings."""
    if not text1 or not text2 or text1[-1] != text2[-1]:
        return 0
    n = min(len(text1), len(text2))
    k = 1
    while k < n and text1[-k - 1] == text2[-k - 1]:
        k += 1
        if k == STEPS:
            return k + binary_suffix(text1[-n:-k], text2[-n:-k])
    return k


def binary_prefix(text1: str, text2: str) -> int:
    """Common prefix length of two strings of equal length, by binary search."""
    low, high = 0, len(text1)
    while low < high:
        middle = (low + high + 1) // 2
        if text1[low:middle] == text2[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def binary_suffix(text1: str, text2: str) -> int:
    """Common suffix length of two strings of equal length, by binary search."""
    n = len(text1)
    low, high = 0, n
    while low < high:
        middle = (low + high + 1) // 2
        if text1[n - middle : n - low] == text2[n - middle : n - low]:
            low = middle
        else:
            high = middle - 1
    return low
