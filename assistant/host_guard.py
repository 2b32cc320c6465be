"""DNS-rebinding protection: the app answers only requests whose ``Host`` header names it.

A page on an attacker's domain that re-points its DNS name at this machine can make a browser send
requests to the app, but with the attacker's name in ``Host``; those get HTTP 400. Allowed: IP
literals (a browser that sends one navigated to that address itself, so it is the app's own origin),
the loopback names, the host the app is bound to, this machine's name, and ``NEWSDESK_ALLOWED_HOSTS``
(``*.example.org`` allows subdomains).
"""
from __future__ import annotations

import ipaddress
import socket

from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse

LOOPBACK_NAMES = ("localhost",)
WILDCARD_BINDS = {"0.0.0.0", "::", ""}


def allowed_host_names(bound_host: str, configured: str = "") -> list[str]:
    """The ``Host`` names to accept (besides IP literals), given the bind address and a comma-separated list."""
    names = [*LOOPBACK_NAMES, socket.gethostname(), socket.getfqdn()]
    if bound_host not in WILDCARD_BINDS:
        names.append(bound_host)
    names += [n.strip() for n in configured.split(",") if n.strip()]
    return list(dict.fromkeys(n.lower().rstrip(".") for n in names))


def host_allowed(header: str, names: list[str]) -> bool:
    host = _hostname(header)
    if not host:
        return False
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    return any(host == n or (n.startswith("*.") and host.endswith(n[1:])) for n in names)


def _hostname(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):  # [v6]:port
        return header[1:header.find("]")] if "]" in header else ""
    return header.rsplit(":", 1)[0].rstrip(".") if header.count(":") == 1 else header.rstrip(".")


class HostGuard:
    """Pure ASGI middleware (HTTP and WebSocket)."""

    def __init__(self, app, allowed_hosts: list[str]):
        self.app, self.names = app, allowed_hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            headers = dict(scope.get("headers") or [])
            if not host_allowed(headers.get(b"host", b"").decode("latin-1"), self.names):
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                    return
                await PlainTextResponse("Invalid host header", status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def guard_hosts(app, allowed_hosts: list[str]) -> dict:
    """Protect ``app``: a FastAPI/Starlette app gets the middleware now; for a Gradio Blocks (whose
    FastAPI app exists only once launched) the returned dict goes to ``launch(**...)``."""
    if hasattr(app, "add_middleware"):
        app.add_middleware(HostGuard, allowed_hosts=allowed_hosts)
        return {}
    return {"app_kwargs": {"middleware": [Middleware(HostGuard, allowed_hosts=allowed_hosts)]}}
