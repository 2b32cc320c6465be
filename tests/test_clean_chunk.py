"""Cleaning and sentence-aware chunking with the real tokenizer."""
import pytest

from conftest import SEEDS
from index.chunk import Chunker, split_sentences
from index.clean import clean_body, is_caption


def quotable(text: str) -> list[str]:
    """The sentences the answerer may quote from a passage of ``text``."""
    from assistant.evidence import passage_sentences
    from assistant.passage import Passage

    passage = Passage(text, "a", "Story", "Wire", "https://x.example/a", "2023-10-01T00:00:00+00:00", "",
                      "a-0", 0, 0, len(text))
    return [s.text for s in passage_sentences([passage])]


class TestClean:
    def test_drops_read_also_and_bare_names(self):
        body = ("First  sentence here.\n\nREAD ALSO: Something else\nVladimir Putin\n"
                "A subheading about Arms Control With US\n Last one. ")
        assert clean_body(body) == "First sentence here.\nA subheading about Arms Control With US\nLast one."

    def test_caption_rule(self):
        assert is_caption("Vladimir Putin") and is_caption("Getty Images")
        assert not is_caption("He left.") and not is_caption("Russia Poised To Discuss Nuclear Arms Control With US")

    def test_page_furniture_scraped_into_a_story_is_never_quoted_and_the_story_is(self):
        text = ("Please use Chrome browser for a more accessible video player Pochettino says Arteta can become one "
                "of the greats. MORE: What to know about the Lions' retro helmets. GO DEEPER How Emma Hayes wins. "
                "Icardi celebrates the winner in early October. Photograph: Darren Staples/AFP/Getty Images. "
                "It threatens a stalemate. Loading Zamora, who is Venezuelan, got his start in 2010. "
                "Loading the truck took hours. Larry Page, co-founder of Google. Credit: Bloomberg The occasion was "
                "the board's first meeting. Ratcliffe has an offer for 25 per cent of United Credit: AFP\n"
                "Credit card debt rose.")
        assert quotable(text) == [
            "Pochettino says Arteta can become one of the greats.",
            "Icardi celebrates the winner in early October.",
            "It threatens a stalemate.",
            "Zamora, who is Venezuelan, got his start in 2010.",
            "Loading the truck took hours.",  # a verb, not a placeholder
            "Larry Page, co-founder of Google.",
            "The occasion was the board's first meeting.",  # the photo's credit glued on is dropped
            "Ratcliffe has an offer for 25 per cent of United",  # … and one it ends with
            "Credit card debt rose."]  # no credit

    def test_photo_credits_and_agency_captions_are_never_quoted(self):
        text = ("Wang testifies during the trial in this courtroom sketch. Jane Rosenberg | Reuters\n"
                "via Getty PARK CITY, UT – SEPTEMBER 25: Alpine skier Mikaela Shiffrin poses for a portrait on "
                "September 25, 2017.\nIn 1986 the couple tied the knot.\n(AFP via Getty Images)\n"
                "Kishida will appear at events aimed at attracting investment © AFP via Getty Images\n"
                "Image source, Getty Images Image caption, The original version of 1989 won three Grammy Awards\n"
                "Fans said the Reds | Blues derby was loud.")
        assert quotable(text) == [
            "Wang testifies during the trial in this courtroom sketch.",
            "In 1986 the couple tied the knot.",  # the agency's caption gave the photo's day, not the wedding's
            "Kishida will appear at events aimed at attracting investment",
            "The original version of 1989 won three Grammy Awards",
            "Fans said the Reds | Blues derby was loud."]  # a sentence, not a credit

    def test_a_paper_s_reference_an_image_credit_and_an_editor_s_note_are_never_quoted(self):
        text = ("After a month on the diet the fish were more social.\n"
                "Reference: Motoko Iwashita, et al. Metabolic shift toward ketosis in asocial cavefish increases "
                "social-like affinity, BMC Biology (2023), DOI: 10.1186/s12915-023-01725-9\n"
                "Feature image credit: Masato Yoshizawa\n"
                "Citation: Rugenstein, M., and T. Andrews (2023), Patterns of surface warming matter, Eos, 104, "
                "https://doi.org/10.1029/2023EO230411. Published on 31 October 2023.\n"
                "The reference point for the study was 2019.\n"
                "Correction: This article was edited on November 2, 2023.\n"
                "Update, October 20, 2023, 11:20 AM ET: This story has been updated to note the roll-out.\n"
                "This article was originally published on NBCNews.com\n"
                "The story was published in 1851.")
        assert quotable(text) == [
            "After a month on the diet the fish were more social.",
            "Published on 31 October 2023.",
            "The reference point for the study was 2019.",  # a sentence, not a reference
            "The story was published in 1851."]  # a story's story, not an editor's note on this one

    def test_seed_article_is_cleaned(self):
        text = (SEEDS / "putin-trump-inauguration-2025-01-20.md").read_text()
        cleaned = clean_body(text.split("---", 2)[2])
        assert "READ ALSO" not in cleaned and "\nVladimir Putin\n" not in cleaned
        assert "Feb. 5, 2026" in cleaned


@pytest.mark.slow  # the embedding model's tokenizer
class TestChunker:
    @pytest.fixture
    def chunker(self, embedder):
        return Chunker(embedder.tokenizer, max_tokens=40)

    def test_offsets_index_the_body_and_limits_hold(self, chunker, embedder):
        body = clean_body((SEEDS / "putin-trump-inauguration-2025-01-20.md").read_text().split("---", 2)[2])
        chunks = chunker.run("a", body)
        assert len(chunks) > 5
        for chunk in chunks:
            assert body[chunk.start:chunk.end] == chunk.text
            assert len(embedder.tokenizer(chunk.text, add_special_tokens=False)["input_ids"]) <= 40 or \
                len(split_sentences(chunk.text)) == 1

    def test_never_cuts_a_sentence_and_adjacent_pairs_share_a_chunk(self, embedder):
        chunker = Chunker(embedder.tokenizer, max_tokens=30)
        sentences = [f"Sentence number {i} says the council met on day {i}." for i in range(12)]
        body = " ".join(sentences)
        chunks = chunker.run("a", body)
        for sentence in sentences:
            assert any(sentence in c.text for c in chunks)
        for left, right in zip(sentences, sentences[1:]):
            assert any(f"{left} {right}" in c.text for c in chunks)

    def test_overlong_sentence_is_split_at_words(self, embedder):
        chunker = Chunker(embedder.tokenizer, max_tokens=32)
        body = " ".join(f"word{i}" for i in range(400))
        chunks = chunker.run("a", body)
        assert len(chunks) > 5
        assert all(not c.text.startswith(" ") and not c.text.endswith(" ") for c in chunks)
        assert all(len(embedder.tokenizer(c.text, add_special_tokens=False)["input_ids"]) <= 32 for c in chunks)
        rebuilt = " ".join(c.text for c in chunks)
        assert rebuilt.split() == body.split()  # nothing lost, nothing duplicated


@pytest.mark.slow  # the embedding model
class TestEmbedder:
    def test_bf16_query_vectors_match_fp32_and_rank_the_relevant_text_first(self, embedder):
        import numpy as np

        from index.embed import Embedder

        fp32 = Embedder(embedder.model_path, precision="fp32")
        question = "When does the New START nuclear arms treaty between Russia and the US expire?"
        fast, exact = embedder.embed_query(question), fp32.embed_query(question)
        assert fast.dtype == np.float32 and abs(float(np.linalg.norm(fast)) - 1) < 1e-3
        assert float(fast @ exact) > 0.999
        docs = embedder.embed_documents(["The New START treaty expires on Feb. 5, 2026.",
                                         "The harbor bridge reopened after repairs costing $84 million."])
        assert float(docs[0] @ fast) > float(docs[1] @ fast)


def test_a_heading_run_into_the_sentence_before_is_a_sentence_of_its_own():
    # was: "…sent out early by mistake.WHAT DISCOVERY WON …?" quoted as one sentence
    text = ("The notice came from a release sent out early by mistake.WHAT DISCOVERY WON THE PRIZE? Three won it. "
            "In April, Binance.US lost its bank. The site StartPlaying.Games, which books games, grew. "
            "Mr.Smith met them in St.Louis today.")
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The notice came from a release sent out early by mistake.", "WHAT DISCOVERY WON THE PRIZE?",
        "Three won it.", "In April, Binance.US lost its bank.", "The site StartPlaying.Games, which books games, grew.",
        "Mr.Smith met them in St.Louis today."]
