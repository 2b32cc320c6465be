"""PDF and DOCX articles (issue 12) and symlinked subfolders (issue 14, low), on files the tests make.

Loader tests read the files back through ``load_targets``; the CLI test indexes a folder into a real
Chroma store with the real embedding model and asks about the PDF.
"""
import json
import os
import signal
from datetime import datetime, timezone

import pytest

from conftest import run_cli
from documents import write_docx, write_pdf
from index.loaders import load_targets
from index.loaders.budget import INLINE_MAX_CHARS, run_bounded
from index.loaders.common import LoaderError
from settings import Settings

SEA_WALL = ["The Tidewater council voted 7 to 2 on Tuesday to build a 1.4-kilometre sea wall along the",
            "north shore of the bay, after two winters of flooding closed the harbour road for weeks.",
            "Construction starts in May and is paid for by a regional climate fund, the mayor said."]
FERRY = ["Island ferry switches to electric engines",
         "The Gullholm ferry will run on batteries from June, the operator Nordsund Lines said on Monday.",
         "Charging takes eleven minutes at each end of the crossing."]


def load(target, settings=None):
    results = list(load_targets([str(target)], settings or Settings()))
    articles = {r.source.rsplit("/", 1)[-1]: a for r in results for a in r.articles}
    failures = {f.path.rsplit("/", 1)[-1]: f.error for r in results for f in r.failures}
    return articles, failures


def bad_documents(folder):
    """The ways a newsroom's PDF or DOCX goes wrong, one file each."""
    write_pdf(folder / "locked.pdf", [["Embargoed budget figures for the harbour authority."]], password="s3cret")
    write_pdf(folder / "scanned.pdf", [[]])  # a page with no text layer, as a scan has
    (folder / "truncated.pdf").write_bytes(write_pdf(folder / "whole.tmp", [SEA_WALL]).read_bytes()[:300])
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "renamed.pdf").write_bytes(b"Just a text file with the wrong extension.\n")
    (folder / "old-word.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an OLE2 .doc, not a DOCX")
    (folder / "whole.tmp").unlink()


class TestPdf:
    def test_text_layer_and_metadata(self, tmp_path):
        write_pdf(tmp_path / "sea-wall.pdf", [["Tidewater approves sea wall", *SEA_WALL], ["Page two: the vote."]],
                  title="Tidewater approves sea wall", author="Ada Lin", created="D:20240305120000Z")
        articles, failures = load(tmp_path / "sea-wall.pdf")
        article = articles["sea-wall.pdf"]
        assert failures == {}
        assert article.title == "Tidewater approves sea wall" and article.author == "Ada Lin"
        assert article.published_at == datetime(2024, 3, 5, 12, tzinfo=timezone.utc)
        first, second, third = article.body.split("\n")[:3]  # the title line is not repeated in the body
        assert first == " ".join(SEA_WALL[:2])  # wrapped lines re-joined into one paragraph
        assert second == SEA_WALL[2] and third == "Page two: the vote."
        assert article.id.startswith("file://") and article.id.endswith("sea-wall.pdf")

    def test_without_metadata_the_first_line_is_the_title(self, tmp_path):
        write_pdf(tmp_path / "plain.pdf", [["Tidewater approves sea wall", *SEA_WALL]])
        articles, _ = load(tmp_path / "plain.pdf")
        assert articles["plain.pdf"].title == "Tidewater approves sea wall"
        assert articles["plain.pdf"].published_at is None and articles["plain.pdf"].author == ""

    def test_each_bad_document_fails_alone_with_its_reason(self, tmp_path):
        bad_documents(tmp_path)
        write_pdf(tmp_path / "good.pdf", [["Tidewater approves sea wall", *SEA_WALL]])
        write_docx(tmp_path / "good.docx", FERRY)
        articles, failures = load(tmp_path)
        assert sorted(articles) == ["good.docx", "good.pdf"]
        assert "password-protected" in failures["locked.pdf"]
        assert "no text layer" in failures["scanned.pdf"] and "OCR" in failures["scanned.pdf"]
        assert "damaged or unreadable PDF" in failures["truncated.pdf"]
        assert failures["empty.pdf"] == "empty.pdf: the file is empty"
        assert "not a PDF" in failures["renamed.pdf"]
        assert "not a DOCX" in failures["old-word.docx"]
        assert len(failures) == 6


def die(data: bytes) -> dict:
    """A parser that dies as one killed for memory would (runs in the budget's worker process)."""
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_parser_worker_that_dies_fails_that_file_only():
    """Was: BrokenProcessPool escaped run_bounded and ended the whole run (PDFs over 30 KB parse there)."""
    with pytest.raises(LoaderError, match="huge.pdf: the parser's worker process died on it"):
        run_bounded(die, (b"x",), INLINE_MAX_CHARS + 1, 30, "huge.pdf")
    assert run_bounded(len, (b"next file",), INLINE_MAX_CHARS + 1, 30, "next.pdf") == 9  # a fresh worker


class TestDocx:
    def test_paragraphs_tables_and_core_properties(self, tmp_path):
        write_docx(tmp_path / "ferry.docx", FERRY[1:], title=FERRY[0], author="Nils Berg",
                   created=datetime(2024, 6, 3, 9, 30, tzinfo=timezone.utc), table=[["Route", "Minutes"],
                                                                                   ["Gullholm", "25"]])
        articles, failures = load(tmp_path / "ferry.docx")
        article = articles["ferry.docx"]
        assert failures == {} and article.title == FERRY[0] and article.author == "Nils Berg"
        assert article.published_at == datetime(2024, 6, 3, 9, 30, tzinfo=timezone.utc)
        assert article.body.split("\n") == [*FERRY[1:], "Route | Minutes", "Gullholm | 25"]

    def test_generator_template_stamps_are_not_metadata(self, tmp_path):
        """python-docx stamps author 'python-docx' and 2013-12-23 on every blank document it makes."""
        write_docx(tmp_path / "ferry.docx", FERRY)
        article = load(tmp_path / "ferry.docx")[0]["ferry.docx"]
        assert article.title == FERRY[0] and article.body.split("\n") == FERRY[1:]
        assert article.author == "" and article.published_at is None


@pytest.mark.slow
def test_cli_indexes_documents_and_answers_from_the_pdf(tmp_path):
    """`newsdesk index` on a folder of good and bad documents: the good ones are answerable, each bad one
    is reported by name, and the run says it failed (exit 1) without losing the rest."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    bad_documents(folder)
    write_pdf(folder / "sea-wall.pdf", [SEA_WALL], title="Tidewater approves sea wall", author="Ada Lin",
              created="D:20240305120000Z")
    write_docx(folder / "ferry.docx", FERRY[1:], title=FERRY[0])
    home = tmp_path / "home"
    done = run_cli(["index", str(folder), "--json"], home)
    assert done.returncode == 1, done.stderr
    result = json.loads(done.stdout)
    assert result["added"] == 2 and len(result["failed"]) == 6
    assert {f["path"].rsplit("/", 1)[-1] for f in result["failed"]} == {
        "locked.pdf", "scanned.pdf", "truncated.pdf", "empty.pdf", "renamed.pdf", "old-word.docx"}
    asked = run_cli(["ask", "How long will the Tidewater sea wall be?", "--json"], home)
    answer = json.loads(asked.stdout)
    assert not answer["abstained"] and "1.4-kilometre" in answer["answer"]
    assert answer["citations"][0]["title"] == "Tidewater approves sea wall"
    assert answer["citations"][0]["published_at"].startswith("2024-03-05")
    assert answer["plain_text"].endswith("\n\nSources:\n[1] No outlet, 2024-03-05, “Tidewater approves sea wall”")


class TestSymlinkedSubfolders:
    def make_tree(self, tmp_path):
        root, elsewhere = tmp_path / "desk", tmp_path / "elsewhere"
        root.mkdir()
        elsewhere.mkdir()
        (root / "bridge.txt").write_text("Harbor Bridge reopens\nThe bridge reopened on Monday after repairs.\n")
        (elsewhere / "ferry.txt").write_text("Ferry timetable changes\nThe ferry leaves at 7:40 from June.\n")
        (root / "wire").symlink_to(elsewhere, target_is_directory=True)
        return root

    def test_listed_as_skipped_with_the_reason(self, tmp_path):
        """Was: the symlinked folder was skipped without a word."""
        root = self.make_tree(tmp_path)
        results = list(load_targets([str(root)], Settings()))
        skipped = [s for r in results for s in r.skipped_paths]
        assert [s.path for s in skipped] == [str(root / "wire")]
        assert "symlink to a folder" in skipped[0].error and str(tmp_path / "elsewhere") in skipped[0].error
        assert [a.title for r in results for a in r.articles] == ["Harbor Bridge reopens"]
        assert not any(r.failures for r in results)

    def test_prune_leaves_what_lies_under_it(self, tmp_path, indexer):
        """An article indexed through the link's path is not pruned by a run that did not look inside it
        (was: deleted, since the listing of the root never showed it)."""
        root = self.make_tree(tmp_path)
        assert indexer.run([str(root / "wire" / "ferry.txt")]).added == 1
        result = indexer.run([str(root)], prune=True)
        assert result.added == 1 and result.deleted == 0 and result.failed == []
        assert [s.path for s in result.skipped_paths] == [str(root / "wire")]
        assert result.as_json()["skipped_paths"][0]["reason"].startswith("a symlink to a folder")
        assert len(indexer.manifest.records()) == 2

    def test_cli_prints_the_skip_and_succeeds(self, tmp_path):
        root = self.make_tree(tmp_path)
        done = run_cli(["index", str(root)], tmp_path / "home")
        assert done.returncode == 0, done.stderr
        assert f"– skipped {root / 'wire'}: a symlink to a folder" in done.stdout
