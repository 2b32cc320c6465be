"""The default, offline answerer: picks verbatim sentences from the retrieved passages.

Order of decisions in ``run`` (each can end it): a key term no retrieved article names → abstain naming
it; a question asking two things → each part answered on its own; no sentence covering enough of the
question, or the best one from an article retrieval barely found → abstain; then the best-covering
sentences are re-ranked by what the question wants (``assistant.picking``); a number or date question
whose best sentences hold none → abstain; a before/after question the two articles' dates decide → a
verdict; else the best sentence (with close runners-up, or one per named outlet and dated report) and a
short answer. Measured on natural questions and MultiHop-RAG: bench/RESULTS.md.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from assistant import details
from assistant import question as questions
from assistant.alternatives import candidates, rival
from assistant.conversation import Conversation
from assistant.evidence import CoverageScorer, Sentence, answer_type, fits_type, passage_sentences
from assistant.mentions import article_words, key_term_gaps, mentioned
from assistant.neighbours import predecessor, quote_goes_on
from assistant.news_dates import resolve_relative, spelled
from assistant.nlp import LIGHT_VERBS, root_verb, uses_word, verb_group
from assistant.parts import Verdict, decide_order, order_question, part_analysis, part_question, split_parts
from assistant.passage import Passage
from assistant.picking import DOER_DEPTH, RESULT_VERBS, AnswerPicker
from assistant.query import Clause, DateRange, QueryAnalysis, content_terms, unattributed
from assistant.question_words import BARE_TYPES, other_nouns
from assistant.said_otherwise import SaidOtherwise
from assistant.short_answer import ShortAnswer, ShortAnswerFinder, describes_at_length, shared_subject, spelled_out
from assistant.story_focus import follow_up_weights, refocus_on_story
from assistant.text import CONSEQUENCE, YEAR, asked_now, initials_of

# a year named to compare with ("up from $7.5 billion in 2022", "more than in 2021"), not the one a figure is of
COMPARED = re.compile(r"(?:\b(?:(?:up|down|rose|fell|grew|jumped|dropped)\s+from|compared (?:with|to)|versus|vs\.?)\s[^,;]*"
                      r"|\bthan\s+(?:in\s+)?)$", re.IGNORECASE)  # "more than $8.4 million in 2021" compares nothing
MIN_COVERAGE = 0.15  # long, multi-part questions: one sentence covers only part of them
MIN_COVERAGE_SHORT = 0.5  # a short question must be mostly covered by one sentence
MAX_INITIALS = 5  # letters of an initialism a question may use for a name ("nab", "kd", "sbf")
SHORT_QUESTION_TERMS = 6
OUTLET_SENTENCE_RATIO = 0.6
MAX_SENTENCES = 4  # at most one per named outlet beyond the best
RANK_PRIOR = 0.05
TITLE_SHARE = 0.5
PASSAGE_SHARE = 0.25
TYPE_BONUS = 0.1
FOCUS_WEIGHT = 2.0  # the thing a "how many"/"how much" question counts weighs as much as two other terms
SUPPORT_PRIOR = 0.05  # per further retrieved passage of the best sentence's article, up to SUPPORT_CAP
SUPPORT_CAP = 4
SUPPORT_BONUS = 0.1  # per further retrieved passage of the same article, when choosing an outlet's sentence
DATE_BONUS = 0.2  # "the report published on October 7": that day's article is the one meant
EXACT_DAY_BONUS = 0.2  # ... and one from that very day beats one from the day before or after
DATE_SLACK = timedelta(days=1)
# When retrieval returned several articles of the outlet a part of the question names, quote one only if
# retrieval returned at least this many passages of it; otherwise which report is meant is a guess.
DISTINCT_SUPPORT = 3
# A best sentence whose article retrieval ranked low and returned once, while it returned this many
# passages of another article, is too weakly backed to answer from.
WEAK_BEST_RANK = 2
STRONG_SUPPORT = 3


NUMERIC_WORDS = {"score": "score", "when": "date", "how_much": "amount", "percent": "percentage", "duration": "duration",
                 "age": "age", "full_name": "full name"}


@dataclass
class Draft:
    sentences: list[Sentence]
    abstain_reason: str = ""
    short_answer: ShortAnswer | None = None  # the entity a factoid question asks for, when the quotes hold one
    missing: list[str] | None = None  # key terms of the question that no retrieved article mentions
    verdict: Verdict | None = None  # "did A come before B?": decided by the two articles' dates
    parts: list[tuple[str, "Draft"]] | None = None  # a question asking two things: each part's own answer
    rival: Sentence | None = None  # another article's differing answer to the same question, shown beside it


class ExtractiveGenerator:
    name = "extractive"

    def __init__(self, scorer: CoverageScorer, min_coverage: float = MIN_COVERAGE):
        self.scorer = scorer
        self.min_coverage = min_coverage

    def run(self, analysis: QueryAnalysis, passages: list[Passage], intent: questions.Intent | None = None,
            conversation: Conversation | None = None, article_texts: dict[str, str] | None = None,
            terms_checked: bool = False, one_retrieval: bool = True) -> Draft:
        """``article_texts``: each retrieved article's whole stored text, where the caller has it (which
        article names the question's key terms is judged on it). ``terms_checked``: the caller already
        abstained where a key term is missing (``Assistant.stream`` does, for every generator).
        ``one_retrieval``: the passages are one retrieval's, best first, so a low rank means retrieval barely
        found it; a part of a two-part question gets the whole question's passages, then its own."""
        if not passages:  # before anything reads the BM25 statistics: there may be no BM25 index yet
            return Draft([], "no indexed article matches the question")
        intent = intent or questions.read(analysis.question, analysis.outlets, analysis.topic)
        missing = [] if terms_checked else key_term_gaps(intent, analysis.topic, passages, self.scorer, article_texts)
        if missing and not tolerated(missing, intent, analysis):
            return Draft([], f"the indexed articles don't mention {missing[0]}", missing=missing)
        context, parts = split_parts(analysis.question)
        if len(parts) > 1:
            return self._by_part(analysis, passages, context, parts, conversation, article_texts)
        asked = analysis.topic or analysis.question
        if intent.kind == "full_name":  # "what's Altman's first name?": about Altman, not about names
            asked = questions.NAME_WORDS.sub(" ", asked)
        # the source the question names for its fact decides the article, not the sentence (key terms keep it)
        weights = self.scorer.weights(content_terms(unattributed(asked))) or self.scorer.weights(
            content_terms(asked))
        if not weights:
            return self._outlet_leads(analysis, passages)
        if intent.kind in ("who", "org", "where", "identity"):  # "the guy", "which company": a type, not a topic
            bare = BARE_TYPES & set(re.findall(r"[a-z]+", analysis.question.lower()))
            for term in {t for word in bare for t in self.scorer.lexical.terms(word)}:
                if len(weights) > 1:
                    weights.pop(term, None)
        weights = follow_up_weights(weights, analysis.topic or analysis.question, self.scorer.lexical.terms,
                                    conversation.answered if conversation else set())
        counted = set(self.scorer.lexical.terms(intent.focus)) & set(weights) if intent.focus and intent.kind not in questions.ROLE_KINDS else set()
        for term in counted:  # "how many *speakers*": a sentence without them counts something else
            weights[term] *= FOCUS_WEIGHT
        support = Counter(p.article_id for p in passages)
        needed = MIN_COVERAGE_SHORT if len(weights) <= SHORT_QUESTION_TERMS else self.min_coverage
        names = {t for term in intent.key_terms for t in self.scorer.lexical.terms(term)}
        others = set(weights) - counted if counted and other_nouns(analysis.question, intent.focus) else set()  # what else it names ("simply homes")
        ranked = self._rank(analysis, passages, weights, support, needed, names, others)
        if conversation and refocus_on_story(ranked, weights, asked, conversation.cited_articles, needed, self.scorer,
                                             conversation.answered):
            ranked = self._ordered(ranked, analysis, needed, support)  # the story's own-word sentences moved up
        if not ranked or ranked[0].coverage < needed:
            return Draft([], "no passage in the indexed articles covers what the question asks")
        if one_retrieval and weakly_backed(ranked[0], support):  # judged on coverage, before the intent re-ranks
            return Draft([], "the passages that match the question come from articles retrieval barely found")
        kind = answer_type(analysis.question)
        picker = AnswerPicker(intent, analysis.question, passages, conversation, article_texts)
        ranked = picker.rerank(ranked, lambda s: self._score(s, kind, analysis.dates, support), needed)
        if not ranked:
            return Draft([], "the articles retrieved say nothing more than what was already quoted")
        # "who won that one?" over a preview ("Messi and Ronaldo will meet …"), or over a fixtures table above a
        # sentence saying who won another game ("PSG won their friendly 5-4 last time around"; e016): the sentence
        # quoted must say who won
        if intent.verb in RESULT_VERBS and not ranked[0].by_doer:
            return Draft([], f"the articles found don't say who {RESULT_VERBS[intent.verb]}")
        if intent.kind in questions.NUMERIC_KINDS - {"when"} and other_years_only(ranked[0].text, picker.years):
            # "how much revenue did it make in 2022?" → "$8.4 million … in 2020 and 2021": a figure of other years
            return Draft([], f"the articles found give it for other years than {', '.join(sorted(picker.years))}")
        # "how much is amazon paying nascar per year?": the whole deal's $7.7 billion is no yearly figure
        detail, stating = details.check(intent, analysis.question, ranked[:DOER_DEPTH])
        if detail:
            return Draft([], f"the articles found give no {detail}")
        if stating is not None:
            ranked = [stating] + [s for s in ranked if s is not stating]
        # the re-rank already preferred sentences holding a figure; if the best still holds none, the
        # articles found don't state it ("how many people attended?" → a sentence about the venue) — unless the kind
        # was only guessed from a search's words ("kindle kids price"): then the best sentence is quoted as it is
        if intent.kind in questions.NUMERIC_KINDS and ranked[0].answer_entity is None and not intent.searched:
            wanted = intent.unit if intent.kind == "when" and intent.unit else NUMERIC_WORDS.get(intent.kind, "figure")
            return Draft([], f"the articles found give no {wanted} for this")
        if (intent.kind == "who" and ranked[0].answer_entity is None and not describes_at_length(analysis.question)
                and not states_verb(ranked[0].text, intent.verb or root_verb(asked_now(analysis.question)))):
            # "who did the Astros hire to replace Dusty Baker?" over a story on the candidates: no name answers it;
            # one that does what was asked answers by a description too ("he congratulated the elected President
            # of the United States"); and a question describing its answer by several facts is answered by the
            # name the articles share
            return Draft([], "the articles found don't name who it was")
        if (intent.kind in questions.ROLE_KINDS and intent.focus and len(weights) <= SHORT_QUESTION_TERMS
                and not role_named(intent.focus, passages, article_texts)):
            # "who's the head chef at X?" answered from articles that never mention a chef names someone else;
            # a long question describes its answer in many words ("the Silicon Valley prodigy … who …"), and
            # one of them may well be missing
            return Draft([], f"the articles that match never mention a {intent.focus}")
        order = order_question(analysis.question)
        verdict = decide_order(order, ranked, analysis, self.scorer) if order else None
        if verdict:
            return Draft([verdict.first, verdict.second], verdict=verdict)
        chosen = self._compose(ranked, analysis, support, needed, intent)
        cause = predecessor(chosen[0], ranked) if intent.kind == "why" and CONSEQUENCE.match(chosen[0].text) else None
        if cause is not None and cause not in chosen:  # "As a result, the ITC said …": the reason is said before
            chosen = [cause] + chosen[:MAX_SENTENCES - 1]
        more = quote_goes_on(chosen[0], ranked) if intent.kind == "said" else None
        if more is not None:  # the quote's next sentence, right after its first
            chosen = [chosen[0], more] + [s for s in chosen[1:] if s is not more][:MAX_SENTENCES - 2]
        other = rival(ranked, needed, intent.key_terms) if intent.labels else None
        if other is not None:  # two articles disagree: neither decides alone
            return Draft([ranked[0], other] + [s for s in chosen if s not in (ranked[0], other)][:1], rival=other)
        return Draft(chosen, short_answer=self._short_answer(analysis, intent, chosen, passages))

    def _by_part(self, analysis: QueryAnalysis, passages: list[Passage], context: str, parts: list[str],
                 conversation: Conversation | None, article_texts: dict[str, str] | None) -> Draft:
        """Each part answered on its own from the same passages, about the context the question set up
        ("CNBC and TechCrunch both covered …"); a part with no answer is reported as not found."""
        drafts = []
        for number, part in enumerate(parts):
            sub = part_analysis(analysis, parts, number, context)
            # names read apart from the context's, or spaCy joins them ("Meltwater TechCrunch covered …")
            named = questions.read(part, analysis.outlets, part_question(parts, number, context, "; "))
            # a part lacks evidence when a name of its own is missing; the context's names were checked, and
            # tolerated, for the whole question ("Fortune and Science News Explores both covered …")
            gaps = key_term_gaps(questions.read(part, analysis.outlets, part), part, passages, self.scorer,
                                 article_texts)
            drafts.append((part, Draft([], f"the indexed articles don't mention {gaps[0]}", missing=gaps) if gaps
                           else self.run(sub, passages, named, conversation, article_texts, terms_checked=True,
                                         one_retrieval=False)))
        found = list({id(s): s for _, d in drafts for s in d.sentences}.values())
        if not found:
            return Draft([], "no passage in the indexed articles covers any part of the question")
        return Draft(found, parts=drafts)

    def _short_answer(self, analysis: QueryAnalysis, intent: questions.Intent, chosen: list[Sentence],
                      passages: list[Passage]) -> ShortAnswer | None:
        """The name that does what a who/which question asks, where the best sentence says so; else a
        "who"/"which company" name in its fullest form when the quotes point to one; else the entity of the
        wanted kind in the best sentence — unless the question describes its answer at length, and more of
        the retrieved articles share another name."""
        short = self._quoted_short_answer(analysis, intent, chosen, passages)
        if describes_at_length(analysis.question):
            return shared_subject(analysis.question, short, chosen, passages, analysis.outlets) or short
        return short

    def _quoted_short_answer(self, analysis: QueryAnalysis, intent: questions.Intent, chosen: list[Sentence],
                             passages: list[Passage]) -> ShortAnswer | None:
        best = chosen[0]
        if best.by_doer:  # the name that does what the question asks, spelled out in full
            return spelled_out(best.answer_entity.text, chosen, passages) or ShortAnswer(best.answer_entity.text, best)
        if intent.kind in ("who", "org"):
            named = ShortAnswerFinder().run(analysis.question, chosen, passages, analysis.outlets)
            if named:
                return named
        if not intent.labels or best.answer_entity is None:
            return None
        name = best.answer_entity.text
        if intent.kind == "who" and len(name.split()) == 1:  # "Reich" → "Frank Reich", as the passages spell him
            return spelled_out(name, chosen, passages) or ShortAnswer(name, best)
        day = resolve_relative(name, best.text, best.passage.published_at) if intent.kind == "when" else None
        if day is not None:  # "Monday" is a day only beside the story's date
            name = f"{name} ({spelled(day)}, counting from the article's date)"
        return ShortAnswer(name, best)

    def _initialisms(self, text: str, weights: dict[str, float]) -> set[str]:
        """Question terms that are the initials of a name ``text`` spells out ("NAB" for National Australia
        Bank, "kd" for Kevin Durant): readers ask by the initialism, news writes the name."""
        if not any(len(term) <= MAX_INITIALS for term in weights):
            return set()
        return {term for initials in initials_of(text) if len(initials) <= MAX_INITIALS
                for term in self.scorer.lexical.terms(initials) if term in weights}

    def _rank(self, analysis: QueryAnalysis, passages: list[Passage], weights: dict[str, float], support: Counter,
              needed: float, names: set[str] = frozenset(), others: set[str] = frozenset()) -> list[Sentence]:
        """Sentences that fit the question's type (only named outlets' when there are any), best first;
        the ones that cover enough of the question before the ones that don't."""
        kind = answer_type(analysis.question)
        candidates = passage_sentences(passages)
        total = sum(weights.values()) or 1.0
        title_terms: dict[str, set[str]] = {}
        # a passage names another of the question's terms ("the Sphere"), in its text or headline
        names_others = {p.chunk_id: bool(set(self.scorer.lexical.terms(f"{p.title} {p.text}")) & others) for p in passages} if others else {}
        read_before: dict[str, set[str]] = {}  # terms of the passage's earlier sentences (in order: see below)
        otherwise = SaidOtherwise(asked_now(analysis.topic or analysis.question), self.scorer.lexical.terms, weights)
        for sentence in candidates:  # each passage's sentences in text order, so read_before grows as read
            key = sentence.passage.chunk_id
            title = title_terms.setdefault(key, set(self.scorer.lexical.terms(sentence.passage.title)))
            terms = set(self.scorer.lexical.terms(sentence.text)) | self._initialisms(sentence.text, weights) \
                | otherwise.credited(sentence.text)  # "tied the knot" for "when did they marry?"
            own = self.scorer.coverage_of(weights, terms)
            # headline terms, and the question's names the passage introduced before the sentence ("Franke" …
            # "scheduled sentencing for Feb. 20"), count at a discount; its other words must be the sentence's
            with_title = self.scorer.coverage_of(weights, terms | title)
            named_before = (names & read_before.setdefault(key, set())) - terms - title
            read_before[key] |= terms
            sentence.coverage = (own + TITLE_SHARE * (with_title - own)
                                 + PASSAGE_SHARE * sum(weights.get(t, 0.0) for t in named_before) / total)
            if others and not names_others[key]:  # "how many employees does X have?" → a list of other firms' layoffs
                sentence.coverage = 0.0
        fitting = [s for s in candidates if fits_type(kind, s.text)]
        named = [s for s in fitting if s.passage.source in analysis.outlets]
        return self._ordered(named or fitting, analysis, needed, support)

    def _ordered(self, sentences: list[Sentence], analysis: QueryAnalysis, needed: float,
                 support: Counter) -> list[Sentence]:
        """Those covering enough of the question first, each part by score."""
        kind = answer_type(analysis.question)
        return sorted(sentences, key=lambda s: (s.coverage < needed, -self._score(s, kind, analysis.dates, support)))

    def _best_for(self, clause: Clause | None, candidates: list[Sentence], best: Sentence,
                  support: Counter) -> Sentence | None:
        """The best candidate for the part of the question (``clause``) that names an outlet or date.

        An article that retrieval returned several passages of is more likely the one meant."""
        pool = [s for s in candidates if s.coverage >= OUTLET_SENTENCE_RATIO * best.coverage]
        if not pool:
            return None
        weights = self.scorer.weights(content_terms(clause.text)) if clause else {}

        def merit(sentence: Sentence) -> float:
            fit = (self.scorer.coverage(weights, sentence.text) + RANK_PRIOR / (1 + sentence.passage_rank)
                   + DATE_BONUS * published_within(sentence.passage, clause.dates)
                   + EXACT_DAY_BONUS * published_within(sentence.passage, clause.dates, slack=timedelta(0))
                   ) if clause else 0.0
            return fit + SUPPORT_BONUS * (support[sentence.passage.article_id] - 1)

        return max(pool, key=merit)  # the first of equals: ``pool`` is in ranked order

    def _outlet_leads(self, analysis: QueryAnalysis, passages: list[Passage]) -> Draft:
        """"What did X report?" names only outlets: quote the lead sentence of each one's top passage."""
        leads = []
        for outlet in analysis.outlets:
            top = next((s for s in passage_sentences([p for p in passages if p.source == outlet])), None)
            if top:
                leads.append(top)
        if not leads:
            return Draft([], "the question names nothing the articles could be searched for")
        return Draft(leads[:MAX_SENTENCES])

    def _score(self, sentence: Sentence, kind: str, dates: list[DateRange], support: Counter) -> float:
        return (sentence.coverage + RANK_PRIOR / (1 + sentence.passage_rank) + (TYPE_BONUS if kind != "other" else 0)
                + DATE_BONUS * published_within(sentence.passage, dates)
                + SUPPORT_PRIOR * (min(support[sentence.passage.article_id], SUPPORT_CAP) - 1))

    def _compose(self, ranked: list[Sentence], analysis: QueryAnalysis, support: Counter,
                 needed: float, intent: questions.Intent) -> list[Sentence]:
        """The best sentence, then one for each article the question describes by outlet or date, then one
        for each named outlet still unquoted; a sentence whose article retrieval cannot tell apart from
        the outlet's other articles is left out."""
        best = ranked[0]
        one_part = not analysis.clauses and len(analysis.outlets) <= 1
        chosen = candidates(ranked, needed, bool(intent.labels)) if one_part else [best]  # no clear winner: the close ones too
        for clause in analysis.clauses:
            if (clause.outlets or clause.dates) and not any(fits_clause(s, clause) for s in chosen):
                own = self._best_for(clause, [s for s in ranked if fits_clause(s, clause)], best, support)
                if own and own not in chosen and stands_out(own, clause, ranked, support):
                    chosen.append(own)
        for outlet in analysis.outlets:
            if all(s.passage.source != outlet for s in chosen):
                clause = next((c for c in analysis.clauses if outlet in c.outlets), None)
                own = self._best_for(clause, [s for s in ranked if s.passage.source == outlet], best, support)
                if own and stands_out(own, clause, ranked, support):
                    chosen.append(own)
        return chosen[:MAX_SENTENCES]


def other_years_only(text: str, asked: set[str]) -> bool:
    """``text`` names years, none of them the one the question asks about, and not only to compare ("$9.1
    billion, up from $7.5 billion in 2022" is this year's figure). Not for "when": "when did they last win
    before 2023?" is answered by another year."""
    years = {m.group() for m in YEAR.finditer(text) if not COMPARED.search(text[max(0, m.start() - 40):m.start()])}
    return bool(asked) and bool(years) and not years & asked


def states_verb(text: str, verb: str) -> bool:
    """``text`` uses the question's own verb (or one of its group), not a light one ("went", "took")."""
    return bool(verb) and verb not in LIGHT_VERBS and any(uses_word(text, v) for v in verb_group(verb))


def role_named(role: str, passages: list[Passage], article_texts: dict[str, str] | None) -> bool:
    """The role a who/which/where question asks about ("chef", "coach") is named, singular or plural, in
    one of the retrieved articles (its whole text where known); a description ("the Silicon Valley figure")
    may be missing from the answer's own article and still fit it."""
    return any(mentioned(role, words) for words in article_words(passages, article_texts).values())


def tolerated(missing: list[str], intent: questions.Intent, analysis: QueryAnalysis) -> bool:
    """A question in several parts may lack evidence for one of its names and still be answered part by part;
    one in a single part may not. The carried turn's names are no parts ("what about X, …? (… Matthew Perry …)")."""
    own = asked_now(analysis.question).lower()
    own_missing = [t for t in missing if t.lower() in own]  # a carried name missing: the turn before abstained
    return bool(analysis.clauses) and len(own_missing) * 2 <= len([t for t in intent.key_terms if t.lower() in own])


def stands_out(sentence: Sentence, clause: Clause | None, ranked: list[Sentence], support: Counter) -> bool:
    """Its article is the only one of its outlet retrieved, or was published on the day the question
    names, or retrieval returned it several times."""
    outlet_articles = {s.passage.article_id for s in ranked if s.passage.source == sentence.passage.source}
    return (len(outlet_articles) < 2 or support[sentence.passage.article_id] >= DISTINCT_SUPPORT
            or (clause is not None and published_within(sentence.passage, clause.dates, slack=timedelta(0))))


def weakly_backed(best: Sentence, support: Counter) -> bool:
    return (support[best.passage.article_id] == 1 and best.passage_rank >= WEAK_BEST_RANK
            and max(support.values()) >= STRONG_SUPPORT)


def published_within(passage: Passage, dates: list[DateRange], slack: timedelta = DATE_SLACK) -> bool:
    if not dates or not passage.published_at:
        return False
    moment = datetime.fromisoformat(passage.published_at)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return any(d.start - slack <= moment < d.end + slack for d in dates)


def fits_clause(sentence: Sentence, clause: Clause) -> bool:
    passage = sentence.passage
    return ((not clause.outlets or passage.source in clause.outlets)
            and (not clause.dates or published_within(passage, clause.dates)))
