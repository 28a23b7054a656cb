"""Raw capture codecs: a delta stores little more than what changed, however long the page."""

from __future__ import annotations

import random

import pytest

from crawler.storage import rawcodec


def noise(size: int, seed: int) -> bytes:
    """Incompressible bytes: only a match in the base can shrink them."""
    return random.Random(seed).randbytes(size)


@pytest.mark.parametrize("size", [1_000, 200_000, 3_000_000])
def test_a_delta_against_the_previous_capture_stores_only_the_change(size):
    base = noise(size, 1)
    # A changed stretch near the end: matching it needs a window over the whole base.
    body = base[: size - 500] + noise(100, 2) + base[size - 400 :]
    codec, stored = rawcodec.compress(body, base)
    assert codec == "zstd-delta"
    assert len(stored) < 100 + 200 + size // 1000
    assert rawcodec.decompress(codec, stored, base) == body


def test_a_body_without_a_usable_base_is_a_keyframe():
    body = b"<html>" + b"<p>policy text</p>" * 100 + b"</html>"
    for base in (None, b"short"):
        codec, stored = rawcodec.compress(body, base)
        assert codec == "zstd"
        assert rawcodec.decompress(codec, stored, None) == body
