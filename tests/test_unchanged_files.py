"""Files unchanged since they were indexed are not read again (index/unchanged.py): the rule, file by file.

The unit tests drive ``SourceStamps`` with the real loaders and a real manifest (commits as the indexer makes
them, without vectors); the slow ones run ``Indexer.run`` itself. Old mtimes are set with ``os.utime`` (a file
written a moment ago is "racy" and never recorded), never waited for.
"""
import json
import os
import time

import pytest

from conftest import ARTICLES
from index.article import Chunk
from index.clean import clean_body
from index.loaders import load_targets
from index.manifest import Manifest
from index.unchanged import SourceStamps
from settings import Settings


def aged(path, seconds_ago: float = 3600):
    moment = time.time() - seconds_ago
    os.utime(path, (moment, moment))
    return path


def write_articles(path, titles, body="The council met on Tuesday and approved the budget for the new tram line."):
    rows = [{"title": t, "body": f"{t}. {body}", "source": "Wire", "url": f"https://x.example/{t}"} for t in titles]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return aged(path)


def index_like_the_indexer(settings, manifest, folder, reread=False):
    """What ``Indexer.run`` does with the stamps, minus embedding: read, commit each article, record."""
    stamps = SourceStamps(settings, manifest, reread)
    read = []
    for loaded in load_targets([str(folder)], settings, stamps.unchanged):
        if loaded.unchanged:
            continue
        read.append(os.path.basename(loaded.source))
        for article in loaded.articles:
            article.origin = str(os.path.abspath(article.origin))
            article.body = clean_body(article.body)
            if article.body:
                manifest.commit_article(article, [Chunk(article.id, 0, article.body, 0, len(article.body))],
                                        [f"{article.id}#0"], 0)
        stamps.loaded(str(os.path.abspath(loaded.source)), loaded.articles,
                      bool(loaded.failures) or not all(a.body for a in loaded.articles))
    stamps.record(set())
    return sorted(read), stamps


@pytest.fixture
def home(tmp_path):
    settings = Settings(home=tmp_path / "home")
    return settings, Manifest(settings.manifest_path)


def test_an_unchanged_file_is_not_read_and_its_articles_are_known(tmp_path, home):
    settings, manifest = home
    folder = tmp_path / "src"
    folder.mkdir()
    write_articles(folder / "a.jsonl", ["one", "two"])
    write_articles(folder / "b.jsonl", ["three"])
    assert index_like_the_indexer(settings, manifest, folder)[0] == ["a.jsonl", "b.jsonl"]
    read, stamps = index_like_the_indexer(settings, manifest, folder)
    assert read == []
    assert sorted(stamps.skipped[str(folder / "a.jsonl")]) == ["https://x.example/one", "https://x.example/two"]
    assert index_like_the_indexer(settings, manifest, folder, reread=True)[0] == ["a.jsonl", "b.jsonl"]


def test_a_same_size_edit_is_read_when_the_mtime_moved(tmp_path, home):
    settings, manifest = home
    folder = tmp_path / "src"
    folder.mkdir()
    path = write_articles(folder / "a.jsonl", ["one"])
    index_like_the_indexer(settings, manifest, folder)
    size = path.stat().st_size
    path.write_text(path.read_text().replace("Tuesday", "Thursday"[:7]))  # "Thursda": same length
    aged(path, 1800)
    assert path.stat().st_size == size
    assert index_like_the_indexer(settings, manifest, folder)[0] == ["a.jsonl"]
    assert "Thursda" in manifest.chunk_rows()[0].text


def test_a_file_replaced_with_its_mtime_put_back_is_read(tmp_path, home):
    settings, manifest = home
    folder = tmp_path / "src"
    folder.mkdir()
    path = write_articles(folder / "a.jsonl", ["one"])
    index_like_the_indexer(settings, manifest, folder)
    recorded = path.stat()
    staged = folder / ".a.tmp"  # an editor's atomic save: a new file renamed over the old one
    staged.write_text(path.read_text().replace("Tuesday", "Fridays"))
    os.utime(staged, ns=(recorded.st_atime_ns, recorded.st_mtime_ns))
    os.replace(staged, path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (recorded.st_size, recorded.st_mtime_ns)
    assert index_like_the_indexer(settings, manifest, folder)[0] == ["a.jsonl"]  # another inode
    assert "Fridays" in manifest.chunk_rows()[0].text


def test_a_file_written_just_now_is_read_until_it_is_old_enough(tmp_path, home):
    settings, manifest = home
    folder = tmp_path / "src"
    folder.mkdir()
    path = write_articles(folder / "a.jsonl", ["one"])
    os.utime(path, None)  # mtime now: a write in the same timestamp tick after the read would go unseen
    index_like_the_indexer(settings, manifest, folder)
    assert index_like_the_indexer(settings, manifest, folder)[0] == ["a.jsonl"]
    aged(path)
    index_like_the_indexer(settings, manifest, folder)
    assert index_like_the_indexer(settings, manifest, folder)[0] == []


def test_a_file_with_a_failure_is_always_read(tmp_path, home):
    settings, manifest = home
    folder = tmp_path / "src"
    folder.mkdir()
    path = write_articles(folder / "a.jsonl", ["one"])
    path.write_text(path.read_text() + json.dumps({"title": "empty", "body": "", "url": "https://x.example/e"}) + "\n")
    aged(path)
    for _ in range(2):
        assert index_like_the_indexer(settings, manifest, folder)[0] == ["a.jsonl"]


def test_a_file_is_read_when_the_manifest_no_longer_holds_what_it_yielded(tmp_path, home):
    settings, manifest = home
    folder = tmp_path / "src"
    folder.mkdir()
    write_articles(folder / "a.jsonl", ["one", "two"])
    write_articles(folder / "b.jsonl", ["three"])
    index_like_the_indexer(settings, manifest, folder)
    manifest.delete_article("https://x.example/two")
    assert index_like_the_indexer(settings, manifest, folder)[0] == ["a.jsonl"]
    assert "https://x.example/two" in manifest.records()


def test_other_loading_settings_read_every_file(tmp_path, home):
    settings, manifest = home
    folder = tmp_path / "src"
    folder.mkdir()
    write_articles(folder / "a.jsonl", ["one"])
    index_like_the_indexer(settings, manifest, folder)
    stricter = settings.with_values(index={"max_article_chars": settings.index.max_article_chars - 1})
    assert index_like_the_indexer(stricter, manifest, folder)[0] == ["a.jsonl"]
    assert index_like_the_indexer(stricter, manifest, folder)[0] == []
    assert index_like_the_indexer(settings, manifest, folder)[0] == ["a.jsonl"]  # the other key's rows are gone


# --- through Indexer.run ---------------------------------------------------------------------------
@pytest.mark.slow
def test_indexer_leaves_unchanged_files_unread_and_prune_keeps_their_articles(tmp_path, indexer):
    import shutil

    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)  # copy2 keeps the fixtures' old mtimes
    for path in folder.iterdir():
        aged(path)
    first = indexer.run([str(folder)])
    assert (first.added, first.unread) == (10, 0)
    again = indexer.run([str(folder)])
    assert (again.added, again.updated, again.skipped, again.unread, again.failed) == (0, 0, 10, 7, [])
    assert indexer.run([str(folder)], reread=True).unread == 0
    (folder / "wire.json").unlink()
    pruned = indexer.run([str(folder)], prune=True)
    assert (pruned.deleted, pruned.skipped, pruned.unread) == (2, 8, 6)
    assert Manifest(indexer.settings.manifest_path).stats()["articles"] == 8


@pytest.mark.slow
def test_a_copy_in_an_unread_file_is_indexed_when_its_original_is_pruned(tmp_path, indexer):
    body = " ".join(f"The regional council said sentence {i} about the new tram line budget." for i in range(40))
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(
        [{"title": "Tram budget", "body": body, "source": "Paper A", "url": "https://a.example/tram"}]))
    (folder / "b.json").write_text(json.dumps(
        [{"title": "Tram budget (syndicated)", "body": body + " Copyright Paper B.", "source": "Paper B",
          "url": "https://b.example/tram-copy"}]))
    aged(folder / "a.json")
    aged(folder / "b.json")
    first = indexer.run([str(folder)])
    assert (first.added, first.duplicates) == (1, 1)
    (folder / "a.json").unlink()
    pruned = indexer.run([str(folder)], prune=True)
    assert (pruned.deleted, pruned.added) == (1, 1)  # b.json was unchanged, and read after all for its copy
    assert set(Manifest(indexer.settings.manifest_path).records()) == {"https://b.example/tram-copy"}


def test_the_loader_key_holds_the_parsers_versions_and_survives_missing_sources(monkeypatch):
    from importlib import metadata

    import index.unchanged as unchanged

    settings = Settings()
    key = unchanged.loader_key(settings)
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "0.0" if name == "pypdf" else real(name))
    assert unchanged.loader_key(settings) != key  # another pypdf: every file is read again
    monkeypatch.setattr(unchanged, "_LOADING_CODE", [*unchanged._LOADING_CODE, "loaders/not_installed.py"])
    assert unchanged.loader_key(settings)
