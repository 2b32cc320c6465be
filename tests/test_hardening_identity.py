"""Issue 14 #7 and #8: an article's URL is its identity and another source cannot take it over; a
syndicated copy becomes the article when its original is pruned."""
import json

from conftest import ARTICLES

LIBRARY_URL = "https://eastgate-gazette.example/library-approved"


def test_a_different_source_cannot_swap_in_text_under_an_existing_url(tmp_path, indexer):
    assert indexer.run([str(ARTICLES / "wire.jsonl")]).added == 2
    forged = tmp_path / "upload.json"
    forged.write_text(json.dumps({"title": "City council approves new library in Eastgate",
                                  "body": "The council cancelled the library. Councillor Lind resigned in disgrace.",
                                  "source": "Eastgate Gazette", "url": LIBRARY_URL}))
    result = indexer.run([str(forged)])  # before the fix: "updated 1", the forged text replaced the story
    assert (result.added, result.updated) == (0, 0)
    assert "claims the url" in result.failed[0].error and "wire.jsonl" in result.failed[0].error
    texts = [row.text for row in indexer.manifest.chunk_rows()]
    assert not any("disgrace" in t for t in texts) and any("9 to 2" in t for t in texts)
    again = indexer.run([str(ARTICLES / "wire.jsonl")])  # its own source still updates it
    assert again.skipped == 2 and not again.failed


def test_syndicated_copy_promoted_when_its_original_is_pruned(tmp_path, indexer):
    body = " ".join(f"The regional council said sentence {i} about the new tram line budget." for i in range(40))
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"title": "Tram budget", "body": body, "source": "Paper A",
                                               "url": "https://a.example/tram"}))
    (folder / "b.json").write_text(json.dumps({"title": "Tram budget (syndicated)", "body": body + " Copyright B.",
                                               "source": "Paper B", "url": "https://b.example/tram-copy"}))
    first = indexer.run([str(folder)])
    assert (first.added, first.duplicates) == (1, 1)
    (folder / "a.json").unlink()
    pruned = indexer.run([str(folder)], prune=True)  # before the fix: the copy stayed a "skipped" copy forever
    assert (pruned.deleted, pruned.added) == (1, 1)
    stats = indexer.manifest.stats()
    assert (stats["articles"], stats["duplicates"], stats["sources"]) == (1, 0, {"Paper B": 1})
    assert indexer.run([str(folder)], prune=True).skipped == 1
