"""Fetching http(s) URLs safely; errors worded for a person.

Invariants (see ``index.loaders.netguard``):
- only http and https, on every hop: redirects are followed here, one at a time, and each target is
  checked again (scheme, then its addresses when the connection opens);
- internal addresses are refused unless allowed by ``NEWSDESK_FETCH_ALLOWED_HOSTS``;
- ``timeout_s`` is a deadline for the whole fetch (all hops, every byte), and at most ``max_bytes`` are read.
"""
from __future__ import annotations

from dataclasses import dataclass

import httpx

from index.loaders.common import LoaderError, is_http_url
from index.loaders.netguard import AddressPolicy, AddressRefused, Deadline, DeadlinePassed, guarded_transport

USER_AGENT = "Newsdesk/0.1 (+https://github.com/newsdesk)"
MAX_REDIRECTS = 5


@dataclass
class Fetched:
    url: str
    content: bytes
    content_type: str


def fetch(url: str, timeout_s: float, max_bytes: int, allowed_hosts: str = "") -> Fetched:
    if not is_http_url(url):
        raise LoaderError(f"{url}: only http(s) URLs can be fetched")
    deadline = Deadline(timeout_s)
    try:
        with httpx.Client(transport=guarded_transport(AddressPolicy.parse(allowed_hosts), deadline),
                          timeout=timeout_s, follow_redirects=False, trust_env=False,
                          headers={"User-Agent": USER_AGENT}) as client:
            return _follow(client, url, deadline, max_bytes)
    except (httpx.TimeoutException, DeadlinePassed):
        raise LoaderError(f"{url}: no complete answer within {timeout_s:g} s") from None
    except httpx.ConnectError as exc:
        if isinstance(exc.__cause__, AddressRefused) or "NEWSDESK_FETCH_ALLOWED_HOSTS" in str(exc):
            raise LoaderError(f"{url}: refused: {exc}") from None
        raise LoaderError(f"{url}: could not connect ({exc.__class__.__name__})") from None
    except httpx.HTTPError as exc:
        raise LoaderError(f"{url}: could not connect ({exc.__class__.__name__})") from None


def _follow(client: httpx.Client, url: str, deadline: Deadline, max_bytes: int) -> Fetched:
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        with client.stream("GET", current, timeout=deadline.cap(None)) as response:
            if response.is_redirect:
                current = _redirect_target(url, response)
                continue
            if response.status_code >= 400:
                raise LoaderError(f"{url}: the server answered HTTP {response.status_code}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > max_bytes:
                raise LoaderError(f"{url}: page is {declared:,} bytes, over the {max_bytes:,}-byte limit")
            content = _read_limited(response, url, max_bytes)
            return Fetched(str(response.url), content, response.headers.get("content-type", ""))
    raise LoaderError(f"{url}: too many redirects (more than {MAX_REDIRECTS})")


def _redirect_target(url: str, response: httpx.Response) -> str:
    target = str(response.url.join(response.headers.get("location", "")))
    if not is_http_url(target):
        raise LoaderError(f"{url}: redirected to {target[:200]}, which is not an http(s) URL; refused")
    return target


def _read_limited(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    buffer = bytearray()
    for piece in response.iter_bytes():
        buffer.extend(piece)
        if len(buffer) > max_bytes:
            raise LoaderError(f"{url}: page is larger than the {max_bytes:,}-byte limit; stopped reading")
    return bytes(buffer)
