"""Decoding HTTP bodies into text, and telling HTML from other bodies."""

from __future__ import annotations

import codecs

import pytest

from crawler.decoding import decode_body, looks_like_html

CAFE = "<p>Café \u2013 \u201cprivacy\u201d</p>"


def test_http_charset_wins_over_meta():
    body = ('<meta charset="utf-8">' + CAFE).encode("cp1252")
    assert decode_body(body, "text/html; charset=windows-1252").endswith(CAFE)


def test_meta_charset_is_used_without_http_charset():
    body = ('<html><head><meta charset="iso-8859-15">' + "<p>Prix: 5 €</p>").encode("iso-8859-15")
    assert decode_body(body, "text/html").endswith("<p>Prix: 5 €</p>")


def test_http_equiv_meta_is_understood():
    body = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>個人情報</p>'
    assert decode_body(body.encode("shift_jis"), None).endswith("<p>個人情報</p>")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_mark_decides_and_is_removed(bom, codec):
    assert decode_body(bom + CAFE.encode(codec), "text/html; charset=iso-8859-1") == CAFE


def test_undeclared_utf8_is_decoded():
    assert decode_body(CAFE.encode("utf-8"), None) == CAFE


def test_undeclared_legacy_encoding_is_guessed():
    text = "<p>Données personnelles : nous protégeons vos données et votre vie privée.</p>" * 5
    assert decode_body(text.encode("cp1252"), None) == text


@pytest.mark.parametrize(
    "content_type", [None, "text/html; charset=utf-8", "text/html; charset=nonsense"]
)
def test_broken_bytes_in_utf8_become_replacement_characters(content_type):
    body = "<p>Données à caractère personnel</p>".encode() + b"<p>\xff broken</p>"
    assert (
        decode_body(body, content_type)
        == "<p>Données à caractère personnel</p><p>\ufffd broken</p>"
    )


def test_undecodable_bytes_never_raise():
    assert decode_body(b"\x81\x8d\x8f\x90\x9d" * 3, "text/html; charset=utf-8") == "\ufffd" * 15


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", "text/html", True),
        (b"  <!-- c --><html lang=en>", None, True),
        (b"<div>fragment</div>", "application/octet-stream", True),
        (codecs.BOM_UTF8 + b"<html>", None, True),
        (b"%PDF-1.7\n...", "application/pdf", False),
        (b"%PDF-1.7\n...", "text/html", False),  # servers mislabel PDFs
        (b"\x89PNG\r\n\x1a\n", "image/png", False),
        (b'{"policy": "text"}', "application/json", False),
        (b'{"policy": "text"}', None, False),
        (b"Plain words, no markup", "text/plain", False),
    ],
)
def test_looks_like_html(body, content_type, expected):
    assert looks_like_html(body, content_type) is expected
