"""Minimal PDFs built here, for tests: text lines on pages, optionally encrypted."""

from __future__ import annotations

import io
import zlib

from pypdf import PdfReader, PdfWriter

# A fictional two-page privacy notice, with a running header and page numbers.
HEADER = "Quillby Books Ltd - Privacy Notice"
PAGES = [
    [
        HEADER,
        "Privacy Notice",
        "Last updated: 12 May 2023",
        "Quillby Books Ltd runs an online bookshop. This notice explains what we do",
        "with your personal data when you buy books from us or join our reading club.",
        "1. Who we are",
        "Quillby Books Ltd is the controller of your data. You can reach us by post at",
        "4 Mill Lane, Easterby, or by writing to our data protection lead.",
        "Page 1 of 2",
    ],
    [
        HEADER,
        "2. What we collect",
        "2.1 Orders",
        "Your name, postal address and the books you order, so that we can send them",
        "to you and handle returns for six years, as tax law requires.",
        "YOUR RIGHTS",
        "You may ask for a copy of your data, and ask us to correct or delete it. We an-",
        "swer every request within one month.",
        "Page 2 of 2",
    ],
]


def pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def build_pdf(pages: list[list[str]], title: str = "") -> bytes:
    """A minimal valid PDF: one Helvetica text line per entry, top to bottom."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for lines in pages:
        stream = (
            "BT /F1 11 Tf 14 TL 72 740 Td "
            + " T* ".join(f"({pdf_escape(x)}) Tj" for x in lines)
            + " ET"
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    objects.append(f"<< /Title ({pdf_escape(title)}) >>")
    return assemble([body.encode("latin-1") for body in objects])


def assemble(objects: list[bytes]) -> bytes:
    """A PDF file of numbered `objects` (the first the catalog, the last the /Info)."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
    return out + trailer.encode() + f"startxref\n{xref}\n%%EOF\n".encode()


def encrypted(pdf: bytes, password: str = "secret") -> bytes:
    """`pdf` locked with a user password, as some sites publish their policies."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def one_page(stream: bytes, filters: bytes = b"") -> bytes:
    """A one-page PDF of one content stream (`filters`: its /Filter entry, if encoded)."""
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length {len(stream)} ".encode()
            + filters
            + b" >>\nstream\n"
            + stream
            + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Title (Privacy Notice) >>",
        ]
    )


def decompression_bomb(expands_to: int = 100_000_000) -> bytes:
    """A one-page PDF whose compressed content stream (about 0.1 % of `expands_to`) expands to
    `expands_to` bytes of blanks: small on the wire, huge once read."""
    return one_page(zlib.compress(b" " * expands_to, 9), b"/Filter /FlateDecode")


def bad_font_operator() -> bytes:
    """A one-page PDF whose text sets its font with arrays (`[1] [2] Tf`): pypdf's text
    extraction fails on it with a TypeError, not one of its own errors."""
    return one_page(b"BT [1] [2] Tf (We collect your name.) Tj ET")
