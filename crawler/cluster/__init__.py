"""Crawling from many machines: a shared frontier, captures and per-host politeness in Redis.

Requests wait in a Redis Stream read by a consumer group of workers (`policywatch worker`);
each fetch travels back as a capture on a second stream to the one process that owns the
SQLite file (`policywatch crawl --redis`, or `policywatch ingest`), which acknowledges the
request only once the capture is recorded. A worker that dies leaves its requests pending,
and another worker claims them.

Its spiders live here, not in `crawler/spiders/`: Scrapy imports every module there for any
crawl, and these need the `redis` extra.
"""
