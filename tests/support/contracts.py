"""What users' scripts rely on in our JSON output: the keys we promise to keep."""

# Each section of `compare`/`diff --format json` carries at least these.
SECTION_KEYS = frozenset(
    {
        "status",
        "moved",
        "renamed",
        "old_index",
        "new_index",
        "old_heading",
        "new_heading",
        "similarity",
        "diff",
    }
)
