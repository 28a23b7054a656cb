"""`policywatch init`: a new home with a starter watch list, alerts configuration, an empty
database and the feeds directory; never over anything already there."""

from __future__ import annotations

from pathlib import Path

from crawler.config import Locations
from crawler.storage import open_database

STARTER_WATCHLIST = """\
# policywatch watch list: one entry per policy document. Add one with
#   policywatch add https://example.com/privacy --name example-privacy --org "Example Inc."
# or by hand, as in this example (only name and url are required):
#
# - name: example-privacy             # lower-case, unique, at most 64 characters
#   url: https://example.com/privacy  # http(s) only
#   organisation: Example Inc.
#   document: privacy-policy          # on a page holding several documents, the one to keep
#   select: ["main .legal"]           # CSS: the policy text is what these match
#   remove: [".related-links"]        # CSS: parts to drop
#   enabled: true                     # `policywatch disable NAME` sets it to false
#   tags: [health, insurance]
#   wayback_from: "2016"              # where `policywatch backfill` starts
policies:
"""

STARTER_ALERTS = """\
# policywatch alerts: where `policywatch run` and `policywatch alerts` send each change.
# Secrets are never written here: give the name of an environment variable (*_env) or of a
# file (*_file) holding them. `policywatch alerts --dry-run` checks this file.
reporters:
  - type: atom                        # Atom feeds in feeds/ (all, per policy, organisation, tag)
    limit: 50

# - type: rss                         # the same feeds as RSS 2.0
#
# - type: email
#   smtp_host: smtp.example.org
#   smtp_port: 587
#   security: starttls                # starttls | ssl | none
#   user: policywatch@example.org
#   password_env: POLICYWATCH_SMTP_PASSWORD
#   from: policywatch@example.org
#   to: [legal@example.org]
#   subscribe: {keywords: [sell, arbitration], sections: [sharing], tags: [health]}
#
# - type: webhook
#   url_env: POLICYWATCH_WEBHOOK_URL  # chat webhook URLs carry a token: keep them secret
"""


def init_home(where: Locations) -> list[Path]:
    """Create the files `where` names; FileExistsError, creating nothing, if any exists."""
    present = [path for path in (where.db, where.watchlist, where.alerts) if path.exists()]
    if present:
        raise FileExistsError(
            f"already there, left as is: {', '.join(str(p) for p in present)}"
            " (see `policywatch where`)"
        )
    for path in (where.db, where.watchlist, where.alerts):
        path.parent.mkdir(parents=True, exist_ok=True)
    # Exclusive creation: a file that appeared since the check above is never overwritten.
    with where.watchlist.open("x", encoding="utf-8") as out:
        out.write(STARTER_WATCHLIST)
    with where.alerts.open("x", encoding="utf-8") as out:
        out.write(STARTER_ALERTS)
    open_database(where.db).close()
    where.feeds.mkdir(parents=True, exist_ok=True)
    return [where.db, where.watchlist, where.alerts, where.feeds]
