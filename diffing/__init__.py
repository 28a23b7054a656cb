"""Pure text machinery of policywatch: normalise, sections, dates, alignment, diffs, rendering.

Nothing here performs I/O or imports Scrapy, SQLite, SMTP or network code
(tests/test_diffing_purity.py checks it). Entry points:

- `document.parse_document`, `document.document_from_text`: markdown or plain text → PolicyDocument
- `normalise.normalise_text`, `normalise.text_hash`, `normalise.visible_text`
- `compare.compare_documents(old, new) -> model.DocumentDiff` (`.to_dict()` is the JSON contract)
- `classify.classify_change(old, new, diff, recent_hashes=(), ...) -> ChangeClassification`
- `render.render_diff(diff, "text" | "markdown" | "html" | "json", color=False, ...)`
"""
