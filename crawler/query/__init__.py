"""Answers read from the database for people: status, look-ups, exports."""
