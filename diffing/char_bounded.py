"""A cache of values worked out from texts, bounded by the characters of those texts."""

from __future__ import annotations

from collections.abc import Hashable


class CharBoundedCache:
    """The values of the most recently used keys, whose texts total at most `max_chars`
    (least recent evicted first): a count bound would let huge texts pin many megabytes.
    A key larger than the whole cache is worked out and not kept.

    Subclasses say how a key's value is worked out (`compute`) and how many characters the
    key holds (`size`)."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self.entries: dict = {}  # insertion order is recency order
        self.chars = 0

    def compute(self, key: Hashable) -> object:
        raise NotImplementedError

    def size(self, key: Hashable) -> int:
        raise NotImplementedError

    def lookup(self, key: Hashable):
        size = self.size(key)
        if size > self.max_chars:
            return self.compute(key)
        entry = self.entries.pop(key, None)
        if entry is None:
            entry = self.compute(key)
            self.chars += size
            while self.chars > self.max_chars:
                oldest = next(iter(self.entries))
                del self.entries[oldest]
                self.chars -= self.size(oldest)
        self.entries[key] = entry
        return entry

    def cache_clear(self) -> None:
        self.entries.clear()
        self.chars = 0
