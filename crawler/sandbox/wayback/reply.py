"""What a handler sends back: status, headers and body, built without any socket."""

from dataclasses import dataclass, field


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)


def text_reply(status: int, text: str, content_type: str = "text/plain;charset=UTF-8") -> Reply:
    return Reply(status, text.encode("utf-8"), [("Content-Type", content_type)])
