"""Questions across the whole history and the ways people read the answers: status, look-ups,
the research export, Datasette, and the static report."""
