"""Helpers every loader shares: decoding bytes, parsing dates, building an Article."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from index.article import Article

MAX_TITLE_CHARS = 500
MAX_DATE_CHARS = 100  # a real date is far shorter; dateparser is slow on long text (50 KB took 24 s)
_FAR_FUTURE_YEARS = 2


class LoaderError(ValueError):
    """A problem with one input, worded for a person."""


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes as text: UTF-8 (with or without BOM), UTF-32 or UTF-16 with BOM, else Windows-1252
    (smart quotes) or Latin-1 when it looks textual."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise LoaderError(f"{name}: claims {codec.upper()} but is not valid {codec.upper()}") from exc
    if b"\x00" in data:
        raise LoaderError(f"{name}: contains NUL bytes, so it is binary, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:  # bytes cp1252 leaves undefined
            text = data.decode("latin-1")
        if _control_share(text) > 0.05:
            raise LoaderError(f"{name}: not text (undecodable bytes); is it really a text file?") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t") or 0x7F <= ord(ch) < 0xA0)
    return controls / len(text)


def parse_date(value: Any) -> datetime | None:
    """Parse a published date; None when absent or impossible. Date-only values become midnight UTC."""
    if value is None or value == "" or str(value).strip().lower() in {"none", "null"}:
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):  # YAML reads an unquoted 2025-01-20 as a date
        parsed = datetime(value.year, value.month, value.day)
    else:
        if not isinstance(value, (str, int, float)) or len(str(value)) > MAX_DATE_CHARS:
            return None
        text_date = _parse_date_text(str(value).strip())
        if text_date is None:
            return None
        parsed = text_date
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    if parsed.year < 1800 or parsed.year > datetime.now(timezone.utc).year + _FAR_FUTURE_YEARS:
        return None
    return parsed


def _parse_date_text(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    import dateparser  # slow import; only for free-form dates

    return dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"})


def clean_field(value: Any, limit: int = 2000) -> str:
    if value is None:
        return ""
    text = re.sub(r"\s+", " ", str(value)[:limit * 4]).strip()  # bounded before the regex
    return "" if text.lower() in {"none", "null"} else text[:limit]


def is_http_url(value: str) -> bool:
    return bool(re.match(r"^https?://[^\s/]+", value or "", re.IGNORECASE))


def make_article(fields: dict[str, Any], origin: str, fallback_id: str) -> Article:
    """Build an Article from loose fields; raise LoaderError when there is no body."""
    body = fields.get("body") or fields.get("text") or fields.get("content") or ""
    if not isinstance(body, str):
        raise LoaderError(f"{fallback_id}: the article body is not text")
    if not body.strip():
        raise LoaderError(f"{fallback_id}: the article has no body text")
    url = clean_field(fields.get("url") or fields.get("link"))
    url = url if is_http_url(url) else ""
    title = clean_field(fields.get("title"), MAX_TITLE_CHARS) or _title_from_body(body)
    return Article(
        id=url or fallback_id,
        title=title,
        body=body,
        source=clean_field(fields.get("source"), 200),
        url=url,
        author=clean_field(fields.get("author"), 300),
        published_at=parse_date(fields.get("published_at") or fields.get("date") or fields.get("published")),
        origin=origin,
    )


def _title_from_body(body: str) -> str:
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    return first[:MAX_TITLE_CHARS]


def path_id(path: Path, suffix: str = "") -> str:
    base = f"file://{path.resolve()}"
    return f"{base}#{suffix}" if suffix else base
