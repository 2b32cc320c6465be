"""Reindexing: the four cases with exact counts, failures, duplicates, JSON output, stats."""
import json
import shutil

import pytest

from conftest import ARTICLES, run_cli
from index.manifest import Manifest

pytestmark = pytest.mark.slow  # indexing with the embedding model, and the CLI


def copy_fixtures(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    return folder


def chroma_count(indexer):
    return indexer.store.count()


class TestReindex:
    def test_add_skip_update_prune(self, tmp_path, indexer):
        folder = copy_fixtures(tmp_path)
        first = indexer.run([str(folder)])
        assert (first.added, first.updated, first.skipped, first.deleted, first.failed) == (10, 0, 0, 0, [])
        chunks = chroma_count(indexer)
        assert chunks == Manifest(indexer.settings.manifest_path).stats()["chunks"] >= 10

        again = indexer.run([str(folder)])
        assert (again.added, again.updated, again.skipped, again.deleted) == (0, 0, 10, 0)
        assert chroma_count(indexer) == chunks

        path = folder / "vaccine-trial.txt"
        path.write_text(path.read_text().replace("1,500 adults", "2,000 adults"))
        changed = indexer.run([str(folder)])
        assert (changed.added, changed.updated, changed.skipped) == (0, 1, 9)
        texts = indexer.store.collection.get(where={"article_id": f"file://{path}"})["documents"]
        assert any("2,000 adults" in t for t in texts) and not any("1,500" in t for t in texts)
        assert chroma_count(indexer) == chunks

        (folder / "wire.json").unlink()
        kept = indexer.run([str(folder)])
        assert kept.deleted == 0 and Manifest(indexer.settings.manifest_path).stats()["articles"] == 10
        pruned = indexer.run([str(folder)], prune=True)
        assert (pruned.added, pruned.skipped, pruned.deleted) == (0, 8, 2)
        assert Manifest(indexer.settings.manifest_path).stats()["articles"] == 8
        assert indexer.store.collection.get(where={"source": "Metro Wire"})["ids"] == []

    def test_syndicated_copy_is_recorded_not_indexed(self, tmp_path, indexer):
        body = " ".join(f"The regional council said sentence {i} about the new tram line budget." for i in range(40))
        (tmp_path / "a.json").write_text(json.dumps(
            [{"title": "Tram budget", "body": body, "source": "Paper A", "url": "https://a.example/tram"},
             {"title": "Tram budget (syndicated)", "body": body + " Copyright Paper B.", "source": "Paper B",
              "url": "https://b.example/tram-copy"}]))
        result = indexer.run([str(tmp_path / "a.json")])
        assert (result.added, result.skipped, result.duplicates) == (1, 1, 1)
        stats = Manifest(indexer.settings.manifest_path).stats()
        assert stats["articles"] == 1 and stats["duplicates"] == 1
        assert indexer.run([str(tmp_path / "a.json")]).skipped == 2

    def test_two_articles_claiming_one_url(self, tmp_path, indexer):
        (tmp_path / "a.jsonl").write_text(
            json.dumps({"title": "One", "body": "First story text.", "url": "https://x.example/1"}) + "\n" +
            json.dumps({"title": "Two", "body": "A different story.", "url": "https://x.example/1"}) + "\n")
        result = indexer.run([str(tmp_path / "a.jsonl")])
        assert result.added == 1 and len(result.failed) == 1
        assert "claims the url https://x.example/1" in result.failed[0].error


class TestIndexCli:
    def test_json_output_exit_status_and_stats(self, tmp_path):
        folder = copy_fixtures(tmp_path)
        (folder / "broken.json").write_text('{"title": "x", ')
        (folder / "empty.txt").write_text("   \n")
        home = tmp_path / "home"
        done = run_cli(["index", str(folder), "--json"], home)
        assert done.returncode == 1, done.stderr
        result = json.loads(done.stdout)
        assert set(result) == {"added", "updated", "skipped", "deleted", "failed", "skipped_paths", "unread_files"}
        assert result["added"] == 10
        failed = {f["path"].rsplit("/", 1)[-1]: f["error"] for f in result["failed"]}
        assert "not valid JSON" in failed["broken.json"] and "empty" in failed["empty.txt"]
        assert "Traceback" not in done.stderr

        stats = json.loads(run_cli(["stats", "--json"], home).stdout)
        assert stats["articles"] == 10 and stats["sources"]["Metro Wire"] == 2
        assert stats["first_published"].startswith("2024-02-02") and stats["last_indexed"]

        readable = run_cli(["index", str(folder / "wire.json")], home)
        assert readable.returncode == 0 and "skipped 2" in readable.stdout
