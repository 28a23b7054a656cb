"""The Wayback Machine: the CDX client, politeness, view-mode cleanup, back-fill progress."""
