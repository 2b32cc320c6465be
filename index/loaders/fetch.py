"""Fetching http(s) URLs with a timeout and a size limit; errors worded for a person."""
from __future__ import annotations

from dataclasses import dataclass

import httpx

from index.loaders.common import LoaderError, is_http_url

USER_AGENT = "Newsdesk/0.1 (+https://github.com/newsdesk)"


@dataclass
class Fetched:
    url: str
    content: bytes
    content_type: str


def fetch(url: str, timeout_s: float, max_bytes: int) -> Fetched:
    if not is_http_url(url):
        raise LoaderError(f"{url}: only http(s) URLs can be fetched")
    try:
        with httpx.Client(timeout=timeout_s, follow_redirects=True, max_redirects=5,
                          headers={"User-Agent": USER_AGENT}) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise LoaderError(f"{url}: the server answered HTTP {response.status_code}")
                declared = int(response.headers.get("content-length") or 0)
                if declared > max_bytes:
                    raise LoaderError(f"{url}: page is {declared:,} bytes, over the {max_bytes:,}-byte limit")
                content = _read_limited(response, url, max_bytes)
                return Fetched(str(response.url), content, response.headers.get("content-type", ""))
    except httpx.TimeoutException:
        raise LoaderError(f"{url}: no answer within {timeout_s:g} s") from None
    except httpx.TooManyRedirects:
        raise LoaderError(f"{url}: too many redirects") from None
    except httpx.HTTPError as exc:
        raise LoaderError(f"{url}: could not connect ({exc.__class__.__name__})") from None


def _read_limited(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    buffer = bytearray()
    for piece in response.iter_bytes():
        buffer.extend(piece)
        if len(buffer) > max_bytes:
            raise LoaderError(f"{url}: page is larger than the {max_bytes:,}-byte limit; stopped reading")
    return bytes(buffer)
