"""What every response of the server carries and every request must pass, in one ASGI middleware (`Guard`) in
front of the whole app: pages, API, static files and errors alike.

- Security headers: a Content-Security-Policy with no inline script or style (the templates have none: keep it
  so), no framing, no MIME sniffing, no referrer, a browsing context of our own.
- The Host header checked against the names the server answers to (DNS-rebinding protection: a page on an
  attacker's domain that resolves to 127.0.0.1 sends the attacker's Host): 400 otherwise.
- Request bodies bounded: 413 on a Content-Length over the limit before anything is read, and when a body sent
  without one (chunked) grows past it.

Starlette's TrustedHostMiddleware does the host check, but the Starlette versions this project allows parse
"[::1]:8000" as the host "[": the check here parses IPv6 literals in every version, and sends its 400 with the
security headers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.settings import Settings

__all__ = [
    "CSP",
    "SECURITY_HEADERS",
    "Guard",
    "allowed_hosts",
    "max_request_bytes",
    "security_headers",
]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# The loopback names: always served (a rebinding page cannot send them: its Host is its own domain).
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
# Addresses that mean "every interface": no name a client would send.
_ANY_INTERFACE = ("", "0.0.0.0", "::", "[::]")
# Ingest over HTTP takes up to 1,000 documents a request; 20 MB holds that many long articles.
_DIGITS = re.compile(r"[0-9]{1,20}")


def security_headers(existing: Iterable[tuple[bytes, bytes]] = ()) -> list[tuple[bytes, bytes]]:
    """The security headers a response lacks among `existing` (raw ASGI headers): a response that sets its own
    policy (the API docs page) keeps it."""
    present = {name.lower() for name, _ in existing}
    return [
        (name.lower().encode(), value.encode())
        for name, value in SECURITY_HEADERS.items()
        if name.lower().encode() not in present
    ]


def allowed_hosts(settings: Settings) -> frozenset[str] | None:
    """The host names the server answers to (lower case, IPv6 literals in brackets, no port), or None for any.

    The loopback names, the address it listens on (unless that is every interface), and the `allowed_hosts`
    setting: host names separated by commas (or a tuple of them); `*` allows any host."""
    configured = settings.allowed_hosts
    entries = configured.split(",") if isinstance(configured, str) else list(configured)
    names = [_as_host(entry) for entry in entries if entry.strip()]
    if "*" in names:
        return None
    if settings.host.strip().lower() not in _ANY_INTERFACE:
        names.append(_as_host(settings.host))
    return frozenset((*LOOPBACK, *names))


def _as_host(name: str) -> str:
    """A configured name as `host_name` gives it: lower case, without a port, an IPv6 address in brackets."""
    name = name.strip().lower()
    if ":" in name and not name.startswith("[") and name.count(":") > 1:
        return f"[{name}]"
    return host_name(name) or name


def max_request_bytes(settings: Settings) -> int:
    """The largest request body the server reads (the `max_request_bytes` setting)."""
    return settings.max_request_bytes


def host_name(header: str | None) -> str | None:
    """The host of a Host header without its port, lower case ("[::1]:8000" -> "[::1]"); None when malformed."""
    if not header:
        return None
    header = header.strip().lower()
    if header.startswith("["):
        end = header.find("]")
        port = header[end + 1 :] if end > 0 else None
        if port is None or (port and not (port[0] == ":" and _DIGITS.fullmatch(port[1:]))):
            return None
        return header[: end + 1]
    name, _, port = header.partition(":")
    if not name or (port and not _DIGITS.fullmatch(port)):
        return None
    return name


class Guard:
    """The middleware of the module docstring, around the whole app."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str] | None, max_body: int) -> None:
        self.app = app
        self.hosts = hosts
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                message = {**message, "headers": raw + security_headers(raw)}
            await send(message)

        if self.hosts is not None and host_name(headers.get("host")) not in self.hosts:
            await _answer(send_secured, 400, "invalid Host header: this server answers to its own names only")
            return
        length = headers.get("content-length")
        if length is not None and not _DIGITS.fullmatch(length.strip()):
            await _answer(send_secured, 400, "invalid Content-Length header")
            return
        if length is not None and int(length) > self.max_body:
            await _answer(send_secured, 413, f"the request body is larger than {self.max_body:,} bytes")
            return
        await self.app(scope, self._limited(receive), send_secured)

    def _limited(self, receive: Receive) -> Receive:
        """`receive` counting the body's bytes, for bodies sent without a Content-Length: past the limit it raises
        HTTPException 413, which the app answers (FastAPI passes it through its body parsing)."""
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise HTTPException(413, f"the request body is larger than {self.max_body:,} bytes")
            return message

        return limited


async def _answer(send: Send, status: int, detail: str) -> None:
    """A JSON error answered by the middleware itself, before the app sees the request."""
    body = json.dumps({"detail": detail}).encode()
    headers: list[Any] = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
