"""SQLite storage: the only code in policywatch that writes SQL.

`open_database` applies the migrations and returns a `Store`, the API the rest of the
application uses; `schema` holds the migrations.
"""

from crawler.storage.store import SchemaTooNewError, Store, open_database

__all__ = ["SchemaTooNewError", "Store", "open_database"]
