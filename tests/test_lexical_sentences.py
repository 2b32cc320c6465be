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
