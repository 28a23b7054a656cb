"""Questions across the whole history and the ways people read the answers: status, look-ups,
clause lineage, change windows and statistics, the research export, Datasette, the report."""
