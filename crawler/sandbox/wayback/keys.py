"""URL keys, timestamps and digests as the Wayback Machine computes them.

The archive indexes captures by a SURT "urlkey" (``com,example)/privacy``): scheme, ``www``
prefix, default port and trailing slash dropped, lower-cased. That is why ``example.com``,
``http://www.example.com:80/`` and ``https://example.com/`` all find the same captures
(seen in the recorded CDX rows of ``../shared/corpus/wayback``).
"""

import base64
import calendar
import datetime
import hashlib
import re
from urllib.parse import urlsplit

_WWW_PREFIX = re.compile(r"^www\d*\.")
_DEFAULT_PORTS = {"http": 80, "https": 443}
TIMESTAMP = re.compile(r"^\d{14}$")


def url_key(url: str) -> str:
    """The SURT urlkey of ``url`` (``https://www.Example.com/a/`` -> ``com,example)/a``)."""
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url.strip())
    host = _WWW_PREFIX.sub("", (parts.hostname or "").lower().rstrip("."))
    surt_host = ",".join(reversed(host.split(".")))
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        surt_host += f":{port}"
    path = parts.path.lower() or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    key = f"{surt_host}){path}"
    if parts.query:
        key += "?" + "&".join(sorted(parts.query.lower().split("&")))
    return key


def payload_digest(body: bytes) -> str:
    """Base32 SHA-1 of the payload, the CDX ``digest`` field."""
    return base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def parse_timestamp(timestamp: str) -> datetime.datetime:
    """``yyyyMMddhhmmss`` -> aware UTC datetime."""
    return datetime.datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=datetime.UTC)


def http_date(timestamp: str) -> str:
    """RFC 1123 GMT date of a 14-digit timestamp, as in ``Memento-Datetime``."""
    return parse_timestamp(timestamp).strftime("%a, %d %b %Y %H:%M:%S GMT")


def pad_timestamp(prefix: str, filler: str) -> str:
    """Complete a 1-14 digit timestamp prefix (``from`` pads with 0s, ``to`` with 9s)."""
    return prefix + filler * (14 - len(prefix))


def requested_moment(prefix: str) -> datetime.datetime:
    """The moment a 1-14 digit request timestamp stands for, out-of-range parts clamped.

    ``/web/2017id_/...`` and ``/web/20171301id_/...`` still find the nearest capture.
    """
    digits = pad_timestamp(prefix, "0")
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    month = min(max(month, 1), 12)
    day = min(max(day, 1), calendar.monthrange(max(year, 1), month)[1])
    hour, minute, second = (
        min(int(digits[i : i + 2]), top) for i, top in ((8, 23), (10, 59), (12, 59))
    )
    return datetime.datetime(max(year, 1), month, day, hour, minute, second, tzinfo=datetime.UTC)
