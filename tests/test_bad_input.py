"""Thirty-odd kinds of bad or odd input, indexed in one run: each bad one is reported in words,
each good one (also good lines of a mixed file) is indexed and answerable. The run happens once per module;
each input is its own test case, so one wrong report does not hide the others."""
import json
import os
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import run_cli

pytestmark = pytest.mark.slow  # one CLI index run (the embedding model) and five CLI questions

GOOD = "The {name} opened a new {thing} on Monday, officials said. It cost {n} million dollars to build."


def good(name, thing, n):
    return GOOD.format(name=name, thing=thing, n=n)


def write_bad_corpus(root):
    bad = {
        "empty.txt": b"",
        "whitespace.md": b"   \n\t\n  ",
        "random-bytes.txt": os.urandom(4096),
        "nul-bytes.txt": b"Title\x00\x00body",
        "truncated.json": b'[{"title": "Cut", "body": "Cut of',
        "wrong-shape.json": b"42",
        "list-of-numbers.json": b"[1, 2, 3]",
        "no-body.json": json.dumps({"title": "Headline only"}).encode(),
        "body-not-text.json": json.dumps({"title": "Weird", "body": {"nested": True}}).encode(),
        "nested.json": ("[" * 100000 + "]" * 100000).encode(),
        "bad-front-matter.md": b"---\ntitle: [unclosed\n---\nBody text here.",
        "unterminated-front-matter.md": b"---\ntitle: x\nno end marker",
        "malformed-feed.rss": b"<rss><channel><item><title>broken",
        "fake.pdf.txt": b"%PDF-1.7\n\x00\x01binary",
        "only-boilerplate.txt": b"Title\nREAD ALSO: other story\nVladimir Putin\n",
        "script-only.html": b"<html><head><script>alert(1)</script></head><body></body></html>",
        "damaged.docx": b"PK\x03\x04",
        "unknown.odt": b"PK\x03\x04",
    }
    for name, data in bad.items():
        (root / name).write_bytes(data)
    (root / "a folder.json").mkdir()  # a directory where a file is expected
    (root / "loop").mkdir()
    os.symlink(root / "loop", root / "loop" / "again")  # symlink loop
    os.symlink(root / "missing-target.txt", root / "dangling.txt")
    good_files = {
        "latin1.txt": ("Latin-1 café article\n" + good("Café Müller", "bakery", 2)).encode("latin-1"),
        "utf16.txt": ("UTF-16 article\n" + good("Zoë Harbour", "pier", 3)).encode("utf-16"),
        "bom-crlf.md": ("\ufeff---\r\ntitle: BOM article\r\n---\r\n" + good("Brightwater", "school", 4)).encode(),
        "ünïcode name with spaces.txt": ("Unicode name\n" + good("Łódź Quay", "market", 5)).encode(),
        "impossible-date.json": json.dumps({"title": "Odd dates", "body": good("Eastmoor", "clinic", 6),
                                            "published_at": "2023-02-30"}).encode(),
        "far-future.json": json.dumps({"title": "Future", "body": good("Northgate", "tram", 7),
                                       "published_at": "3024-01-01"}).encode(),
        "huge-headline.json": json.dumps({"title": "H" * 100_000, "body": good("Westfield", "pool", 8)}).encode(),
        "xss.html": (b"<html><head><title>Library <img src=x onerror=alert(1)></title></head><body><article>"
                     b"<p onclick=\"alert(2)\">" + good("Kingsbay", "library", 9).encode() +
                     b"</p><script>alert(3)</script></article></body></html>"),
    }
    for name, data in good_files.items():
        (root / name).write_bytes(data)
    lines = [json.dumps({"title": "Good line", "body": good("Riverton", "bridge", 10)}), "{not json",
             json.dumps({"title": "No body here"}),
             json.dumps({"title": "Another good", "text": good("Oakham", "museum", 11)})]
    (root / "mixed.jsonl").write_text("\n".join(lines))
    (root / "same-url.jsonl").write_text("\n".join(
        json.dumps({"title": t, "body": good(n, "farm", 12), "url": "https://dup.example/1"})
        for t, n in (("First claim", "Ashby"), ("Second claim", "Burford"))))
    (root / "one-long-line.txt").write_text("Long line\n" + ("word " * 1_000_000))  # a 5 MB single line
    return 11  # good articles expected: 8 files + 2 jsonl lines + 1 url winner


class Hostile(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/huge"):  # claims nothing, streams forever: the size limit must stop it
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.end_headers()
            try:
                for _ in range(100_000):
                    self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/feed":
            port = self.server.server_address[1]
            items = "".join(f"<item><title>Linked {i}</title><link>http://127.0.0.1:{port}/huge?{i}</link>"
                            f"<description>Feed summary {i} about the harbour festival.</description></item>"
                            for i in range(2))
            data = f"<?xml version='1.0'?><rss version='2.0'><channel><title>Loop Feed</title>{items}</channel></rss>"
            self.send_response(200)
            self.send_header("content-type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(data.encode())
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def hostile_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@dataclass
class Run:
    returncode: int
    stderr: str
    result: dict
    errors: dict[str, str]  # input name -> its reported error(s), " | "-joined
    expected_good: int
    home: object


@pytest.fixture(scope="module")
def run(tmp_path_factory, hostile_server) -> Run:
    tmp_path = tmp_path_factory.mktemp("bad-input")
    root = tmp_path / "bad"
    root.mkdir()
    expected_good = write_bad_corpus(root)
    targets = [str(root), f"{hostile_server}/huge", f"{hostile_server}/feed", f"{hostile_server}/missing",
               "http://127.0.0.1:9/unreachable", str(root / "a folder.json"), "ftp://example.com/x",
               str(root / "unknown.odt")]  # unknown types are skipped inside folders, refused when named
    env = {"NEWSDESK_FETCH_LINKED_PAGES": "true", "NEWSDESK_FETCH_MAX_BYTES": "2000000",
           "NEWSDESK_FETCH_TIMEOUT_S": "5", "NEWSDESK_FETCH_ALLOWED_HOSTS": "127.0.0.1"}  # the test server is loopback
    done = run_cli(["index", *targets, "--json"], tmp_path / "home", extra_env=env)
    result = json.loads(done.stdout)
    errors: dict[str, str] = {}
    for failure in result["failed"]:
        name = failure["path"].rsplit("/", 1)[-1].split(":")[0].split("#")[0]
        errors[name] = " | ".join(filter(None, [errors.get(name), failure["error"]]))
    return Run(done.returncode, done.stderr, result, errors, expected_good, tmp_path / "home")


def test_the_run_reports_failures_and_goes_on(run):
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert len(run.result["failed"]) >= 20
    assert run.result["added"] == run.expected_good + 2  # + the two feed entries, from their own summaries
    assert all(len(e.split(" | ")[0]) < 300 for e in run.errors.values())


# (the input's name as its failure is reported, words the report must contain)
BAD_INPUTS = [
    ("empty.txt", "empty"),
    ("whitespace.md", "empty"),
    ("random-bytes.txt", "text"),  # NUL bytes (binary, not a text article), or else undecodable: not text
    ("nul-bytes.txt", "NUL"),
    ("fake.pdf.txt", "NUL"),
    ("truncated.json", "not valid JSON"),
    ("wrong-shape.json", "expected an article object"),
    ("list-of-numbers.json", "not an article object"),
    ("no-body.json", "no body"),
    ("body-not-text.json", "not text"),
    ("nested.json", "nested too deeply"),
    ("bad-front-matter.md", "front matter"),
    ("unterminated-front-matter.md", "never ends"),
    ("malformed-feed.rss", "no body"),
    ("only-boilerplate.txt", "no text left"),
    ("script-only.html", "no article text"),
    ("damaged.docx", "not a DOCX"),
    ("unknown.odt", "unsupported file type"),
    ("a folder.json", "folder"),
    ("dangling.txt", "broken symlink"),
    ("one-long-line.txt", "over the 1,000,000 limit"),
    ("mixed.jsonl", "not valid JSON"),
    ("same-url.jsonl", "claims the url"),
    ("huge", "limit"),
    ("missing", "HTTP 404"),
    ("unreachable", "connect"),
    ("x", "only http(s)"),
]


@pytest.mark.parametrize("name, says", BAD_INPUTS, ids=[name for name, _ in BAD_INPUTS])
def test_each_bad_input_is_reported_in_words(run, name, says):
    assert name in run.errors and says in run.errors[name], run.errors.get(name, "not reported")


GOOD_INPUTS = [("What did Café Müller open?", "bakery"), ("What did Zoë Harbour open?", "pier"),
               ("What did Riverton open?", "bridge"), ("What did Oakham open?", "museum"),
               ("What did Kingsbay open?", "library")]


@pytest.mark.parametrize("question, expected", GOOD_INPUTS)
def test_each_good_input_is_answerable(run, question, expected):
    answer = json.loads(run_cli(["ask", question, "--json"], run.home).stdout)
    assert expected in answer["answer"], answer
