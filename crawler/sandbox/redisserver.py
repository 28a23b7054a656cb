"""A real redis-server on a free loopback port, without persistence, for tests and benches."""

from __future__ import annotations

import socket
import subprocess
import time

# Nothing written to disk: a test's data dies with its server.
NO_PERSISTENCE = ("--save", "", "--appendonly", "no")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """`redis-server` without persistence, bound to 127.0.0.1, stopped on exit."""

    def __init__(self, binary: str, attempts: int = 5):
        # Another process may take the free port between our probe and the server's bind: the
        # server then exits at once, and we try the next free port.
        for _ in range(attempts):
            self.port = free_port()
            self.process = self._start(binary)
            if self.wait_until_ready():
                return
            self.stop()
        raise RuntimeError(f"redis-server did not start after {attempts} ports")

    def _start(self, binary: str) -> subprocess.Popen:
        return subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", *NO_PERSISTENCE],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def wait_until_ready(self, timeout: float = 20.0) -> bool:
        """True once the server answers PING; False if it exited or never answered."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return True
            except OSError:
                pass
            time.sleep(0.02)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=10)
