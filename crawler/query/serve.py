"""Datasette on the policy database, with the metadata shipped in the package.

Datasette is an optional extra (`pip install 'policywatch[serve]'`); importing this module
without it raises `ServeUnavailableError` with the install command.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import yaml

# Package data (pyproject.toml), so that a pip-installed policywatch finds it too.
METADATA_RESOURCE = resources.files("crawler.query") / "datasette_metadata.yml"


class ServeUnavailableError(RuntimeError):
    """Datasette is not installed."""


def load_metadata(database_name: str) -> dict:
    """The shipped metadata, its database section renamed to match the file being served and
    its `guide` (views to start with) written into the database page's description."""
    metadata = yaml.safe_load(METADATA_RESOURCE.read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if databases:
        database = dict(next(iter(databases.values())))
        guide = database.pop("guide", [])
        if guide:
            database["description_html"] = guide_html(database_name, guide, database["tables"])
        metadata["databases"] = {database_name: database}
    return metadata


def guide_html(database_name: str, names: list[str], tables: dict) -> str:
    """Links to the views people start with, in order, each with its description: Datasette
    lists views last, by name only."""
    items = "".join(
        f'<li><a href="/{quote(database_name)}/{quote(name)}">'
        f"{escape(tables[name].get('title', name))}</a> ({escape(name)}): "
        f"{escape(tables[name].get('description', ''))}</li>"
        for name in names
    )
    return f"<p>Start with these views:</p><ul>{items}</ul>"


def datasette_for(db_path: Path):
    """A read-only Datasette instance on `db_path` with policywatch's metadata."""
    try:
        from datasette.app import Datasette
    except ImportError:
        raise ServeUnavailableError(
            "Datasette is not installed: pip install 'policywatch[serve]'"
        ) from None
    # No facet suggestions: Datasette counts every row of a view to suggest them, outside its
    # time-limit guard, so on a large history a view such as change_details failed whole
    # ("SQL query took too long") where its rows alone came back in well under a second.
    return Datasette(
        [str(db_path)], metadata=load_metadata(db_path.stem), settings={"suggest_facets": False}
    )


def serve(db_path: Path, host: str, port: int, announce: Callable[[str], None]) -> None:
    """Serve `db_path` in Datasette until interrupted; `announce` gets the URL as soon as the
    socket listens (the real port when `port` is 0)."""
    import uvicorn  # installed with Datasette

    app = datasette_for(db_path).app()

    class AnnouncingServer(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                announce(listening_url(host, self.servers[0].sockets[0].getsockname()[1]))

    AnnouncingServer(uvicorn.Config(app, host=host, port=port, log_level="warning")).run()


def listening_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
