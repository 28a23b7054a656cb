"""Pure text machinery of policywatch: normalise, sections, dates, alignment, diffs, rendering.

Nothing here performs I/O or imports Scrapy, SQLite, SMTP or network code
(tests/test_diffing_purity.py checks it), and nothing is kept between calls: no module holds a
cache (tests/test_diffing_stateless.py). `model` is the plain data (PolicyDocument, DocumentDiff)
and imports no other module here; `parse` builds documents from text. Entry points:

- `parse.parse_document`, `parse.document_from_text`: markdown or plain text → PolicyDocument
- `normalise.normalise_text`, `normalise.text_hash`, `normalise.visible_text`
- `compare.compare_documents(old, new) -> model.DocumentDiff` (`.to_dict()` is the JSON
  contract, `DocumentDiff.from_dict` reads it back)
- `classify.classify_change(old, new, diff, recent_hashes=(), ...) -> ChangeClassification`
- `render.render_diff(diff, "text" | "markdown" | "html" | "json", color=False, ...)`
"""
