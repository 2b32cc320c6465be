"""Answer picking: among the sentences that cover a question, the ones that hold what it asks for.

Coverage (idf-weighted share of the question's terms) finds the right article, but inside it the
sentence that shares the most names with the question is often the lead, not the answer ("U2 perform
at the Sphere" for "how many speakers are in the Sphere?"). So the best-covering sentences are
re-ranked by what the question wants (``assistant.question.Intent``):

- a typed question ("how many", "when", "who", "where", "how much") wants a sentence holding an entity
  of its label that the question doesn't already name, and near the thing counted ("speakers");
- "why" wants a reason ("because", "due to", "after", "citing" …);
- "what did X say" wants a quote or reported speech whose speaker is X — the subject of a reporting verb
  (spaCy's parser), or a quote in a sentence or right after one that names X;
- an article that mentions more of the question's key terms is the one the question is about;
- a question the article asks itself ("“The most annoying thing?") is no answer; the sentence after it is;
- in a conversation, sentences already quoted are not quoted again when more is asked for, and the
  articles the previous answer cited come first.

Which entity of a sentence is its answer is ``assistant.entity_choice``'s to say.

Invariants: only the ``RERANK_DEPTH`` best-covering sentences are re-ranked (spaCy runs on those only,
~30 ms); one below half the coverage floor never comes before one above it; next, one from an article naming
fewer of the question's key terms than another re-ranked one's comes after (the one quoted may be below the
floor); then one below the floor (counting, at a discount, the sentence before it) never overtakes one above
it unless it answers outright (the asked role's holder named beside it, or the asked speaker's own quote, in
the article naming every name the question gives); whether to abstain was decided before, on coverage alone.
"""
from __future__ import annotations

import re

from assistant import nlp
from assistant.answer_entities import (
    beside,
    describes,
    field_value,
    final_result,
    may_name,
    of_the_game,
    said_of,
    scores,
    titled,
)
from assistant.conversation import Conversation
from assistant.entity_choice import EntityChooser
from assistant.evidence import Sentence
from assistant.mentions import article_words, mentioned, term_words
from assistant.missed_entities import missed_by_spacy
from assistant.neighbours import (
    after_questions,
    asks,
    dateline,
    explained,
    leads,
    previous_coverage,
    quote_context,
    restates,
    successors,
)
from assistant.nlp import LIGHT_VERBS, RESULT_VERBS, uses_word, verb_group
from assistant.passage import Passage
from assistant.places import events_at, workplace_cue, workplaces, works_at
from assistant.question import CONTEXT_KINDS, COUNT_KINDS, COUNTS, ROLE_KINDS, Intent
from assistant.said_otherwise import asked_events
from assistant.speakers import NOT_SPEECH, quotes_speaker, speaker_merit
from assistant.text import (
    ADDING,
    LEADING_WORDS,
    NAME_SPAN,
    QUOTE_MARK,
    REASON,
    SINCE_DATE,
    YEAR,
    asked_now,
    counts,
    dated_since,
    focus_word,
    normalise,
    numbered,
    words_of,
)

RERANK_DEPTH = 12
RELAXED_FLOOR = 0.5  # share of the floor a typed answer needs where nothing above the floor holds one
# A "how many X" question: sentences below that depth stating a number of X join the re-rank, at most this many
COUNT_DEPTH = 6
DOER_DEPTH = 3  # the best sentences of a who/which question parsed for who does the asked verb (~3 ms each)
DOER_BONUS = 0.1
TYPE_MATCH = 0.3  # the sentence holds an entity of the wanted kind the question doesn't name
TYPE_MISS = NOT_SPEECH  # ... or, for any typed, "why" or "what did X say" question, holds nothing of the kind
NEIGHBOUR_SHARE = 0.5  # a sentence right after one that covers the question is about the same thing
OWN_WORDS_SHARE = 0.1  # a tie-break: 0.0 and 0.1 gave the same 227 natural answers (bench/RESULTS.md)
FOCUS_BONUS = 0.15  # it names the thing counted
REASON_BONUS = 0.2
ROLE_BONUS = 0.15
DESCRIBE_BONUS = 0.2
LEAD_BONUS = 0.2  # asked what an outlet reported: a story's lead says what it reports
KEY_TERM_SHARE = 0.3  # times the share of the question's key terms its article mentions
CITED_BEFORE_BONUS = 0.1  # an article the previous answer quoted
ADDED_BONUS = 0.15  # "who else …?": a sentence adding to what was told ("Constancio has *also* embraced the idea")
OTHER_YEAR = 0.15
RESULT_BONUS = 0.15
SAID_OF_BONUS = 0.15  # the figure or name is stated of the thing asked about ("revenue of $9.3 billion")


class AnswerPicker:
    def __init__(self, intent: Intent, question: str, passages: list[Passage],
                 conversation: Conversation | None = None, article_texts: dict[str, str] | None = None):
        self.intent = intent
        self.question = question.lower()
        self.years = set(YEAR.findall(asked_now(question)))  # "before the 2023 deadline"
        self.instances = numbered(asked_now(question))  # "in week 14", "the second leg"
        self.conversation = conversation or Conversation()
        self.chooser = EntityChooser(intent, question, self.conversation)
        by_article = article_words(passages, article_texts)
        self.article_words = by_article
        terms = intent.key_terms
        self.key_share = {a: (sum(mentioned(t, w) for t in terms) / len(terms) if terms else 0.0)
                          for a, w in by_article.items()}

    def rerank(self, ranked: list[Sentence], score, needed: float) -> list[Sentence]:
        """``ranked`` best first by ``score`` (the coverage-based merit); the head re-ranked by intent."""
        fresh = [s for s in ranked if normalise(s.text) not in self.conversation.quoted] \
            if self.intent.wants_more else ranked
        # the answer often follows the sentence restating the question ("Pebble is shutting down." → "“The landscape
        # evolved faster than we had thought,” he explains."): the one after each best-covering one is re-ranked too
        head = fresh[:RERANK_DEPTH]
        head += successors(head, fresh)

        def add_stating(stating, depth: int | None = COUNT_DEPTH) -> None:  # from below the depth: it says so outright
            chosen = {id(s) for s in head}
            head.extend([s for s in fresh if id(s) not in chosen and stating(s)][:depth])
        if self.intent.kind in COUNT_KINDS and self.intent.focus:  # "80,065 fans poured in": it says so in so many words
            add_stating(lambda s: counts(s.text, self.intent.focus))
        if "SCORE" in self.intent.labels:  # "FULLTIME: Chicago Fire 4-1 Inter Miami" shares few words with a question
            add_stating(lambda s: scores(s.text) and final_result(s.text) and of_the_game(s.text, self.intent.sides))
        if self.intent.kind == "where":  # a story's dateline says where it happened, in words no question uses
            add_stating(dateline)
        if self.intent.kind in ("where", "when") and (events := asked_events(self.question)):
            # "… the two tied the knot in September 2004 in Studio City", in a story naming all the question asks of
            add_stating(lambda s: any(written.search(s.text) for written in events)
                        and self.key_share.get(s.passage.article_id, 0.0) == 1.0)
        if self.intent.workplace:  # "where did she work before?" → "… spent two decades at Intel"
            add_stating(lambda s: workplace_cue(s.text, self.intent.workplace))
        if self.intent.since:  # "when did he last suit up?" → "… for the first time since Week 5"
            add_stating(lambda s: bool(SINCE_DATE.search(s.text)))
        kind = "time" if self.intent.unit == "time" else self.intent.kind  # "what time": a time field, not a date
        wanted = self.intent.labels[0] if self.intent.labels else ""
        if wanted:  # "Location: BMO Field (Toronto, Canada)": a field states its fact in the question's own kind
            add_stating(lambda s: field_value(s.text, kind, wanted))
        if self.intent.reported:  # what an outlet reported: each retrieved story's lead is a candidate
            add_stating(leads, depth=None)
        chosen = {id(s) for s in head}
        tail = [s for s in fresh if id(s) not in chosen]
        entities = nlp.entities_of([s.text for s in head]) if self.intent.labels else [()] * len(head)
        counted = self.intent.focus if self.intent.kind in COUNT_KINDS else ""
        entities = [found + missed_by_spacy(self.intent.labels, s.text, found, counted) for s, found in zip(head, entities)]
        if self.intent.kind == "who" and self.intent.focus:  # "Said Pastor Bradley": a name after its title
            entities = [found + titled(s.text, self.intent.focus, found) for s, found in zip(head, entities)]
        if "GPE" in self.intent.labels:  # a dateline says where the story happened; spaCy reads no capitals
            entities = [found + dateline(s) + events_at(s.text, found) + workplaces(s.text, found, self.intent.workplace)
                        for s, found in zip(head, entities)]
        fields = {id(s): field_value(s.text, kind, wanted) if wanted else () for s in head}
        entities = [fields[id(s)] + found for s, found in zip(head, entities)]
        coverage = {(s.passage.chunk_id, s.end): s.coverage for s in ranked}
        carried = quote_context(ranked) if self.intent.kind in CONTEXT_KINDS else {}
        found_in = {id(s): found for s, found in zip(head, entities)}
        answers_one = after_questions(ranked)  # "“The most annoying thing?” … The traffic, that's the biggest thing"
        # the article the question is about names all its key terms; one naming fewer is about something
        # else, however well its sentence scores ("who won the Las Vegas Grand Prix?" → a Las Vegas story)
        most = max((self.key_share.get(s.passage.article_id, 0.0) for s in head), default=0.0)
        about = self._about(head, most)
        nlp.parse_all([s.text for s in head if self.intent.kind == "said"  # whose words; what a figure is of
                       or may_name(s.text, self.intent.of_noun)])
        for sentence, found in zip(head, entities):
            sentence.answer_entity = self.answer_entity(sentence.text, found)
            if not self._of_both_sides(sentence):
                sentence.answer_entity = None
            # "The startup is closing because …" follows the one naming it; a quote's later sentences carry its context
            before = carried.get(id(sentence), previous_coverage(sentence, coverage))
            share = 1.0 if self.intent.kind in CONTEXT_KINDS or id(sentence) in answers_one else NEIGHBOUR_SHARE
            lift = share * max(0.0, before - sentence.coverage)
            sentence.merit = score(sentence) + lift + self._intent_merit(sentence)
            if carried:  # of the sentences one context lifts alike, the one using the question's words first
                sentence.merit += OWN_WORDS_SHARE * sentence.coverage
            sentence.in_context = sentence.coverage + lift
            if self._answers_outright(sentence) or ((fields[id(sentence)] or self._worked_at(sentence)) and about(sentence)):
                sentence.in_context = max(sentence.in_context, needed)  # in few of the question's words, still the answer

        # a name doing what the question asks decides, whatever else the sentence covers; but a game's
        # winner wins many things in one season ("Bell wins the Food City Dirt Race" for the Cup title)
        # "when did they last meet unbeaten?" → "the first time … since *2011*" says it outright, too
        def decisive(s: Sentence) -> bool:
            return s.by_doer and self.intent.verb not in RESULT_VERBS or self._since_stated(s) or self._worked_at(s)

        floor = self._floor(head, needed, about)

        def order(s: Sentence) -> tuple:  # more key terms first, unless the sentence covers next to nothing
            return (s.in_context < floor(s) * RELAXED_FLOOR, self.key_share.get(s.passage.article_id, 0.0) < most,
                    s.in_context < floor(s), not decisive(s), asks(s.text) or restates(self.question, s.text),
                    -s.merit)  # its own question, or ours again in its words: no answer (the next sentence may be)

        head.sort(key=order)
        if self.intent.verb:  # parse only the few best: who does what the question asks is the answer
            # and the next few that use the question's verb ("Sinner, coached by Australia's Darren Cahill, …"),
            # except a game's winner (a season's stories tell of many wins, see ``decisive``) and a light verb,
            # whose meaning is in its particle ("took part" is not "taken over")
            lemmas = () if self.intent.verb in (*RESULT_VERBS, *LIGHT_VERBS) else verb_group(self.intent.verb)
            uses_verb = [s for s in head[DOER_DEPTH:] if any(uses_word(s.text, v) for v in lemmas)][:DOER_DEPTH]
            for sentence in head[:DOER_DEPTH] + uses_verb:
                self._prefer_doer(sentence, found_in[id(sentence)])
            head.sort(key=order)
        return head + tail

    def _of_both_sides(self, sentence: Sentence) -> bool:
        """A score asked of "the patriots-steelers game" is from a story naming both sides: "… send the Patriots to
        a 26-23 victory" in a story that never names the Steelers is another game's."""
        entity, sides = sentence.answer_entity, self.intent.sides
        if entity is None or entity.label != "SCORE" or len(sides) < 2:
            return True
        words = self.article_words.get(sentence.passage.article_id, set()) | set(words_of(sentence.text))
        return all(any(w.startswith(side) for w in words) for side in sides)

    def _since_stated(self, sentence: Sentence) -> bool:
        """Asked when something last happened, the answer is the date the sentence says it hasn't since."""
        entity = sentence.answer_entity
        return self.intent.since and entity is not None and bool(dated_since(sentence.text, entity.start))

    def _worked_at(self, sentence: Sentence) -> bool:
        """Asked where someone works or studied, the sentence says so of the institution it answers with."""
        return sentence.answer_entity is not None and works_at(sentence.text, sentence.answer_entity, self.intent.workplace)

    def _about(self, head: list[Sentence], most: float):
        """Whether a sentence is from the article the question is about: the one naming the question's key
        terms or, where it names none, the best-covering one."""
        top = head[0].passage.article_id if head else ""

        def about(s: Sentence) -> bool:
            share = self.key_share.get(s.passage.article_id, 0.0)
            return share == most > 0.0 or (most == 0.0 and s.passage.article_id == top)

        return about

    def _floor(self, head: list[Sentence], needed: float, about):
        """The coverage a sentence needs to be quoted first. When no sentence above the floor in the article
        the question is about (``_about``) holds the place a "where" question or the time of day a "what
        time" question asks for ("where was COP28 held?" → a dozen COP28 sentences, no place), one of its
        sentences that does may stand at half the floor ("… made in Dubai")."""
        # only a place or a time of day ("Kickoff is at 3 p.m."): a figure or a date the best sentences lack is one
        # the articles don't give (that abstains), and a name beside a role counts only with the question's names
        relaxed = self.intent.kind == "where" or self.intent.unit == "time"
        if not relaxed or any(s.answer_entity for s in head if s.in_context >= needed and about(s)):
            return lambda s: needed
        return lambda s: needed * RELAXED_FLOOR if s.answer_entity and about(s) else needed

    def _prefer_doer(self, sentence: Sentence, found) -> None:
        """"Who led it?" → "*Accel* led the round, with Infinity Ventures": of the sentence's names, the one
        that does the question's verb."""
        # a game's winner beats or defeats the other side as well as winning; who runs a body heads it
        lemmas = verb_group(self.intent.verb)
        spans = [span for lemma in lemmas for span in nlp.doers(sentence.text, lemma)]
        inside = [e for e in found if any(start <= e.start and e.end <= end for start, end in spans)]
        entity = self.answer_entity(sentence.text, inside) if inside else None
        if entity is None:  # spaCy's small model misses many names ("Accel"): a capitalised doer is one
            named = [nlp.Entity(m.group(), self.intent.labels[0], start + m.start(), start + m.end())
                     for start, end in spans for m in NAME_SPAN.finditer(sentence.text[start:end])
                     if m.group().split()[0] not in LEADING_WORDS and not any(e.text == m.group() for e in inside)]
            entity = self.answer_entity(sentence.text, named) if named else None
        if entity is not None:
            sentence.answer_entity, sentence.by_doer = entity, True
            sentence.merit += DOER_BONUS

    def _intent_merit(self, sentence: Sentence) -> float:
        intent, text = self.intent, sentence.text
        merit = KEY_TERM_SHARE * self.key_share.get(sentence.passage.article_id, 0.0)
        if intent.labels:  # the first label is the one asked for; the others are fallbacks
            # "two weeks into the war" is no answer to "since when?" that "since May 2022" is
            # nor is "the first 100-yard rushing performance" a count of yards: a number in a compound describes
            preferred = (sentence.answer_entity and (sentence.answer_entity.label == intent.labels[0] or (
                intent.kind in COUNT_KINDS and sentence.answer_entity.label in COUNTS))  # "189 scrimmage yards"
                         and not (intent.kind == "when" and self.chooser.vague(text, sentence.answer_entity))
                         and not (intent.kind in COUNT_KINDS and text[sentence.answer_entity.end:][:1] == "-"))
            merit += (TYPE_MATCH if preferred else TYPE_MATCH / 2) if sentence.answer_entity else TYPE_MISS
        if intent.focus and intent.kind in ROLE_KINDS:
            # a role is often left out ("Which club …?" → "Man United beat …"); beside the answer it confirms it
            merit += ROLE_BONUS if beside(sentence.answer_entity, intent.focus, text) else 0.0
        elif intent.focus:  # the thing counted: a sentence without it counts something else
            merit += FOCUS_BONUS if focus_word(intent.focus).search(text) else -FOCUS_BONUS
        # (a score entity is of the game asked about already: ``answer_entity`` checks it)
        if said_of(text, sentence.answer_entity, self.intent.of_noun, self.chooser.asks_owner):
            merit += SAID_OF_BONUS
        if "SCORE" in intent.labels and sentence.answer_entity is not None and final_result(text, sentence.answer_entity):
            merit += RESULT_BONUS  # the final score, not the half-time one or a lead along the way
        if intent.kind == "why":  # a sentence that only restates what happened doesn't say why
            merit += REASON_BONUS if REASON.search(text) else REASON_BONUS / 2 if explained(text) else TYPE_MISS
        if intent.kind == "said":
            merit += speaker_merit(self.intent.speaker, sentence)
        if intent.kind == "identity":
            merit += DESCRIBE_BONUS if describes(intent.subject, text) else 0.0
        if intent.reported and leads(sentence):
            merit += LEAD_BONUS
        if sentence.passage.article_id in self.conversation.cited_articles:
            merit += CITED_BEFORE_BONUS
        if intent.wants_more and ADDING.search(text):
            merit += ADDED_BONUS
        if self.years and (years := set(YEAR.findall(text))) and not years & self.years:
            merit -= OTHER_YEAR  # "ahead of the 2022 trade deadline" tells of another year than the one asked about
        if self.instances and other_instance(sentence, self.instances):
            merit -= OTHER_YEAR  # "Jordan's third ballot" for the second, "Week 15 rankings" for Week 14
        return merit

    def _answers_outright(self, sentence: Sentence) -> bool:
        """It names who holds the role asked about beside the role, with every name the question gives
        ("Ashkan Soltani, the CPPA's exec director"); or it quotes the speaker asked about by name, in an
        article naming every name the question gives ("“… if the knockout comes, it comes,” Opetaia said")."""
        intent, text = self.intent, sentence.text
        if intent.kind == "said" and intent.speaker and intent.key_terms and QUOTE_MARK.search(text):
            return self.key_share.get(sentence.passage.article_id, 0.0) == 1.0 and quotes_speaker(intent.speaker, text)
        return (intent.kind in ROLE_KINDS and bool(intent.focus and intent.key_terms) and beside(sentence.answer_entity, intent.focus, text)
                and all(mentioned(t, term_words(text)) for t in intent.key_terms))

    def answer_entity(self, text: str, found) -> nlp.Entity | None:
        """The entity of ``found`` that answers the question, if any (``EntityChooser.choose``)."""
        return self.chooser.choose(text, found)


# a sentence telling of a past game: its story's headline ("Week 12 preview") need not be what it tells of
LOOKS_BACK = re.compile(r"\b(?:last|previous) (?:week|weekend|game|match|season|night|sunday|monday|tuesday|wednesday|"
                        r"thursday|friday|saturday)\b|\ba week ago\b", re.IGNORECASE)


def other_instance(sentence: Sentence, asked: set[tuple[str, int]]) -> bool:
    """The sentence (else, unless it looks back, its story's headline) names another of a series the question asks
    one of, and not the one asked: "Week 15" for "in week 14", "the first leg" for "the second leg"; each series on
    its own ("in Game 2, … after the first quarter" for "the first quarter of game 3")."""
    named = numbered(sentence.text, foreground=True)
    if not named and not LOOKS_BACK.search(sentence.text):
        named = numbered(sentence.passage.title, foreground=True)
    for series in {noun for noun, _ in asked}:
        told = {n for noun, n in named if noun == series}
        if told and not told & {n for noun, n in asked if noun == series}:
            return True
    return False
