"""One capture among all captures of its urlkey: neighbours for Link headers and the toolbar."""

from dataclasses import dataclass

from crawler.sandbox.wayback.keys import http_date
from crawler.sandbox.wayback.store import Capture


@dataclass(frozen=True)
class Timeline:
    captures: tuple[Capture, ...]  # every capture of one urlkey, oldest first
    position: int

    @property
    def current(self) -> Capture:
        return self.captures[self.position]

    def neighbours(self) -> dict[str, Capture]:
        """first / prev / next / last captures (prev and next only where they exist)."""
        found = {"first": self.captures[0], "last": self.captures[-1]}
        if self.position > 0:
            found["prev"] = self.captures[self.position - 1]
        if self.position < len(self.captures) - 1:
            found["next"] = self.captures[self.position + 1]
        return found

    def link_header(self, base_url: str) -> str:
        """RFC 7089 Link header in the order the real archive sends it."""
        original = self.current.url
        parts = [
            f'<{original}>; rel="original"',
            f'<{base_url}/web/timemap/link/{original}>; rel="timemap"; '
            'type="application/link-format"',
            f'<{base_url}/web/{original}>; rel="timegate"',
        ]
        neighbours = self.neighbours()
        named = [("first", "first memento"), ("prev", "prev memento")]
        named += [("current", "memento"), ("next", "next memento"), ("last", "last memento")]
        for name, rel in named:
            capture = self.current if name == "current" else neighbours.get(name)
            if capture is not None:
                parts.append(
                    f'<{base_url}/web/{capture.timestamp}/{capture.url}>; rel="{rel}"; '
                    f'datetime="{http_date(capture.timestamp)}"'
                )
        return ", ".join(parts)
