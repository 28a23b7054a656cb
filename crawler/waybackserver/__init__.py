"""A Wayback-Machine-compatible HTTP server for tests and ``policywatch demo``.

Standard library only. Implements what ``../shared/design/WAYBACK.md`` lists, checked against
the real exchanges recorded in ``../shared/corpus/wayback``.
"""

from crawler.waybackserver.ota import load_ota_history
from crawler.waybackserver.server import RequestRecord, WaybackServer
from crawler.waybackserver.store import ArchiveStore, Capture

__all__ = ["ArchiveStore", "Capture", "RequestRecord", "WaybackServer", "load_ota_history"]
