"""A web site on many loopback hosts (127.0.0.1, 127.0.0.2, …) that answers each request
after a fixed latency, and counts how many requests each host was answering at once.

For crawls spread over several workers: it tells whether per-host politeness held (never two
requests to one host at once) and how the rate grows with workers when latency, not CPU, is
what bounds it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class HostLoad:
    """Requests answered, and the most this site answered at once, per host."""

    served: Counter = field(default_factory=Counter)
    busy: Counter = field(default_factory=Counter)
    peak: Counter = field(default_factory=Counter)
    times: list[float] = field(default_factory=list)  # when each answer was sent

    @property
    def polite(self) -> bool:
        return max(self.peak.values(), default=0) <= 1


class ManyHostsSite:
    """`with ManyHostsSite(200, latency=0.1) as site: site.pages[site.url(3, "/p")] = b"…"`."""

    def __init__(self, hosts: int, latency: float = 0.0):
        if not 1 <= hosts <= 254:
            raise ValueError("1 to 254 loopback hosts")
        self.addresses = [f"127.0.0.{n}" for n in range(1, hosts + 1)]
        self.latency = latency
        self.pages: dict[str, bytes] = {}  # URL -> HTML body
        self.load = HostLoad()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._servers: list[asyncio.base_events.Server] = []

    def url(self, host: int, path: str) -> str:
        return f"http://{self.addresses[host]}:{self.port}{path}"

    def __enter__(self) -> ManyHostsSite:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(timeout=30)
        return self

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _listen(self) -> None:
        first = await asyncio.start_server(self._answer, self.addresses[0], 0)
        self.port = first.sockets[0].getsockname()[1]
        self._servers = [first]
        for address in self.addresses[1:]:
            self._servers.append(await asyncio.start_server(self._answer, address, self.port))

    async def _close(self) -> None:
        for server in self._servers:
            server.close()
            await server.wait_closed()

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode("latin-1")
                load = self.load
                load.busy[host] += 1
                load.peak[host] = max(load.peak[host], load.busy[host])
                await asyncio.sleep(self.latency)
                # Counted out before the answer leaves: the next request can only follow it.
                load.busy[host] -= 1
                load.served[host] += 1
                load.times.append(time.monotonic())
                body = self.pages.get(f"http://{host}:{self.port}{path}")
                status = b"200 OK" if body is not None else b"404 Not Found"
                body = body if body is not None else b"<html><body>Not found</body></html>"
                writer.write(
                    b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
