"""DNS-rebinding protection: the app answers only requests whose ``Host`` header names it.

A page on an attacker's domain that re-points its DNS name at 127.0.0.1 can make a browser send
requests to the app, but with the attacker's name in ``Host``; those get HTTP 400. Allowed: the
loopback names, the host the app is bound to (unless a wildcard address), this machine's name, and
``NEWSDESK_ALLOWED_HOSTS``.
"""
from __future__ import annotations

import socket

from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
WILDCARD_BINDS = {"0.0.0.0", "::", ""}


def allowed_host_names(bound_host: str, configured: str = "") -> list[str]:
    """The ``Host`` names to accept, given the bind address and a comma-separated extra list."""
    names = list(LOOPBACK_NAMES)
    if bound_host not in WILDCARD_BINDS:
        names.append(bound_host)
    names.append(socket.gethostname())
    names += [n.strip() for n in configured.split(",") if n.strip()]
    names += [f"[{n}]" for n in names if ":" in n and not n.startswith("[")]  # IPv6 literals arrive bracketed
    return list(dict.fromkeys(n.lower() for n in names))


def host_middleware(allowed_hosts: list[str]) -> Middleware:
    return Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts, www_redirect=False)


def guard_hosts(app, allowed_hosts: list[str]) -> dict:
    """Protect ``app``: a FastAPI/Starlette app gets the middleware now; for a Gradio Blocks (whose
    FastAPI app exists only once launched) the returned dict goes to ``launch(**...)``."""
    if hasattr(app, "add_middleware"):
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts, www_redirect=False)
        return {}
    return {"app_kwargs": {"middleware": [host_middleware(allowed_hosts)]}}
