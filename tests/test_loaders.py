"""Every loader on real fixture files."""
from datetime import datetime, timezone

import pytest

from conftest import ARTICLES
from index.loaders import load_targets
from index.loaders.common import LoaderError, decode_text, parse_date
from settings import Settings


def load(path, settings=None):
    results = list(load_targets([str(path)], settings or Settings()))
    return [a for r in results for a in r.articles], [f for r in results for f in r.failures]


class TestTextLoader:
    def test_front_matter_gives_metadata(self):
        (article,), failures = load(ARTICLES / "harbor-bridge.md")
        assert failures == []
        assert article.title == "Harbor Bridge reopens after two-year repair"
        assert article.source == "Coastal Ledger" and article.author == "Mara Quint"
        assert article.id == article.url == "https://coastal-ledger.example/2024/03/harbor-bridge-reopens"
        assert article.published_at.utcoffset().total_seconds() == -4 * 3600
        assert article.body.startswith("The Harbor Bridge in Port Alder")

    def test_first_line_is_title_without_front_matter(self):
        (article,), _ = load(ARTICLES / "vaccine-trial.txt")
        assert article.title == "Regional hospital begins malaria vaccine trial"
        assert article.id.startswith("file://") and article.id.endswith("vaccine-trial.txt")
        assert "Dr. Ines Varga" in article.body and "Regional hospital begins" not in article.body
        assert article.published_at is None and article.source == ""


class TestJsonLoaders:
    def test_json_list_with_body_and_text_fields(self):
        articles, failures = load(ARTICLES / "wire.json")
        assert failures == []
        assert [a.title for a in articles] == ["Lumen Motors recalls 48,000 electric scooters",
                                              "Glasshouse Records signs singer Noor Adebayo"]
        assert articles[1].body.startswith("Glasshouse Records has signed")
        assert articles[1].published_at == datetime(2024, 5, 10, tzinfo=timezone.utc)

    def test_jsonl_with_content_field_and_offsets(self):
        articles, _ = load(ARTICLES / "wire.jsonl")
        assert len(articles) == 2 and articles[0].body.startswith("The city council voted 9 to 2")
        assert articles[1].published_at.utcoffset().total_seconds() == 2 * 3600

    def test_one_bad_jsonl_line_fails_alone(self, tmp_path):
        path = tmp_path / "mixed.jsonl"
        path.write_text('{"title": "Good", "body": "A good article body."}\n{broken\n'
                        '{"title": "No body"}\n{"title": "Also good", "text": "More text here."}\n')
        articles, failures = load(path)
        assert [a.title for a in articles] == ["Good", "Also good"]
        reasons = sorted(f.error for f in failures)
        assert reasons == ["line 2 is not valid JSON", "line 3: the article has no body text"]

    @pytest.mark.skipif(not (ARTICLES.parents[2].parent / "shared/data/multihoprag/corpus.json").exists(),
                        reason="MultiHop-RAG corpus not present")
    def test_multihop_corpus_loads_as_is(self):
        articles, failures = load(ARTICLES.parents[2].parent / "shared/data/multihoprag/corpus.json")
        assert len(articles) == 609 and failures == []
        assert all(a.url and a.source and a.published_at.tzinfo for a in articles)
        assert sum(1 for a in articles if a.author) < 609  # "None" authors become empty


class TestHtmlLoader:
    def test_main_text_and_metadata(self):
        (article,), _ = load(ARTICLES / "observatory.html")
        assert article.title == "Observatory spots new comet"
        assert article.source == "Skyward Times" and article.author == "Leona Park"
        assert article.published_at.date().isoformat() == "2024-02-02"
        assert "Kestrel Ridge Observatory" in article.body
        for boilerplate in ("alert(", "Subscribe", "All rights reserved"):
            assert boilerplate not in article.body


class TestFeedLoader:
    def test_rss_entries_become_articles(self):
        articles, failures = load(ARTICLES / "farm-news.rss")
        assert failures == [] and len(articles) == 2
        wheat = articles[0]
        assert wheat.source == "Valley Farm News" and wheat.author == "Jonas Feld"
        assert wheat.url == "https://valleyfarm.example/wheat-harvest-drought"
        assert "140 farms" in wheat.body and "<p>" not in wheat.body
        assert wheat.published_at == datetime(2024, 7, 15, 6, tzinfo=timezone.utc)

    def test_atom_entry(self):
        (article,), _ = load(ARTICLES / "science.atom")
        assert article.source == "Lab Notes Weekly" and article.author == "Priya Natarajan"
        assert "26 percent" in article.body


class TestCommon:
    def test_decoding(self):
        assert decode_text("café".encode("utf-16"), "x") == "café"
        assert decode_text(b"\xef\xbb\xbfline one\r\nline two", "x") == "line one\nline two"
        assert decode_text("café".encode("latin-1"), "x") == "café"
        with pytest.raises(LoaderError, match="NUL"):
            decode_text(b"abc\x00def", "x")

    def test_dates(self):
        assert parse_date("2023-10-31T12:00:00Z") == datetime(2023, 10, 31, 12, tzinfo=timezone.utc)
        assert parse_date("31 October 2023").date().isoformat() == "2023-10-31"
        assert parse_date("not a date") is None
        assert parse_date("9999-01-01") is None  # far future: unknown rather than wrong
        assert parse_date(None) is None

    def test_missing_path_and_unsupported_url(self, tmp_path):
        _, failures = load(tmp_path / "nope.txt")
        assert failures[0].error == "no such file or folder"
        results = list(load_targets(["ftp://example.com/a.txt"], Settings()))
        assert "only http(s)" in results[0].failures[0].error
