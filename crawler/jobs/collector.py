"""Garbage-collector settings for the long, allocation-heavy work of a crawl."""

from __future__ import annotations

import gc

# Objects allocated (less those freed) between two collections of the youngest generation:
# with CPython's default, 700, a history replay collects about twice per capture, since
# extracting and diffing one allocates tens of thousands of objects that live only while it
# is worked on.
YOUNG_GENERATION_THRESHOLD = 20_000


def tune_for_crawl() -> None:
    """Collect less often, and never re-examine what exists before the work starts.

    Freezing moves every object alive now (modules, settings, the spider) out of the
    collector's reach, so full collections no longer walk them; cycles made later are still
    found. Reference counting frees most objects at once either way: this only changes how
    often the cycle detector runs.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, *gc.get_threshold()[1:])
