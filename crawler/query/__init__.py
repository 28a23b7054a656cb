"""Answers read from the stored history: clause lineage, change windows, change statistics."""
