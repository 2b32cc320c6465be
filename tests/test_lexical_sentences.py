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


def test_scores_are_bm25s_own_and_a_chunk_scores_its_best_sentence():
    """``LexicalIndex`` adds posting lists itself and takes each chunk's best sentence with one reduceat
    (issue 15: several times faster at 1M chunks): the same float32 scores as bm25s and ``maximum.at``."""
    import numpy as np

    from index.lexical import LexicalIndex

    texts = [path.read_text() for path in sorted(ARTICLES.rglob("*.md")) + sorted(SEEDS.rglob("*.md"))]
    rows = [(f"c{i}", text, text) for i, text in enumerate(texts)] + [("empty", "", "")]
    index = LexicalIndex.build(rows, generation=1)
    for query in ("bridge harbor council budget", "the vaccine trial adults", "nothing matches zzzq", "said said"):
        known = [t for t in index.terms(query) if t in index.model.vocab_dict]
        expected = index.model.get_scores(known) if known else np.zeros(len(rows), dtype=np.float32)
        assert np.array_equal(index.scores(query), expected)
        sentence_known = [t for t in index.terms(query) if t in index.sentence_model.vocab_dict]
        per_sentence = (index.sentence_model.get_scores(sentence_known) if sentence_known
                        else np.zeros(len(index.sentence_owner), dtype=np.float32))
        best = np.zeros(len(rows), dtype=np.float32)
        np.maximum.at(best, index.sentence_owner, per_sentence)
        assert np.array_equal(index.sentence_scores(query), best)


def test_terms_are_what_the_bm25s_tokenizer_gives():
    from index.lexical import LexicalIndex, tokenize

    index = LexicalIndex(None, [], 0)
    texts = [path.read_text() for path in sorted(ARTICLES.rglob("*.md")) + sorted(SEEDS.rglob("*.txt"))]
    texts += ["", "a", "Who's the CEO? The U.S. S.E.C.'s 2,000 adults — naïve café Zürich 東京 x1 _under_"]
    for text in texts + [line for t in texts for line in t.splitlines()]:
        assert index.terms(text) == tokenize([text])[0]


def test_accents_are_folded_alike_in_the_index_and_in_a_question():
    from index.lexical import LexicalIndex, fold, tokenize

    assert fold("Beyoncé at the Sánchez-Pizjuán in Zürich") == "Beyonce at the Sanchez-Pizjuan in Zurich"
    index = LexicalIndex(None, [], 0)
    assert tokenize(["Renaissance: A Film by Beyoncé"])[0] == index.terms("renaissance a film by beyonce")
    assert index.terms("Pokémon") == index.terms("pokemon")


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
