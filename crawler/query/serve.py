"""Datasette on the policy database, with the metadata shipped in the package.

Datasette is an optional extra (`pip install 'policywatch[serve]'`); importing this module
without it raises `ServeUnavailableError` with the install command.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

# Package data (pyproject.toml), so that a pip-installed policywatch finds it too.
METADATA_RESOURCE = resources.files("crawler.query") / "datasette_metadata.yml"


class ServeUnavailableError(RuntimeError):
    """Datasette is not installed."""


def load_metadata(database_name: str) -> dict:
    """The shipped metadata, its database section renamed to match the file being served."""
    metadata = yaml.safe_load(METADATA_RESOURCE.read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if databases:
        metadata["databases"] = {database_name: next(iter(databases.values()))}
    return metadata


def datasette_for(db_path: Path):
    """A read-only Datasette instance on `db_path` with policywatch's metadata."""
    try:
        from datasette.app import Datasette
    except ImportError:
        raise ServeUnavailableError(
            "Datasette is not installed: pip install 'policywatch[serve]'"
        ) from None
    return Datasette([str(db_path)], metadata=load_metadata(db_path.stem))
