"""Is the Redis of a shared crawl usable from here? Said in one line, before any work starts."""

from __future__ import annotations


class RedisUnavailableError(RuntimeError):
    """The redis extra is not installed, or the Redis does not answer."""


def require_redis(redis_url: str) -> None:
    """Raise RedisUnavailableError, saying what to do, unless `redis_url` answers a PING."""
    try:
        import redis
        import scrapy_redis  # noqa: F401  (its dupefilter queues the policies)
    except ImportError:
        raise RedisUnavailableError(
            "crawls shared through Redis need the redis extra: pip install 'policywatch[redis]'"
        ) from None
    try:
        client = redis.Redis.from_url(redis_url, socket_connect_timeout=10)
        client.ping()
        client.close()
    except (redis.exceptions.RedisError, ValueError) as error:
        raise RedisUnavailableError(f"cannot use the Redis at {redis_url}: {error}") from None
