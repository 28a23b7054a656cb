"""Decoding HTTP bodies into text, and telling HTML from other bodies."""

from __future__ import annotations

import codecs

import pytest

from crawler.extraction.decoding import decode_body, looks_like_html, looks_like_pdf

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


UTF8_LABELS = [None, "text/html; charset=utf-8", "text/html; charset=nonsense"]


@pytest.mark.parametrize("content_type", [*UTF8_LABELS, "text/html; charset=iso-8859-1"])
def test_stray_cp1252_bytes_in_a_utf8_page_are_read_as_cp1252(content_type):
    utf8 = "<p>Données à caractère personnel : vos droits d\u2019accès et de rectification.</p>"
    body = utf8.encode() + b"<p>We\x92ll keep r\xe9sum\xe9s</p>"
    assert decode_body(body, content_type) == utf8 + "<p>We\u2019ll keep résumés</p>"


@pytest.mark.parametrize("content_type", UTF8_LABELS)
def test_bytes_neither_utf8_nor_cp1252_become_replacement_characters(content_type):
    body = "<p>Données à caractère personnel</p>".encode() + b"<p>\x81 broken</p>"
    assert (
        decode_body(body, content_type)
        == "<p>Données à caractère personnel</p><p>\ufffd broken</p>"
    )


@pytest.mark.parametrize("legacy", ["cp1252", "latin-1"])
@pytest.mark.parametrize(
    "label",
    [
        ("text/html; charset=utf-8", ""),
        ("text/html; charset=UTF8", ""),
        ("text/html", '<meta charset="utf-8">'),
    ],
)
def test_legacy_body_labelled_utf8_is_read_as_cp1252(label, legacy):
    content_type, meta = label
    text = f"{meta}<h1>Protection des Données</h1><p>Vous gardez le contrôle.</p>"
    assert decode_body(text.encode(legacy), content_type) == text


@pytest.mark.parametrize(
    ("content_type", "meta"),
    [
        ("text/html; charset=iso-8859-1", ""),
        ("text/html; charset=latin-1", ""),
        ("text/html; charset=windows-1252", ""),
        ("text/html; charset=ISO-8859-15", ""),
        ("text/html", '<meta charset="iso-8859-1">'),
        (None, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'),
    ],
)
def test_utf8_body_labelled_legacy_is_read_as_utf8(content_type, meta):
    text = f"{meta}<h1>Protection des Données</h1><p>Vous gardez le contrôle \u2014 «toujours».</p>"
    decoded = decode_body(text.encode("utf-8"), content_type)
    assert decoded == text
    assert "Ã" not in decoded


def test_latin1_label_reads_0x80_to_0x9f_as_windows_1252():
    body = b"<p>\x93Your data\x94 \x96 our promise</p>"
    assert decode_body(body, "text/html; charset=iso-8859-1") == (
        "<p>\u201cYour data\u201d \u2013 our promise</p>"
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


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"%PDF-1.7\n...", "application/pdf", True),
        (b"%PDF-1.4\n...", "text/html", True),
        (b"%PDF-1.4\n...", None, True),
        (b"<html><body>Moved</body></html>", "application/pdf", False),
        (b"<!DOCTYPE html><html>", "text/html", False),
    ],
)
def test_looks_like_pdf(body, content_type, expected):
    assert looks_like_pdf(body, content_type) is expected
