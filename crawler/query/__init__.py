"""Reading the history: lookups, export, the Datasette server."""
