"""policywatch: the application (Scrapy spiders, extraction, storage, alerts, CLI)."""

__version__ = "0.1.0"
