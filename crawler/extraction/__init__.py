"""The parts of HTML → policy text extraction; `crawler.extract` puts them together."""
