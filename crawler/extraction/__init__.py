"""Bytes → policy document: `extract(body, options) -> Extraction` is the one entry.

Inside: decoding (charset, PDF sniffing), the HTML stage (`html`: chrome rules, the main
block, document pick, markdown) and the PDF text layer, then the page-kind check; `quality`
scores extraction against curated texts for the bench and the gates.
"""

from crawler.extraction.body import Extraction, ExtractOptions, extract
from crawler.extraction.html import EXTRACTOR_VERSION

__all__ = ["EXTRACTOR_VERSION", "ExtractOptions", "Extraction", "extract"]
