"""The coding pipeline, top to bottom.

    read -> clean -> language -> sentences -> pre-filter -> parse -> events -> merge

Reading this file shows the whole flow. Documents move in chunks so that the
spaCy parser sees one large `nlp.pipe` batch of candidate sentences from many
documents: the pre-filter (trigger matches on unparsed tokens, in sentences
that name or point to a party) keeps the parser away from sentences that cannot
hold an event, which is where most of the time would go.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from herald.coding.actors import Context, find_phrases, resolve_phrase
from herald.coding.decision import DecisionModel
from herald.coding.events import EventCoder, SentenceData
from herald.coding.lexicon import TriggerLexicon, load_lexicon
from herald.coding.story import Dateline, find_dateline, story_country
from herald.errors import MODEL_MISSING, ModelError
from herald.kb import KnowledgeBase, load_kb
from herald.readers import Item
from herald.schema import Document, Event, Skipped
from herald.settings import Settings
from herald.stages.clean import clean_document
from herald.stages.dates import parse_iso
from herald.stages.dedup import merge_events
from herald.stages.language import language_problem, load_identifier
from herald.stages.sentences import split_sentences
from herald.textutil import tokenize

log = logging.getLogger(__name__)

# words that point back to a party named earlier: pronouns and the possessive ("the group's")
ANAPHORS = {"he", "she", "they", "it", "we", "its", "their", "'s"}
LEAD_SENTENCES = 2  # the headline and lead: parsed even when they name no party
STAGES: tuple[tuple[str, str, str], ...] = (
    ("read", "input path / record", "Document(raw | html, metadata)"),
    ("clean", "raw, html", "text, title, pub_date"),
    ("language", "text", "lang (or Skipped)"),
    ("sentences", "text, title", "sentences"),
    ("pre-filter", "sentences", "candidate sentences with triggers and a party"),
    ("parse", "candidate sentences", "spaCy dependency parses (never leave this module)"),
    ("events", "parses, phrases, triggers, context", "events"),
    ("merge", "events", "one event per real-world event in the document"),
)


@dataclass
class _Prepared:
    doc: Document
    sentences: list[SentenceData] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)
    started: float = 0.0
    dateline: Dateline | None = None


def load_nlp(settings: Settings) -> Any:
    """The spaCy pipeline with only what the coder uses (tagger, parser, lemmatizer; no NER)."""
    import spacy

    if settings.gpu:
        spacy.require_gpu()
    try:
        return spacy.load(settings.model, exclude=["ner"])
    except OSError as err:
        raise ModelError(MODEL_MISSING.format(name=settings.model)) from err


def load_decision(name: str) -> DecisionModel | None:
    """The decision model a setting names: 'default', 'rules' (none) or a file path."""
    if name == "rules":
        return None
    return DecisionModel.load(None if name == "default" else name)


class Pipeline:
    """Everything needed to code documents; build once, reuse for many documents."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        kb: KnowledgeBase | None = None,
        lexicon: TriggerLexicon | None = None,
        nlp: Any = None,
    ) -> None:
        self.settings = settings or Settings()
        self.kb = kb or load_kb(self.settings.kb_paths)
        self.lexicon = lexicon or load_lexicon()
        self._nlp = nlp
        load_identifier()  # now, not inside the first document (and its time limit)
        self.coder = EventCoder(self.kb, include_negated=self.settings.include_negated)
        self.decision = load_decision(self.settings.decision_model)

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_nlp(self.settings)
        return self._nlp

    @staticmethod
    def describe() -> list[tuple[str, str, str]]:
        """(stage, reads, writes) in order: the flow as data, for docs and `--help`."""
        return list(STAGES)

    # ------------------------------------------------------------ public
    def code_text(
        self, text: str, pub_date: str | None = None, doc_id: str = "text"
    ) -> list[Event]:
        doc = Document(
            doc_id=doc_id,
            raw=text,
            pub_date=pub_date,
            pub_date_origin="option" if pub_date else None,
        )
        for item in self.run([doc]):
            if isinstance(item, Document):
                return item.events
        return []

    def run(
        self, items: Iterable[Item], *, chunk_size: int = 32, candidates_only: bool = False
    ) -> Iterator[Document | Skipped]:
        """Code every Document; pass Skipped records through unchanged, in order.

        `candidates_only` leaves each document with the rules' candidates, before the
        decision model, the merge and the confidence threshold (what training reads)."""
        chunk: list[Item] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= chunk_size:
                yield from self._run_chunk(chunk, candidates_only)
                chunk = []
        if chunk:
            yield from self._run_chunk(chunk, candidates_only)

    # ------------------------------------------------------------ stages
    def _run_chunk(
        self, chunk: list[Item], candidates_only: bool = False
    ) -> Iterator[Document | Skipped]:
        prepared: list[_Prepared | Skipped] = [self._prepare(item) for item in chunk]
        texts: list[str] = []
        owners: list[tuple[int, int]] = []
        for p_index, prep in enumerate(prepared):
            if isinstance(prep, _Prepared):
                for s_index in prep.candidates:
                    texts.append(prep.sentences[s_index].sentence.text)
                    owners.append((p_index, s_index))
        parses: dict[tuple[int, int], Any] = {}
        if texts:
            for owner, parsed in zip(
                owners, self.nlp.pipe(texts, batch_size=self.settings.batch_size), strict=True
            ):
                parses[owner] = parsed
        for p_index, prep in enumerate(prepared):
            if isinstance(prep, Skipped):
                yield prep
                continue
            try:
                own = {s: parses[(p_index, s)] for s in prep.candidates}
                yield self._code(prep, own, candidates_only)
            except Exception as err:  # a coder bug must cost one document, not the batch
                log.exception("coding failed on %s", prep.doc.doc_id)
                yield Skipped(
                    prep.doc.doc_id,
                    f"internal error while coding ({type(err).__name__}: {err}); "
                    "please report it with this document",
                )

    def _prepare(self, item: Item) -> _Prepared | Skipped:
        if isinstance(item, Skipped):
            return item
        doc = item
        started = time.perf_counter()
        try:
            clean_document(doc)
        except Exception as err:  # a cleaning bug must not stop the batch
            log.exception("cleaning failed on %s", doc.doc_id)
            return Skipped(doc.doc_id, f"could not clean the page ({type(err).__name__}: {err})")
        if not doc.text.strip():
            return Skipped(
                doc.doc_id, "no article text found (the page is all menus, links or captions)"
            )
        if len(doc.text) > self.settings.max_doc_chars:
            doc.notes.append(f"text cut at {self.settings.max_doc_chars} characters")
            doc.text = doc.text[: self.settings.max_doc_chars]
        problem = language_problem(doc, self.settings.min_english_share)
        if problem:
            return Skipped(doc.doc_id, problem)
        split_sentences(doc)
        prep = _Prepared(doc, started=started, dateline=_trim_dateline(doc, self.kb))
        long_count = 0
        limit = self.settings.doc_time_limit_s
        for index, sentence in enumerate(doc.sentences):
            if time.perf_counter() - started > limit:
                doc.notes.append(
                    f"stopped after {limit:g} s (doc_time_limit_s); later sentences not coded"
                )
                break
            if len(sentence.text) > self.settings.max_sentence_chars:
                long_count += 1  # never parsed, so not worth matching either
                prep.sentences.append(SentenceData(index, sentence, [], [], [], []))
                continue
            tokens = tokenize(sentence.text)
            phrases = find_phrases(tokens, sentence.text, self.kb)
            # an event needs a party to be worth a parse, except in the lead (the story's event)
            keep = phrases or index < LEAD_SENTENCES or _points_back(tokens) or _has_name(tokens)
            triggers = self.lexicon.find(tokens) if keep else []
            places = list(self.kb.places.find(tokens, sentence.text)) if triggers else []
            data = SentenceData(index, sentence, tokens, phrases, triggers, places)
            prep.sentences.append(data)
            if triggers:
                prep.candidates.append(index)
        if long_count:
            doc.notes.append(
                f"{long_count} sentence(s) over {self.settings.max_sentence_chars} characters "
                "not parsed"
            )
        return prep

    def _code(
        self, prep: _Prepared, parses: dict[int, Any], candidates_only: bool = False
    ) -> Document:
        doc = prep.doc
        ctx = Context(pub_date=parse_iso(doc.pub_date))
        ctx.story = story_country(prep.sentences, prep.dateline)
        # the story's states are known before coding, so a headline's "protesters" can take them
        for data in prep.sentences:
            for phrase in data.phrases:
                ctx.state_counts.update(t.code for t in phrase.terms if t.code and len(t.code) == 3)
        events: list[Event] = []
        limit = self.settings.doc_time_limit_s
        for data in prep.sentences:
            if time.perf_counter() - prep.started > limit:
                doc.notes.append(
                    f"stopped after {limit:g} s (doc_time_limit_s); later sentences not coded"
                )
                break
            for phrase in data.phrases:
                resolve_phrase(phrase, self.kb, ctx.pub_date)
            if data.index in parses:
                events.extend(
                    self.coder.code_sentence(
                        data, parses[data.index], ctx, doc.doc_id, doc.pub_date
                    )
                )
            _update_context(ctx, data)
        if candidates_only:
            doc.events = events
            return doc
        if self.decision is not None:
            events = self.decision.decide(events, ctx.pub_date)
        threshold = self.settings.min_confidence
        keep_partial = self.settings.keep_partial
        doc.events = [
            e
            for e in merge_events(events)
            if e.confidence >= threshold and (keep_partial or not e.partial)
        ]
        return doc


def _trim_dateline(doc: Document, kb: KnowledgeBase) -> Dateline | None:
    """Cut the dateline off the story's first body sentence, so that its place is never
    parsed as a party ("THE HAGUE, March 3 (Reuters) -- The court ordered ..."), and keep it
    as the story's location."""
    for index, sentence in enumerate(doc.sentences[:3]):
        if sentence.zone == "title":
            continue
        found = find_dateline(sentence.text, kb)
        if found is not None and found.end < len(sentence.text):
            doc.sentences[index] = replace(
                sentence, start=sentence.start + found.end, text=sentence.text[found.end :]
            )
        return found
    return None


def _points_back(tokens: list[Any]) -> bool:
    """A pronoun or a possessive ("the group's"): a party named earlier in the story."""
    return any(t.norm in ANAPHORS for t in tokens)


def _has_name(tokens: list[Any]) -> bool:
    """A capitalised word after the first: possibly an actor the KB does not know."""
    return any(t.capitalized and t.text.isalpha() for t in tokens[1:])


def _update_context(ctx: Context, data: SentenceData) -> None:
    """After a sentence: the person and the pair in focus."""
    persons = [a for p in data.phrases for a in p.actors if a.kind == "person"]
    if persons:
        ctx.last_person = persons[0]
        distinct = []
        for actor in persons:
            if all(actor.name != d.name for d in distinct):
                distinct.append(actor)
        if len(distinct) >= 2 and distinct[0].code != distinct[1].code:
            ctx.last_pair = distinct[:2]
