"""Shell completion of policy names, from the watch list the command would read."""

from __future__ import annotations

import click
from click.shell_completion import CompletionItem

from crawler.config import watchlist_path


def complete_policy_names(ctx, param, incomplete: str) -> list[CompletionItem]:
    """The watch list's names starting with `incomplete` (none when it cannot be read)."""
    # Imported here: commands that only read the database start without the YAML reader.
    from crawler.config import watchlist

    try:
        policies = watchlist.load(watchlist_path(ctx.params.get("watchlist_file")))
    except (watchlist.WatchListError, OSError):
        return []  # completion never prints an error into the user's command line
    return [
        CompletionItem(p.name, help=p.organisation or p.url)
        for p in policies
        if p.name.startswith(incomplete)
    ]


policy_name_argument = click.argument("name", shell_complete=complete_policy_names)
policy_names_argument = click.argument("names", nargs=-1, shell_complete=complete_policy_names)
