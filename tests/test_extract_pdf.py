"""PDF policies: a PDF we build here from our own fictional text goes into the document model."""

from __future__ import annotations

from datetime import date

from crawler.extraction.pdf import extract_pdf_policy

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
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
    return out + trailer.encode() + f"startxref\n{xref}\n%%EOF\n".encode()


def test_pdf_policy_has_sections_date_and_no_running_lines():
    document = extract_pdf_policy(build_pdf(PAGES, title="Quillby Privacy Notice"))
    assert document.title == "Quillby Privacy Notice"
    assert [(s.level, s.heading) for s in document.sections] == [
        (0, ""),
        (1, "1. Who we are"),
        (1, "2. What we collect"),
        (2, "2.1 Orders"),
        (1, "YOUR RIGHTS"),
    ]
    assert document.sections[0].text == (
        "Privacy Notice\n\nLast updated: 12 May 2023\n\n"
        "Quillby Books Ltd runs an online bookshop. This notice explains what we do "
        "with your personal data when you buy books from us or join our reading club."
    )
    assert document.sections[-1].text == (
        "You may ask for a copy of your data, and ask us to correct or delete it. "
        "We answer every request within one month."
    )
    assert document.effective_date.value == date(2023, 5, 12)
    assert HEADER not in document.markdown
    assert "Page 1" not in document.markdown
    assert document.warnings == ()


def test_broken_pdf_gives_a_warning_not_an_exception():
    document = extract_pdf_policy(b"%PDF-1.4\nthis is not really a pdf")
    assert document.markdown == ""
    assert document.warnings[0].startswith("unreadable PDF")
