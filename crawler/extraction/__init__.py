"""The parts of HTML → policy text extraction; `crawler.extraction.html` puts them together."""
