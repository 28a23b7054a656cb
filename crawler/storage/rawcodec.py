"""Compress raw bodies: zstd against the policy's previous capture, with periodic keyframes.

Consecutive captures of one page differ by a token or a paragraph, so compressing a capture
with the previous one as a zstd *prefix* stores little more than the difference. Reading a
capture then needs its base first, and the base's base: every KEYFRAME_EVERY-th capture of a
chain is compressed on its own so that a read never decompresses more than that many bodies.
Rows written before migration 0005 are plain zlib (codec 'zlib') and are still read.
"""

from __future__ import annotations

import zlib

try:  # Python 3.14+
    from compression import zstd
except ImportError:  # pragma: no cover - depends on the Python version
    from backports import zstd

# A chain holds at most this many captures (one keyframe and its deltas).
KEYFRAME_EVERY = 16
# Level 3 (zstd's default): 0.6 ms a capture against level 9's 2.4 ms, for 17 % more raw
# capture bytes (2.77 against 2.37 MB for the corpus's 245 captures), and raw captures are 3 %
# of a database (bench/storage.py). Level 1 would double the deltas.
LEVEL = 3
# zstd refuses a prefix this short; such a base would not help anyway.
MIN_BASE = 8


def compress(body: bytes, base: bytes | None) -> tuple[str, bytes]:
    """(codec, stored bytes) for `body`, against `base` (the previous capture) when given."""
    if base is None or len(base) < MIN_BASE:
        return "zstd", zstd.compress(body, level=LEVEL)
    prefix = zstd.ZstdDict(base, is_raw=True).as_prefix
    return "zstd-delta", zstd.compress(body, level=LEVEL, zstd_dict=prefix)


def decompress(codec: str, stored: bytes, base: bytes | None) -> bytes:
    """The body that `compress` (or an old zlib row) stored; `base` for a 'zstd-delta' row."""
    if codec == "zlib":
        return zlib.decompress(stored)
    if codec == "zstd":
        return zstd.decompress(stored)
    if codec == "zstd-delta":
        if base is None:
            raise ValueError("a zstd-delta capture needs its base capture")
        return zstd.decompress(stored, zstd_dict=zstd.ZstdDict(base, is_raw=True).as_prefix)
    raise ValueError(f"unknown raw capture codec {codec!r}")
