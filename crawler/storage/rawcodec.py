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
# Keyframes: level 3 (zstd's default), 0.6 ms a capture against level 9's 2.4 ms, for 17 % more
# raw capture bytes, and raw captures are 3 % of a database (bench/storage.py).
LEVEL = 3
# Deltas: a delta is long copies out of the base, which zstd's "fast" matcher finds as well as
# level 3's "dfast" once its hash table is large enough for a whole page and short matches are
# ignored (min_match 7). On the corpus's 210 deltas: 0.25 against 0.45 ms a delta and 4.7 %
# fewer bytes (1.29 against 1.35 MB). Level 1 keeps zstd's small tables and stores twice the
# bytes.
DELTA_PARAMETERS = {
    zstd.CompressionParameter.strategy: zstd.Strategy.fast,
    zstd.CompressionParameter.min_match: 7,
}
# 2^18 entries: zstd indexes at most the last 2^(hash_log + 3) bytes of a base (2 MB here,
# larger than nearly every page); a longer base gets a larger table.
MIN_HASH_LOG = 18
# Readers accept windows up to 2^27 without being told (zstd's default decoder limit).
MAX_WINDOW_LOG = 27
# zstd refuses a prefix this short; such a base would not help anyway.
MIN_BASE = 8


def compress(body: bytes, base: bytes | None) -> tuple[str, bytes]:
    """(codec, stored bytes) for `body`, against `base` (the previous capture) when given."""
    if base is None or len(base) < MIN_BASE:
        return "zstd", zstd.compress(body, level=LEVEL)
    prefix = zstd.ZstdDict(base, is_raw=True).as_prefix
    return "zstd-delta", zstd.compress(body, options=delta_options(base, body), zstd_dict=prefix)


def delta_options(base: bytes, body: bytes) -> dict[zstd.CompressionParameter, int]:
    """DELTA_PARAMETERS, with a window reaching back over the whole base and a hash table
    indexing all of it (zstd narrows both to what the sizes need)."""
    window_log = min(max((len(base) + len(body)).bit_length(), 10), MAX_WINDOW_LOG)
    hash_log = min(max(len(base).bit_length() - 3, MIN_HASH_LOG), MAX_WINDOW_LOG)
    return {
        **DELTA_PARAMETERS,
        zstd.CompressionParameter.window_log: window_log,
        zstd.CompressionParameter.hash_log: hash_log,
    }


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
