"""HTML tables as markdown tables, and telling data tables from layout tables."""

from __future__ import annotations

from crawler.extraction.text import text_of

# A cell holding this many words is page layout, not data (old sites lay out pages in tables).
LAYOUT_CELL_WORDS = 150


def table_rows(table) -> list[list]:
    """The rows of `table` (not of tables nested in it) as lists of cell elements."""
    rows = []
    for row in table.iter("tr"):
        owner = next(row.iterancestors("table"), None)
        if owner is table:
            rows.append([cell for cell in row if cell.tag in ("td", "th")])
    return rows


def is_data_table(table) -> bool:
    """True for a grid of data: two or more columns, no nested table, no page-sized cell."""
    if any(True for _ in table.iterdescendants("table")):
        return False
    rows = table_rows(table)
    if not rows or max(len(row) for row in rows) < 2:
        return False
    return all(len(text_of(cell).split()) < LAYOUT_CELL_WORDS for row in rows for cell in row)


def markdown_table(table, inline) -> str:
    """A markdown table; `inline(element)` renders a cell's text. The first row is the header."""
    rows = [[inline(cell).replace("|", "\\|") for cell in row] for row in table_rows(table)]
    rows = [row for row in rows if any(row)]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)
