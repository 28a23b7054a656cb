"""Turn an HTTP body into text, and tell HTML from other bodies (PDF, images, JSON)."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# The HTML standard's prescan looks at the first 1024 bytes for <meta charset> / http-equiv.
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
NOT_HTML_TYPES = ("application/pdf", "image/", "application/json", "audio/", "video/", "font/")
NOT_HTML_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"RIFF", b"{", b"[")
HTML_START = re.compile(
    rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|div|p|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset named by the Content-Type header, else by a <meta> in the first 1024 bytes."""
    header = CHARSET_PARAM.search(content_type or "")
    if header and (codec := _known_codec(header.group(1))):
        return codec
    meta = META_CHARSET.search(body[:1024])
    return _known_codec(meta.group(1).decode("ascii", "ignore")) if meta else None


def mostly_utf8(text: str) -> bool:
    """UTF-8 decoding produced more real non-ASCII characters than replacement characters.

    Legacy encodings almost never form valid multi-byte UTF-8 sequences by chance, so a page
    with many of them and a few broken bytes is UTF-8 with damage, not another encoding.
    """
    broken = text.count("\ufffd")
    return broken == 0 or sum(not c.isascii() for c in text) > 2 * broken


def decode_body(body: bytes, content_type: str | None) -> str:
    """Decode `body`; never raises (undecodable bytes become U+FFFD).

    Order: a byte-order mark (the HTML standard lets it override any declaration, because a
    BOM cannot be there by accident), the HTTP charset, <meta charset>, UTF-8 (when the bytes
    mostly are), charset-normalizer's guess, then UTF-8 with replacement characters.
    """
    for bom, codec in BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace")
    codec = declared_charset(body, content_type)
    if codec is None:
        as_utf8 = body.decode("utf-8", errors="replace")
        if mostly_utf8(as_utf8):
            return as_utf8
        best = from_bytes(body[:200_000]).best()
        codec = _known_codec(best.encoding) if best else None
    # UTF-16 declared in a <meta> of an ASCII-compatible body is a lie the standard also ignores.
    if codec is None or (codec.startswith("utf-16") and not body.startswith(b"\x00")):
        codec = "utf-8"
    return body.decode(codec, errors="replace")


def looks_like_html(body: bytes, content_type: str | None) -> bool:
    """True when `body` is an HTML page: by its Content-Type, else by its first bytes."""
    media = (content_type or "").split(";")[0].strip().lower()
    head = body[:1024].lstrip()
    for bom, _ in BOMS:
        head = head.removeprefix(bom)
    if head.startswith(NOT_HTML_MAGIC) or media.startswith(NOT_HTML_TYPES):
        return False
    if media in HTML_TYPES:
        return True
    return bool(HTML_START.match(head))
