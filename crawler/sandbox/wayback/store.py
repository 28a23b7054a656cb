"""In-memory archive: captures by urlkey, plus excluded and blocked URLs."""

import bisect
import threading
from dataclasses import dataclass, field

from crawler.sandbox.wayback.keys import TIMESTAMP, payload_digest, url_key


@dataclass(frozen=True)
class Capture:
    """One archived HTTP response, as the archive replays and indexes it."""

    url: str
    timestamp: str
    body: bytes
    status: int = 200
    mimetype: str = "text/html"
    headers: tuple[tuple[str, str], ...] = ()
    redirect_to: str | None = None
    urlkey: str = field(init=False)
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "urlkey", url_key(self.url))
        object.__setattr__(self, "digest", payload_digest(self.body))

    def cdx_fields(self) -> dict[str, str]:
        """The seven public CDX fields of this capture."""
        return {
            "urlkey": self.urlkey,
            "timestamp": self.timestamp,
            "original": self.url,
            "mimetype": self.mimetype,
            "statuscode": str(self.status),
            "digest": self.digest,
            "length": str(len(self.body)),
        }


class ArchiveStore:
    """Captures kept sorted by (urlkey, timestamp); safe to fill while a server reads it."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[Capture]] = {}
        self._excluded: set[str] = set()
        self._blocked: set[str] = set()
        self._lock = threading.Lock()

    def add_capture(
        self,
        url: str,
        timestamp: str,
        body: bytes,
        status: int = 200,
        mimetype: str = "text/html",
        headers: dict[str, str] | None = None,
        redirect_to: str | None = None,
    ) -> Capture:
        """Archive ``body`` as fetched from ``url`` at ``timestamp`` (14 digits, UTC).

        ``headers`` are the site's original response headers (replayed as
        ``X-Archive-Orig-*``); ``redirect_to`` makes it an archived site redirect and needs
        a 3xx ``status``.
        """
        if not TIMESTAMP.match(timestamp):
            raise ValueError(f"timestamp must be 14 digits yyyyMMddhhmmss, got {timestamp!r}")
        if redirect_to is not None and not 300 <= status < 400:
            raise ValueError(f"an archived redirect needs a 3xx status, got {status}")
        capture = Capture(
            url, timestamp, body, status, mimetype, tuple((headers or {}).items()), redirect_to
        )
        with self._lock:
            captures = self._by_key.setdefault(capture.urlkey, [])
            bisect.insort_right(captures, capture, key=lambda c: c.timestamp)
        return capture

    def exclude(self, url: str) -> None:
        """Replay ``url`` as the archive's "excluded" page (200, no Memento-Datetime)."""
        with self._lock:
            self._excluded.add(url_key(url))

    def block(self, url: str) -> None:
        """Answer CDX searches for ``url`` with 403 Blocked Site Error."""
        with self._lock:
            self._blocked.add(url_key(url))

    def is_excluded(self, url: str) -> bool:
        return url_key(url) in self._excluded

    def is_blocked(self, url: str) -> bool:
        return url_key(url) in self._blocked

    def captures_of(self, url: str) -> list[Capture]:
        """All captures of ``url``'s urlkey, oldest first."""
        with self._lock:
            return list(self._by_key.get(url_key(url), ()))

    def captures_matching(self, predicate) -> list[Capture]:
        """Captures whose urlkey satisfies ``predicate``, sorted by urlkey then timestamp."""
        with self._lock:
            keys = sorted(key for key in self._by_key if predicate(key))
            return [capture for key in keys for capture in self._by_key[key]]
