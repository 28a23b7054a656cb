"""Pure text machinery of policywatch: normalise, sections, dates, alignment, diffs, rendering.

Nothing here performs I/O or imports Scrapy, SQLite, SMTP or network code.
"""
