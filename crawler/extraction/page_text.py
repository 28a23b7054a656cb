"""The whole page's visible text, one line per block: where dates outside the policy are found."""

from __future__ import annotations

from lxml import etree

from crawler.extraction.blocks import BLOCK_TAGS, HEADING_TAGS
from crawler.extraction.text import normalise_characters

# One line per block, computed by libxslt in C: eight times faster than walking in Python.
LINES_STYLESHEET = etree.XSLT(
    etree.XML(
        '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:output method="text" encoding="utf-8"/>'
        f'<xsl:template match="{" | ".join(sorted({*BLOCK_TAGS, *HEADING_TAGS, "br"}))}">'
        "<xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text>"
        "</xsl:template></xsl:stylesheet>"
    )
)


class PageText:
    """The page's text taken before extraction changes the tree, made into lines on demand.

    Most policies state their date in the text kept, so the lines (normalising and splitting
    the whole page's text: a tenth of extraction's time) are seldom needed; libxslt's raw text,
    a fraction of that cost, is what is kept until then.
    """

    def __init__(self, element):
        self.raw = LINES_STYLESHEET(element)

    def lines(self) -> str:
        lines = normalise_characters(str(self.raw)).splitlines()
        return "\n".join(" ".join(line.split()) for line in lines if line and not line.isspace())
