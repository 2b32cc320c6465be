"""JSON and JSONL in the common news schema.

Accepts a list of articles, one article object, an object with an ``articles``/``items``/``data`` list,
or JSON Lines. Body may be called body, text or content; date may be published_at or date.
One bad record fails alone: the others still load.
"""
from __future__ import annotations

import json
from pathlib import Path

from index.article import Article, LoadFailure, LoadResult
from index.loaders.common import LoaderError, make_article, path_id

LIST_KEYS = ("articles", "items", "data", "results")
_REPORTED = object()  # a JSONL line already reported as invalid


def load_json(path: Path, text: str) -> LoadResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoaderError(f"{path.name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise LoaderError(f"{path.name}: JSON nested too deeply to be an article list") from None
    return _load_records(path, _records(data, path.name), "record")


def load_jsonl(path: Path, text: str) -> LoadResult:
    records: list[object] = []
    bad: list[LoadFailure] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except (json.JSONDecodeError, RecursionError):
            bad.append(LoadFailure(f"{path}:{number}", f"line {number} is not valid JSON"))
            records.append(_REPORTED)
    result = _load_records(path, records, "line")
    result.failures.extend(bad)
    return result


def _records(data: object, name: str) -> list[object]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in LIST_KEYS:
            if isinstance(data.get(key), list):
                return data[key]
        return [data]
    raise LoaderError(f"{name}: expected an article object or a list of articles, found {type(data).__name__}")


def _load_records(path: Path, records: list[object], unit: str) -> LoadResult:
    result = LoadResult()
    for number, record in enumerate(records, start=1):
        if record is _REPORTED:
            continue
        where = f"{path}:{number}"
        try:
            result.articles.append(_article(record, path, number, unit))
        except LoaderError as exc:
            result.failures.append(LoadFailure(where, str(exc)))
    return result


def _article(record: object, path: Path, number: int, unit: str) -> Article:
    if not isinstance(record, dict):
        kind = "null" if record is None else f"a {type(record).__name__}"
        raise LoaderError(f"{unit} {number} is {kind}, not an article object")
    fallback = path_id(path, str(number))
    try:
        return make_article(record, str(path), fallback)
    except LoaderError as exc:
        raise LoaderError(f"{unit} {number}: {str(exc).split(': ', 1)[-1]}") from None
