"""A Wayback-Machine-compatible HTTP server for tests and ``policywatch demo``.

Standard library only. Implements what ``../shared/design/WAYBACK.md`` lists, checked against
the real exchanges recorded in ``../shared/corpus/wayback``.
"""

from crawler.sandbox.wayback.ota import load_ota_history
from crawler.sandbox.wayback.server import RequestRecord, WaybackServer
from crawler.sandbox.wayback.store import ArchiveStore, Capture

__all__ = ["ArchiveStore", "Capture", "RequestRecord", "WaybackServer", "load_ota_history"]
