"""Refuse redirects (3xx or meta refresh) that lead into loopback, private or link-local
addresses: a public page must not make the crawler fetch, and store, an internal service's
page (a cloud metadata endpoint, an admin interface on localhost)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

DEFAULT_PORTS = {"http": 80, "https": 443}


class BlockedRedirect(IgnoreRequest):
    """A redirect into an internal address, from another host: never followed."""


def is_internal(address: str) -> bool:
    """Loopback, private, link-local, shared, reserved or multicast: no public web server."""
    ip = ipaddress.ip_address(address.split("%")[0])  # drop an IPv6 zone index
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


async def addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to (itself for an IP literal; none if it does not resolve,
    and then the download fails on its own with a `dns` outcome)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return []
    return [sockaddr[0] for *_, sockaddr in found]


class RedirectGuardMiddleware:
    """Checks every redirected request before anything is sent (robots.txt included).

    A redirect may stay on the watched URL's own host, whatever its address: watching an
    intranet page, or a test server on loopback, keeps working. Any other host is resolved
    first, so a public name that points at an internal address is refused too.
    """

    async def process_request(self, request, spider=None):
        chain = request.meta.get("redirect_urls")
        if not chain:
            return None
        if internal := await internal_address(request.url, urlsplit(chain[0]).hostname):
            raise BlockedRedirect(
                f"redirected from {chain[0][:200]} to {request.url[:200]}, "
                f"an internal address ({internal}): not followed"
            )
        return None


async def internal_address(url: str, allowed_host: str | None) -> str | None:
    """The internal address `url` would reach, or None: its host is `allowed_host` (the
    watched page's own), or it resolves to public addresses only (or not at all)."""
    target = urlsplit(url)
    host = target.hostname
    if not host or host == allowed_host or target.scheme not in DEFAULT_PORTS:
        return None
    port = target.port or DEFAULT_PORTS[target.scheme]
    return next((a for a in await addresses(host, port) if is_internal(a)), None)
