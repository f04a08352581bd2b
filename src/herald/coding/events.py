"""Events from parsed sentences: trigger + who did it to whom, how, where and when.

For each trigger match the head word's place in the dependency parse gives the
roles: the subject of a verb is its source and its object (or the object of
"with", "to", "against", "on" ...) its target; a passive swaps them; a noun takes
its possessor or national adjective ("Israeli attacks") as source, or the subject
of the light verb that carries it ("held talks", "In a phone call, X and Y
discussed"). Symmetric events (meetings, calls, agreements) put every party in
`source`. Modality turns events into others: "will visit" is AGREE, "could impose
sanctions" THREATEN, "refused to meet" REJECT (through the governing trigger),
"did not attend" nothing. Evaluative nouns ("atrocities", "crimes") make the
speaker of the sentence accuse their possessor.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from herald.coding.actors import ActorPhrase, Context
from herald.coding.arguments import GOVERNING, Arg, ArgumentFinder, SentenceData, has_subject
from herald.coding.lexicon import TriggerMatch
from herald.coding.modality import (
    TOPIC_VERBS,
    classify_modality,
    governor,
    mere_mention,
    suppressed,
    topic_of_talks,
)
from herald.kb import KnowledgeBase
from herald.schema import Actor, Event, Location
from herald.stages.dates import resolve_event_date

ARGUMENT_PREPS = {"for", "to", "on", "of", "against", "about"}
OBJECT_LOC_PREPS = {"in", "at"}
LOC_PREPS = {
    "in",
    "at",
    "near",
    "inside",
    "outside",
    "across",
    "throughout",
    "within",
    "into",
    "on",
    "to",
}
SPEECH_VERBS = {
    "say",
    "tell",
    "state",
    "stress",
    "emphasize",
    "emphasise",
    "note",
    "add",
    "declare",
    "insist",
    "argue",
    "affirm",
    "underline",
    "underscore",
    "highlight",
    "reiterate",
    "express",
    "refer",
    "point",
    "write",
    "claim",
    "announce",
    "explain",
    "describe",
    "warn",
    "assert",
    "remark",
    "comment",
    "tweet",
    "post",
    "believe",
    "consider",
    "call",
    "deem",
}
ACCIDENTS = {
    "accident",
    "crash",
    "collision",
    "derailment",
    "earthquake",
    "quake",
    "tremor",
    "flood",
    "flooding",
    "landslide",
    "mudslide",
    "avalanche",
    "storm",
    "cyclone",
    "hurricane",
    "typhoon",
    "tornado",
    "blaze",
    "wildfire",
    "heatwave",
    "drought",
    "disease",
    "outbreak",
    "epidemic",
    "virus",
    "lightning",
}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
CONFLICTUAL = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "THREATEN"}
NEEDS_TARGET = {"SUPPORT", "ACCUSE", "REQUEST", "THREATEN", "REJECT", "SANCTION", "AID"}
NEEDS_TWO = {"CONSULT", "COOPERATE"}
PARTIAL_CONFIDENCE = 0.3  # an event with fewer actors than its type needs
FUTURE_CAMEO = {
    "CONSULT": "036",
    "AID": "033",
    "COOPERATE": "031",
    "SUPPORT": "030",
    "RETREAT": "0356",
    "CONCEDE": "035",
    "AGREE": "030",
}
THREAT_CAMEO = {
    "ASSAULT": "138",
    "COERCE": "137",
    "SANCTION": "1312",
    "MOBILIZE": "138",
    "PROTEST": "139",
    "THREATEN": "130",
}
CONTEXTS = {
    "ceasefire": r"cease-?fire|truce|armistice|cessation of hostilities",
    "humanitarian": r"humanitarian|aid|famine|relief|refugee|displaced|civilians",
    "nuclear": r"nuclear|uranium|enrichment|atomic|warhead|iaea",
    "energy": r"\benergy|\boil\b|\bgas\b|pipeline|electricity|power plant|lng",
    "trade": r"\btrade|tariff|export|import|econom|investment|customs",
    "terrorism": r"terror|extremis|jihad",
    "elections": r"election|vote|ballot|poll\b|campaign",
    "migration": r"migra|asylum|refugee",
    "human rights": r"human rights|torture|political prisoners|freedom of",
    "territory": r"border|territor|annex|sovereignty|occupation",
    "military": r"military|troops|army|weapons|arms\b|missile|defen[cs]e",
    "cyber": r"cyber|hack",
    "health": r"health|pandemic|covid|vaccine|epidemic|cholera",
    "environment": r"climate|environment|emission",
    "legal": r"court|lawsuit|indict|trial|prosecut|tribunal",
}
_CONTEXT_RX = {name: re.compile(rx) for name, rx in CONTEXTS.items()}  # matched on lower case
_MULTILATERAL = re.compile(
    r"\b(summit|conference|forum|assembly|session|gathering|attend|join|participate)", re.I
)
_PHONE = re.compile(
    r"\b(phone|telephone|phoned|telephoned|video ?(call|conference|link)|virtual(ly)?|call)\b", re.I
)


class _EventContext(ArgumentFinder):
    """What surrounds a trigger: a governing or embedded trigger, the place, the mode."""

    def _embedded_type(self, head: Any) -> str | None:
        """The type of a trigger in the clause or object this one governs ("agreed to withdraw")."""
        for child in head.children:
            if child.dep_ in ("xcomp", "dobj", "ccomp") and child.i in self._trigger_heads:
                return self._trigger_heads[child.i].trigger.event_type
            if child.dep_ == "prep" and child.lower_ in ("to", "on"):
                for pobj in child.children:
                    if pobj.i in self._trigger_heads:
                        return self._trigger_heads[pobj.i].trigger.event_type
        return None

    def _governed_by_trigger(self, head: Any) -> bool:
        """'refused to meet', 'called for talks', 'threatened to strike': the outer event wins."""
        node = head
        for _ in range(3):
            if node.head.i == node.i:
                return False
            rel = node.dep_
            parent = node.head
            if rel == "prep" and node.lower_ not in ARGUMENT_PREPS:
                return False  # "in a phone call with X, Y called for ...": a frame, not an argument
            if rel in ("xcomp", "dobj", "pobj", "prep", "ccomp", "acomp", "pcomp"):
                outer = self._trigger_heads.get(parent.i)
                if outer is not None and outer.trigger.event_type in GOVERNING and rel != "ccomp":
                    return True
                if outer is not None and outer.trigger.event_type == "THREATEN" and rel != "ccomp":
                    return True  # "threatened to strike"; but "warned (that) X could strike" is X's
                node = parent
                continue
            return False
        return False

    def _index_places(self, data: SentenceData, spacy_doc: Any) -> dict[int, Location]:
        out: dict[int, Location] = {}
        for m in data.places:
            term = m.values[0]
            loc = Location(term.name, term.code, term.lat, term.lon)
            if term.place_kind == "landmark":
                self._landmarks.update(t.i for t in spacy_doc if m.start <= t.idx < m.end)
            for tok in spacy_doc:
                if m.start <= tok.idx < m.end:
                    out[tok.i] = loc
        return out

    def _places_in(self, prep: Any, depth: int = 0) -> list[int]:
        """Place tokens of a locative phrase and its nested ones ("at X in Y"), not of clauses."""
        found: list[int] = []
        for pobj in prep.children:
            if pobj.dep_ != "pobj" or pobj.i in self._trigger_heads:
                continue
            span = [
                pobj,
                *(c for c in pobj.children if c.dep_ in ("compound", "flat", "appos", "conj")),
            ]
            found.extend(t.i for t in span if t.i in self._place_at)
            if depth < 2:
                for sub in pobj.children:
                    if sub.dep_ == "prep" and sub.lower_ in LOC_PREPS:
                        found.extend(self._places_in(sub, depth + 1))
        return found

    def _location(self, head: Any, verbal: bool) -> Location | None:
        nodes = [(n, LOC_PREPS) for n in (head, *(head.doc[i] for i in sorted(self._own_tokens)))]
        # "met Xi at the Kremlin": the parser often hangs the place on the object -- but only
        # "in"/"at" there: "discussed attacks on Gaza" does not happen in Gaza
        nodes += [
            (c, OBJECT_LOC_PREPS)
            for c in head.children
            if c.dep_ in ("dobj", "pobj")
            and c.i not in self._own_tokens
            and head.lemma_.lower() not in TOPIC_VERBS
        ]
        if not verbal:
            verb, _ = governor(head)
            if verb is not None:
                nodes.append((verb, LOC_PREPS))
        for node, preps in nodes:
            found = [
                i
                for child in node.children
                if child.dep_ == "prep" and child.lower_ in preps
                for i in self._places_in(child)
            ]
            if found:
                # "at the Presidential Complex in Ankara": the city, not the building
                towns = [i for i in found if i not in self._landmarks]
                return self._place_at[(towns or found)[0]]
        return None

    def _fill_codes(
        self, actors: list[Actor], location: Location | None, avoid: set[tuple[str, str | None]]
    ) -> list[Actor]:
        """Actors the text gives no country ('police', 'protesters', a name the KB does not
        know) take the country of the event's place, else of the one country the sentence's
        places lie in, else of the story -- marked as inferred. A guess from the story never
        makes an event a state's act on itself, and a name the KB does not know takes only a
        strong story country (the dateline, or a one-country story)."""
        out = []
        for actor in actors:
            generic = actor.sector and actor.sector not in ("IGO", "NGO")
            if actor.code is None and (generic or actor.kind == "unknown"):
                # a name the KB does not know may be a visitor: never the place's country
                code, how = self._setting(location, actor.sector) if generic else (None, None)
                if code is None:
                    story = self._ctx.story_country()
                    if story is not None and (generic or story[1] == "dateline"):
                        code, how = story
                    elif actor.kind == "unknown" and self._ctx.dominant_state():
                        code, how = self._ctx.dominant_state(), "story location"
                    if (code, actor.sector) in avoid or (
                        (code, "GOV") in avoid and actor.sector == "GOV"
                    ):
                        code = None  # a story-level guess never makes a body act on itself
                if code:
                    actor = replace(actor, code=code, inferred=how)
            out.append(actor)
        return out

    def _setting(
        self, location: Location | None, sector: str | None
    ) -> tuple[str | None, str | None]:
        """The country where the sentence's event happens: its place, else the one country
        all the places the sentence names lie in -- but not for a government, which acts
        from its capital on places far away ("leaders must stop the crimes in Gaza")."""
        if location is not None and location.country:
            return location.country, "event location"
        countries = {loc.country for loc in self._place_at.values()}
        if len(countries) == 1 and None not in countries and sector != "GOV":
            return countries.pop(), "sentence location"
        return None, None

    def _consult_mode(
        self,
        mode: str | None,
        text: str,
        src: list[Actor],
        tgt: list[Actor],
        location: Location | None,
    ) -> str | None:
        if mode is None and _PHONE.search(text):
            mode = "phone"
        if mode == "phone":
            return mode
        codes = {a.code for a in src + tgt if a.code}
        if len(codes) >= 3 and mode is None:
            return "multilateral"
        if location is not None and location.country and len(codes) >= 2:
            if location.country in codes:
                return "visit"
            if mode is None:
                return "third-party"
        return mode


class EventCoder(_EventContext):
    """Codes the events of one parsed sentence; holds the KB and settings, no state."""

    def __init__(self, kb: KnowledgeBase, *, include_negated: bool = False) -> None:
        super().__init__(kb)
        self.include_negated = include_negated

    # ------------------------------------------------------------ entry point
    def code_sentence(
        self, data: SentenceData, spacy_doc: Any, ctx: Context, doc_id: str, pub_date: str | None
    ) -> list[Event]:
        tok_phrase: dict[int, ActorPhrase] = {}
        for phrase in data.phrases:
            for tok in spacy_doc:
                if phrase.start <= tok.idx < phrase.end:
                    tok_phrase[tok.i] = phrase
        self._tok_phrase = tok_phrase
        self._doc = spacy_doc
        self._ctx = ctx
        self._when = ctx.pub_date
        self._landmarks: set[int] = set()
        self._place_at = self._index_places(data, spacy_doc)
        heads = {}
        for match in data.triggers:
            tok = _token_at(spacy_doc, data.tokens[match.head_token].start)
            if tok is not None:
                heads[tok.i] = match
        self._trigger_heads = heads
        events: list[Event] = []
        for i, match in heads.items():
            self._own_tokens = {
                tok.i
                for pos in match.tokens
                for tok in spacy_doc
                if data.tokens[pos].start <= tok.idx < data.tokens[pos].end
            }
            event = self._code_trigger(match, spacy_doc[i], data, doc_id, pub_date)
            if event is not None:
                events.append(event)
        return events

    # ------------------------------------------------------------ one trigger
    def _code_trigger(
        self, match: TriggerMatch, head: Any, data: SentenceData, doc_id: str, pub_date: str | None
    ) -> Event | None:
        """The event of one trigger, or None: roles, modality, then the checks that drop it.

        Over 60 lines on purpose: the event decision read top to bottom, each step narrowing
        the type, roles and confidence set before it (split, a dozen values would travel).
        """
        trig = match.trigger
        if head.i in self._tok_phrase:
            return None  # part of a name ("Defence Ministry", "the occupying entity")
        if not _pos_ok(trig.pos, head):
            return None
        if head.dep_ == "amod" and len(match.tokens) == 1:
            return None  # "the detained journalists", "the besieged city": a description
        if self._governed_by_trigger(head):
            return None
        etype, cameo, mode = trig.event_type, trig.cameo, trig.mode
        verbal = head.pos_ in ("VERB", "AUX") or (head.tag_ in ("VBG", "VBN") and trig.pos == "V")
        modality = classify_modality(head, verbal)
        if modality == "negated" and not self.include_negated:
            return None
        if modality == "upcoming":
            return None
        if etype == "ASSAULT" and _by_accident(head):
            return None
        if not trig.has("eval") and etype not in ("REQUEST", "ACCUSE") and suppressed(head):
            return None
        if not verbal and topic_of_talks(head):
            return None
        if modality in ("future", "modal", "conditional"):
            if etype in CONFLICTUAL:
                cameo = THREAT_CAMEO.get(etype, "130")
                etype, mode = "THREATEN", None
            elif etype in ("RETREAT", "CONCEDE") and modality == "future":
                # a promise to withdraw, release or cease fire is a verbal concession
                cameo = "08" if etype == "RETREAT" else cameo
                etype, mode = "CONCEDE", None
            elif etype in COOPERATIVE and modality == "future":
                cameo = FUTURE_CAMEO.get(etype, "030")
                etype, mode = "AGREE", None
            elif modality != "future":
                return None
        embedded = self._embedded_type(head) if etype == "AGREE" else None
        if embedded in ("RETREAT", "CONCEDE"):
            # "agreed to put down their arms", "pledged to lift the curfew": a promised concession
            etype, cameo, mode = "CONCEDE", "08", None
        elif embedded in CONFLICTUAL:
            # "vowed to continue the attacks", "promised to arrest them": a threat
            etype, cameo, mode = "THREATEN", THREAT_CAMEO.get(embedded, "130"), None
        if trig.has("eval"):
            source = self._speaker(head)
            target = self._own_source(head)
            if not target.actors:  # "the crimes of the regime" (not "the massacre of civilians")
                target = Arg([a for a in self._of_actors(head) if a.sector not in ("CVL", "REF")])
            if not source.actors or not target.actors:
                return None
        elif verbal:
            source, target = self._verb_args(head, trig)
        else:
            source, target = self._noun_args(head, trig)
        src, tgt = list(source.actors), list(target.actors)
        if not src and tgt and trig.has("sym"):  # "In his call with X, Y said ...": Y
            src = self._outside_subject(head, tgt)
            source = Arg(src, False)
        fallback = partial = False
        if not verbal:
            pass  # a noun with no actor of its own is only a mention ("the ceasefire", "the trip")
        elif not src and not tgt and not has_subject(head):
            # the parse gave no arguments: the nearest actors around the trigger (shallow coding)
            src, tgt = (
                self._nearest(match, data, before=True),
                self._nearest(match, data, before=False),
            )
            fallback = bool(src or tgt)
        elif src and not tgt and etype in NEEDS_TARGET and not trig.has("sym"):
            tgt = [
                a
                for a in self._nearest(match, data, before=False)
                if a.code not in {x.code for x in src}
            ]
            fallback = bool(tgt)
        if fallback:
            source, target = Arg(src, False), Arg(tgt, False)
        if trig.has("recip"):
            src, tgt = tgt, src
        location = self._location(head, verbal)
        if not tgt and etype in ("ASSAULT", "COERCE") and location is not None and location.country:
            tgt = [Actor(location.name, location.country, "CVL", location.name, None, "place")]
        src = self._fill_codes(src, location, avoid={(a.code, a.sector) for a in tgt if a.code})
        tgt = self._fill_codes(tgt, location, avoid={(a.code, a.sector) for a in src if a.code})
        src = _dedupe_actors(src)
        src_codes = {a.code for a in src}
        tgt = [
            a
            for a in _dedupe_actors(tgt)
            if a.key() not in {s.key() for s in src}
            and not (a.kind in ("state", "place") and a.code in src_codes)
        ]
        if etype == "CONSULT":
            mode = self._consult_mode(mode, data.sentence.text, src, tgt, location)
        symmetric = trig.has("sym") and mode != "visit"
        if etype == "CONSULT" and mode == "visit" and not trig.has("recip") and location and tgt:
            src, tgt = _orient_visit(src, tgt, location)
        elif etype == "CONSULT" and mode == "visit" and src and not tgt and location:
            tgt = _host(src, location)  # "Raisi arrived in Islamabad": Pakistan hosts
        if symmetric:
            src, tgt = _dedupe_actors(src + tgt), []
        if (
            etype == "CONSULT"
            and len(src + tgt) == 1
            and _MULTILATERAL.search(
                data.sentence.text[match.start : match.end] + " " + head.head.lemma_
            )
        ):
            mode, symmetric = mode or "multilateral", True  # "Iran attended the summit"
            src, tgt = src + tgt, []
        elif not _enough(etype, trig, src, tgt, verbal=verbal):
            # Too few actors for the type: coded with what is known and a low confidence,
            # since a short story often names its main event without its parties ("talks
            # broke down", "a truce was declared"). Not a generic verb without its target
            # ("released a report"), nor a noun that only names an event (mere_mention).
            if trig.has("needtarget") or (not verbal and mere_mention(head)):
                return None
            partial = True
        parties = src + tgt
        if len(parties) >= 2 and all(a.kind == "person" for a in parties):
            self._ctx.last_pair = parties[:2]
        rel = head.idx
        resolved = resolve_event_date(
            data.sentence.text, rel, pub_date, future=modality == "future"
        )
        confidence = (
            0.45 + (0.15 if source.direct and src else 0) + (0.15 if target.direct and tgt else 0)
        )
        confidence += 0.1 if verbal else 0.0
        confidence -= 0.2 if trig.has("weak") else 0.0
        confidence -= 0.05 if data.sentence.zone == "title" else 0.0
        confidence -= 0.1 if modality in ("modal", "conditional") else 0.0
        confidence -= 0.15 if fallback else 0.0
        confidence = min(confidence, PARTIAL_CONFIDENCE) if partial else confidence
        confidence = max(0.05, min(0.99, confidence))
        cues = _cues(head, trig, data, modality, embedded, verbal)
        cues += (
            f"direct={bool(source.direct and src)}|{bool(target.direct and tgt)}",
            f"fallback={fallback}",
            f"partial={partial}",
            f"rule_conf={round(confidence, 1)}",
        )
        start = data.sentence.start
        return Event(
            doc_id=doc_id,
            event_type=etype,
            source=tuple(src),
            target=tuple(tgt),
            sentence=data.sentence.text,
            span=(start, data.sentence.end),
            mode=mode,
            cameo=cameo,
            date=resolved.date,
            date_precision=resolved.precision,
            location=location,
            contexts=sentence_contexts(data.sentence.text),
            negated=modality == "negated",
            confidence=confidence,
            trigger=data.sentence.text[match.start : match.end],
            trigger_span=(start + match.start, start + match.end),
            cues=cues,
        )


@functools.lru_cache(maxsize=4096)
def sentence_contexts(text: str) -> tuple[str, ...]:
    """Topics of a sentence (ceasefire, humanitarian, nuclear ...), once per sentence."""
    lower = text.lower()  # once, instead of case-insensitive matching per pattern
    return tuple(name for name, rx in _CONTEXT_RX.items() if rx.search(lower))


def _cues(
    head: Any, trig: Any, data: SentenceData, modality: str, embedded: str | None, verbal: bool
) -> tuple[str, ...]:
    """What the rules saw around a trigger, as strings for the decision model (no spaCy
    object leaves this module): the lexicon row, the head's tag and relation, the words
    that govern it, its auxiliaries, the modality and the sentence's place in the story."""
    index = data.index
    cues = [
        f"pat={trig.pattern}",
        f"tag={head.tag_}",
        f"dep={head.dep_}",
        f"mod={modality}",
        f"emb={embedded}",
        f"verbal={verbal}",
        f"zone={data.sentence.zone}",
        f"sidx={index if index < 3 else '3-5' if index < 6 else '6-11' if index < 12 else '12+'}",
        *(f"flag={flag}" for flag in sorted(trig.flags)),
        *(f"aux={c.lower_}" for c in head.children if c.dep_ in ("aux", "auxpass", "neg")),
    ]
    node = head
    for depth in range(3):
        if node.head.i == node.i:
            break
        cues.append(f"up{depth}={node.dep_}>{node.head.lemma_.lower()}")
        node = node.head
    return tuple(cues)


def _token_at(spacy_doc: Any, char: int) -> Any:
    for tok in spacy_doc:
        if tok.idx <= char < tok.idx + max(len(tok.text), 1):
            return tok
    return None


def _by_accident(head: Any) -> bool:
    """'The crash killed 20', 'killed in a landslide': deaths from accidents and disasters are
    not use of force, whoever the victims."""
    for child in head.children:
        nodes = [child]
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in ("in", "by")):
            nodes = [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if any(n.lemma_.lower() in ACCIDENTS for n in nodes):
            return True
    return False


def _pos_ok(pos: str, tok: Any) -> bool:
    if not pos:
        return True
    if pos == "V":  # or its "-ing" noun: "the disarming of the militia"
        return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or _ing_noun(tok)
    if pos == "N":
        return tok.pos_ in ("NOUN", "PROPN") or tok.tag_ == "VBG"
    if pos == "A":
        return tok.pos_ in ("ADJ", "VERB") or tok.tag_ in ("JJ", "VBN")
    return True


def _ing_noun(tok: Any) -> bool:
    return tok.pos_ == "NOUN" and tok.lower_.endswith("ing") and tok.tag_ == "NN"


def _dedupe_actors(actors: Iterable[Actor]) -> list[Actor]:
    seen: dict[tuple[Any, Any], Actor] = {}
    for actor in actors:
        if actor.code is None and actor.sector is None and actor.kind != "unknown":
            continue
        key = actor.key()
        if key not in seen:
            seen[key] = actor
    return list(seen.values())


def _orient_visit(
    src: list[Actor], tgt: list[Actor], location: Location
) -> tuple[list[Actor], list[Actor]]:
    """Visitor as source, host (the state where it happens) as target."""
    parties = src + tgt
    host = [a for a in parties if a.code == location.country]
    guests = [a for a in parties if a.code != location.country]
    if host and guests:
        return guests, host
    return src, tgt


def _host(src: list[Actor], location: Location) -> list[Actor]:
    """The state a visitor arrives in, as the visit's target (marked inferred)."""
    if not location.country or location.country in {a.code for a in src}:
        return []
    return [
        Actor(
            location.name,
            location.country,
            None,
            location.name,
            None,
            "place",
            inferred="visit host",
        )
    ]


def _enough(
    etype: str, trig: Any, src: list[Actor], tgt: list[Actor], *, verbal: bool = False
) -> bool:
    """Enough actors for an event: one for a clause ("X rejected the plan"), both sides for
    a noun or an ambiguous trigger ("the agreement", "support")."""
    if not src and not tgt:
        return False
    if etype in NEEDS_TWO or trig.has("sym"):
        return len({a.key() for a in src + tgt}) >= 2
    if verbal and not trig.has("needtarget") and not trig.has("weak"):
        return bool(src) or etype in ("ASSAULT", "COERCE", "SANCTION", "RETREAT", "AID", "PROTEST")
    needs_target = etype in NEEDS_TARGET or trig.has("needtarget")
    if needs_target and (not tgt or (not src and etype != "SANCTION")):
        return False
    if etype in NEEDS_TWO:
        keys = {a.key() for a in src + tgt}
        if len(keys) < 2:
            return False
    return True
