"""Replace an output directory as a whole, so it holds exactly one run's files.

Files are written into a new directory beside the target, which then takes the target's
place: nothing of an earlier run stays behind, and a failed run leaves the earlier output
as it was. A directory that is not a previous output is never replaced.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class OutputDirectoryError(OSError):
    """The target is a directory of other files, which replacing it would delete."""


@contextmanager
def replaced_directory(
    out: Path, is_previous: Callable[[Path], bool], kind: str = "export"
) -> Iterator[Path]:
    """Yield a new empty directory that replaces `out` when the block succeeds.

    `out` may be missing, empty, or a directory `is_previous` recognises as an earlier
    output (an earlier `kind`, as the refusal says); anything else is refused before anything
    is written.
    """
    out = Path(os.path.abspath(out))  # "." has no name to put beside it
    if out.exists() and not (out.is_dir() and (is_previous(out) or not any(out.iterdir()))):
        raise OutputDirectoryError(
            f"{out} exists and is not an earlier {kind}: choose a new or empty directory"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield fresh
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            out.rename(old / out.name)
            fresh.rename(out)
            shutil.rmtree(old)
        else:
            fresh.rename(out)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)  # only left when the block failed
