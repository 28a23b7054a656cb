"""Turn an HTTP body into text, and tell HTML from other bodies (PDF, images, JSON)."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    resolve_encoding,
)

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


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset named by the Content-Type header, else by a <meta> near the page's start,
    as the Python codec the HTML standard reads it as ("latin-1" and "ascii" are windows-1252,
    "shift_jis" is cp932): w3lib's resolution, the one Scrapy's own responses use."""
    return http_content_type_encoding(content_type or "") or html_body_declared_encoding(body)


def _cp1252_for_stray_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode the bytes that are not UTF-8 as windows-1252, the web's usual legacy encoding
    (WHATWG maps the "latin-1" and "iso-8859-1" labels to it too); bytes it leaves undefined
    become U+FFFD."""
    stray = error.object[error.start : error.end]
    return stray.decode("cp1252", errors="replace"), error.end


STRAY_BYTES_AS_CP1252 = "policywatch-cp1252-strays"
codecs.register_error(STRAY_BYTES_AS_CP1252, _cp1252_for_stray_bytes)


def mostly_utf8(text: str) -> bool:
    """UTF-8 decoding (with replacement) of a body gave real non-ASCII characters, and more of
    them than replacement characters.

    Legacy encodings almost never form valid multi-byte UTF-8 sequences by chance, so a body
    that has them is UTF-8 whatever its label says, and a few broken bytes among many valid
    sequences are stray legacy bytes pasted into a UTF-8 page, not another encoding.
    """
    broken = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))  # counted in C: fast
    return non_ascii - broken > broken


def decode_body(body: bytes, content_type: str | None) -> str:
    """Decode `body`; never raises (bytes no encoding explains become U+FFFD).

    Order: a byte-order mark (the HTML standard lets it override any declaration, because a
    BOM cannot be there by accident); UTF-8 when the bytes are, or mostly are, whatever the
    label (a "latin-1" label on a UTF-8 body would otherwise turn "Données" into
    "DonnÃ©es"); the HTTP charset, then <meta charset>; charset-normalizer's guess for
    unlabelled bodies. Wherever UTF-8 is used, bytes that are not UTF-8 are read as
    windows-1252: a page labelled UTF-8 but saved in a legacy encoding, or a UTF-8 page with
    pasted-in cp1252 bytes, keeps its "é" instead of getting U+FFFD.
    """
    for bom, codec in BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace")
    codec = declared_charset(body, content_type)
    # UTF-16 declared in a <meta> of an ASCII-compatible body is a lie the standard also ignores.
    if codec and codec.startswith("utf-16"):
        if body.startswith(b"\x00"):
            return body.decode(codec, errors="replace")
        codec = "utf-8"
    if codec and body.isascii():
        return body.decode(codec, errors="replace")  # 7-bit encodings (ISO-2022-JP) included
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if codec == "utf-8" or mostly_utf8(body.decode("utf-8", errors="replace")):
        return body.decode("utf-8", errors=STRAY_BYTES_AS_CP1252)
    if codec is None:
        best = from_bytes(body[:200_000]).best()
        codec = resolve_encoding(best.encoding) if best else None
        if codec is None:
            return body.decode("utf-8", errors=STRAY_BYTES_AS_CP1252)
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


def looks_like_pdf(body: bytes, content_type: str | None) -> bool:
    """True for a PDF: by its magic bytes (servers mislabel PDFs), else by its Content-Type."""
    media = (content_type or "").split(";")[0].strip().lower()
    return body.lstrip()[:5] == b"%PDF-" or (
        media == "application/pdf" and body.strip()[:1] != b"<"
    )
