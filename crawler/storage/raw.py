"""Raw bodies: content-addressed `raw_captures` rows, delta-compressed per policy.

Each distinct body is one row. A body is compressed against the raw capture of the same
policy's previous snapshot (`base_hash`); `chain` counts the bodies a read must decompress
first. See `rawcodec` for the codecs and the keyframe rule.
"""

from __future__ import annotations

import hashlib
from typing import Any

from crawler.storage import rawcodec


def read_body(db: Any, raw_hash: str) -> bytes:
    codec, stored, base_hash = db.execute(
        "SELECT codec, body, base_hash FROM raw_captures WHERE hash = ?", [raw_hash]
    ).fetchone()
    # Recursion depth is bounded by the keyframe rule (chain < KEYFRAME_EVERY).
    base = read_body(db, base_hash) if base_hash else None
    return rawcodec.decompress(codec, stored, base)


def encoded(
    db: Any,
    digest: str,
    body: bytes,
    base_hash: str | None,
    base_body: bytes | None = None,
) -> dict[str, Any]:
    """The codec, body, base_hash and chain columns that store `body` against `base_hash`;
    `base_body`: the bytes `base_hash` names, when the caller has them (reading a base back
    means decompressing its whole chain)."""
    base, chain = None, 0
    if base_hash and base_hash != digest:
        (base_chain,) = db.execute(
            "SELECT chain FROM raw_captures WHERE hash = ?", [base_hash]
        ).fetchone()
        if base_chain + 1 < rawcodec.KEYFRAME_EVERY:
            base = base_body if base_body is not None else read_body(db, base_hash)
            chain = base_chain + 1
    codec, stored = rawcodec.compress(body, base)
    if codec != "zstd-delta":
        base_hash, chain = None, 0
    return {"codec": codec, "body": stored, "base_hash": base_hash, "chain": chain}


def recompress_zlib_rows(db: Any) -> None:
    """Rewrite every zlib row as zstd, chaining each policy's bodies in capture order
    (migration 0005). A body shared by two policies joins the first one's chain; a body no
    snapshot refers to becomes a keyframe."""
    order = db.execute(
        "SELECT r.hash, s.policy_id FROM raw_captures r LEFT JOIN snapshots s "
        "ON s.raw_hash = r.hash ORDER BY s.policy_id IS NULL, s.policy_id, s.id"
    ).fetchall()
    previous: dict[int, str] = {}
    for raw_hash, policy_id in order:
        (codec,) = db.execute(
            "SELECT codec FROM raw_captures WHERE hash = ?", [raw_hash]
        ).fetchone()
        if codec == "zlib":
            body = read_body(db, raw_hash)
            columns = encoded(db, raw_hash, body, previous.get(policy_id))
            db.execute(
                "UPDATE raw_captures SET codec = :codec, body = :body, base_hash = :base_hash, "
                "chain = :chain WHERE hash = :hash",
                {**columns, "hash": raw_hash},
            )
        if policy_id is not None:
            previous[policy_id] = raw_hash


class RawCaptures:
    """Store methods for raw bodies (mixed into `Store`, which provides `db`)."""

    db: Any

    def save_raw(self, body: bytes, content_type: str | None, policy_id: int | None = None) -> str:
        """Store a raw body once, compressed (against `policy_id`'s previous capture when
        given); return its sha256."""
        digest = hashlib.sha256(body).hexdigest()
        # Compressing is most of the cost: skip it for a body already stored.
        if self.db.execute("SELECT 1 FROM raw_captures WHERE hash = ?", [digest]).fetchone():
            return digest
        previous = None
        if policy_id is not None:
            row = self.db.execute(
                "SELECT raw_hash FROM snapshots WHERE policy_id = ? AND raw_hash IS NOT NULL "
                "ORDER BY id DESC LIMIT 1",
                [policy_id],
            ).fetchone()
            previous = row[0] if row else None
        self.db.execute(
            "INSERT INTO raw_captures (hash, content_type, size, codec, body, base_hash, chain) "
            "VALUES (:hash, :content_type, :size, :codec, :body, :base_hash, :chain)",
            {
                "hash": digest,
                "content_type": content_type,
                "size": len(body),
                **encoded(self.db, digest, body, previous),
            },
        )
        return digest

    def raw_body(self, raw_hash: str) -> bytes:
        return read_body(self.db, raw_hash)
