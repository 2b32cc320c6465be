"""Login rate limit: password guessing against the app's login is throttled per client address.

After ``attempts`` failed logins from one address within ``window_s`` seconds, that address's further
POSTs to the login route get HTTP 429 with ``Retry-After`` until the oldest of those failures is
``window_s`` old; a successful login clears its count.

Invariants:
- only POSTs to the login route are counted or refused; every other request passes untouched;
- a refused attempt never reaches the password check, so a locked-out address learns nothing;
- the login page states the rule (``login_message``), since Gradio's page shows nothing for a 429;
- an attempt counts from the moment it starts (concurrent guesses cannot slip past the limit) and is
  forgiven only by a successful response;
- memory is bounded: at most ``MAX_CLIENTS`` addresses are tracked, the stalest dropped first.

Behind a reverse proxy every request comes from the proxy's address, so the limit is then shared.
"""
from __future__ import annotations

import math
import time
from collections import OrderedDict, deque

from starlette.middleware import Middleware
from starlette.responses import JSONResponse

MAX_CLIENTS = 10_000


def login_message(attempts: int, window_s: float) -> str:
    """Said on the login page (Gradio's page shows nothing for a 429, so the rule is said up front)."""
    minutes = max(1, round(window_s / 60))
    return (f"After {attempts} failed logins from one address, logins from it are refused for up to "
            f"{minutes} minute{'s' if minutes != 1 else ''}; if Login then does nothing, wait and try again.")


def is_login(scope) -> bool:
    return scope["type"] == "http" and scope["method"] == "POST" and scope["path"].rstrip("/").endswith("/login")


class LoginThrottle:
    """Pure ASGI middleware; ``clock`` is injectable so tests can move time without waiting."""

    def __init__(self, app, attempts: int = 5, window_s: float = 300.0, clock=time.monotonic):
        self.app, self.attempts, self.window_s, self.clock = app, max(1, attempts), window_s, clock
        self.failures: OrderedDict[str, deque[float]] = OrderedDict()

    async def __call__(self, scope, receive, send):
        if not is_login(scope):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown",))[0]
        wait = self.retry_after(client)
        if wait > 0:
            seconds = math.ceil(wait)
            refused = JSONResponse({"detail": f"Too many failed logins from this address; try again in "
                                              f"{seconds} s."}, status_code=429, headers={"Retry-After": str(seconds)})
            await refused(scope, receive, send)
            return
        self.count(client)
        status = {}

        async def watch(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if 200 <= status.get("code", 500) < 300:
            self.failures.pop(client, None)

    def retry_after(self, client: str) -> float:
        """Seconds until ``client`` may try again (0: now)."""
        times = self.failures.get(client)
        if not times:
            return 0.0
        now = self.clock()
        while times and now - times[0] >= self.window_s:
            times.popleft()
        if not times:
            self.failures.pop(client, None)
            return 0.0
        return self.window_s - (now - times[0]) if len(times) >= self.attempts else 0.0

    def count(self, client: str) -> None:
        self.failures.setdefault(client, deque()).append(self.clock())
        self.failures.move_to_end(client)
        while len(self.failures) > MAX_CLIENTS:
            self.failures.popitem(last=False)


def login_throttle(attempts: int, window_s: float) -> Middleware:
    return Middleware(LoginThrottle, attempts=attempts, window_s=window_s)
