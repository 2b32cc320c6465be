"""``index.lexical.sentence_texts``: the sentence texts a BM25 build indexes are exactly those ``split_sentences``
finds (the fast path is one blingfire call per line, used only where its pieces tile the line verbatim)."""
from conftest import ARTICLES, SEEDS
from index.chunk import split_sentences
from index.lexical import _tiles, sentence_texts


def by_offsets(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_the_same_sentences_as_split_sentences_on_every_fixture_article_and_seed():
    paths = sorted(ARTICLES.rglob("*.md")) + sorted(SEEDS.rglob("*.md")) + sorted(SEEDS.rglob("*.txt"))
    assert paths
    for path in paths:
        text = path.read_text()
        assert sentence_texts(text) == by_offsets(text), path.name


def test_awkward_lines_fall_back_to_split_sentences():
    text = "Dr. Lin said  “yes.”   Then — nothing.\n\n\n  Q3 revenue was $9.3 billion.  U.S. stocks fell 2.5%.\n"
    assert sentence_texts(text) == by_offsets(text)
    assert _tiles("One. Two.", ["One.", "Two."]) and not _tiles("One. Two.", ["One.", "Three."])
    assert not _tiles("One.", [])


def by_blingfire_offsets(text: str) -> list[tuple[int, int]]:
    """What ``split_sentences`` computed before its fast path: blingfire's offsets, line by line."""
    import re

    import blingfire

    spans = []
    for line in re.finditer(r"[^\n]+", text):
        segment = line.group(0)
        if segment.strip():
            _, offsets = blingfire.text_to_sentences_and_offsets(segment)
            spans.extend((line.start() + s, line.start() + e) for s, e in offsets if segment[s:e].strip())
    return spans


def test_split_sentences_fast_path_gives_blingfire_offsets():
    """``split_sentences`` takes offsets from where one-call sentence texts tile a line; they must be blingfire's
    (checked on the whole MultiHop-RAG corpus, cleaned and raw, when the fast path went in: 1,218 texts, 0 diffs)."""
    paths = sorted(ARTICLES.rglob("*.md")) + sorted(SEEDS.rglob("*.md")) + sorted(SEEDS.rglob("*.txt"))
    awkward = ["Dr. Lin said  “yes.”   Then — nothing.\n\n\n  Q3 revenue was $9.3 billion.  U.S. stocks fell 2.5%.\n",
               "  leading space. Trailing space.  \n\t tab\tinside. ", "no full stop", "", "\n\n", "A. B. C.",
               "数学 ünïcödé — “quotes” … UPPER lower 12,345.67 $84 million. Next one!"]
    for text in [path.read_text() for path in paths] + awkward:
        assert split_sentences(text) == by_blingfire_offsets(text), text[:60]
    text = paths[0].read_text()
    assert split_sentences(text, 10, 400) == [(10 + s, 10 + e) for s, e in by_blingfire_offsets(text[10:400])]
