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

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from herald.kb import KnowledgeBase
from herald.lexicon import TriggerMatch
from herald.schema import Actor, Event, Location, Sentence
from herald.stages.actors import ActorPhrase, Context, resolve_counterpart
from herald.stages.dates import resolve_event_date
from herald.textutil import Match, Token, unique

LIGHT_VERBS = {
    "hold", "have", "conduct", "carry", "launch", "stage", "make", "begin", "start", "continue",
    "resume", "intensify", "escalate", "step", "wage", "mount", "commit", "perpetrate", "do",
    "take", "give", "provide", "send", "deliver", "offer", "extend", "express", "voice",
    "convey", "exchange", "issue", "announce", "declare", "impose", "sign", "reach", "seal",
    "attend", "join", "engage", "lead", "host", "organize", "organise", "call", "go", "undertake",
    "pay", "receive", "unleash", "order", "approve", "hand", "file", "level", "lodge", "grant",
    "pledge", "present", "submit", "put", "renew", "reaffirm", "reiterate", "show", "stress",
    "emphasize", "emphasise", "underline", "affirm", "confirm", "agree", "be", "remain", "fire",
    "set", "plan", "organise",
}  # fmt: skip
ARGUMENT_PREPS = {"for", "to", "on", "of", "against", "about"}
TOPIC_VERBS = {"discuss", "review", "address", "consider", "examine", "debate", "explore", "evaluate",
               "assess", "study", "tackle"}  # fmt: skip
FRAME_PREPS = {"in", "during", "at", "after", "via", "through", "over", "following", "amid", "throughout"}
TARGET_PREPS = ("with", "to", "against", "on", "upon", "at", "toward", "towards", "into", "over", "for", "from")
LOC_PREPS = {"in", "at", "near", "inside", "outside", "across", "throughout", "within", "into", "on", "to"}
SPEECH_VERBS = {
    "say", "tell", "state", "stress", "emphasize", "emphasise", "note", "add", "declare",
    "insist", "argue", "affirm", "underline", "underscore", "highlight", "reiterate", "express",
    "refer", "point", "write", "claim", "announce", "explain", "describe", "warn", "assert",
    "remark", "comment", "tweet", "post", "believe", "consider", "call", "deem",
}  # fmt: skip
FUTURE_HEADS = {"plan", "intend", "expect", "aim", "prepare", "hope", "want", "wish", "schedule",
                "set", "due", "seek", "going", "likely", "poised", "ready", "willing", "eager"}  # fmt: skip
FUTURE_AUX = {"will", "'ll", "shall", "wo"}
MODAL_AUX = {"could", "may", "might", "can", "would"}
SUPPRESSORS = {"importance", "necessity", "significance", "need", "hope", "possibility", "prospect",
               "effort", "attempt", "bid", "aim", "goal", "way", "step", "chance", "risk", "threat",
               "fear", "concern", "call", "demand", "plan", "proposal", "idea", "readiness",
               "willingness", "commitment", "right", "ability", "failure", "refusal"}  # fmt: skip
NEED_ADJECTIVES = {"necessary", "important", "essential", "vital", "crucial", "imperative", "urgent",
                   "needed", "possible", "impossible", "difficult", "hard", "easy", "key"}  # fmt: skip
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
CONFLICTUAL = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "THREATEN"}
GOVERNING = {"AGREE", "REQUEST", "THREATEN", "REJECT", "CONCEDE"}
NEEDS_TARGET = {"SUPPORT", "ACCUSE", "REQUEST", "THREATEN", "REJECT", "SANCTION", "AID"}
NEEDS_TWO = {"CONSULT", "COOPERATE"}
VICTIM_TYPES = {"ASSAULT", "COERCE", "SANCTION", "ACCUSE"}
FUTURE_CAMEO = {"CONSULT": "036", "AID": "033", "COOPERATE": "031", "SUPPORT": "030",
                "RETREAT": "0356", "CONCEDE": "035", "AGREE": "030"}  # fmt: skip
THREAT_CAMEO = {"ASSAULT": "138", "COERCE": "137", "SANCTION": "1312", "MOBILIZE": "138",
                "PROTEST": "139", "THREATEN": "130"}  # fmt: skip
UPCOMING = {"upcoming", "planned", "proposed", "forthcoming", "future", "next", "expected", "possible",
            "potential", "prospective", "scheduled", "anticipated", "likely"}  # fmt: skip
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
_CONTEXT_RX = {name: re.compile(rx, re.I) for name, rx in CONTEXTS.items()}
_MULTILATERAL = re.compile(r"\b(summit|conference|forum|assembly|session|gathering|attend|join|participate)", re.I)
_PHONE = re.compile(r"\b(phone|telephone|phoned|telephoned|video ?(call|conference|link)|virtual(ly)?|call)\b", re.I)


@dataclass
class SentenceData:
    """What the pre-filter found in one sentence, kept for coding after the parse."""

    index: int
    sentence: Sentence
    tokens: list[Token]
    phrases: list[ActorPhrase]
    triggers: list[TriggerMatch]
    places: list[Match[Any]]


@dataclass
class _Arg:
    actors: list[Actor]
    direct: bool = True


class EventCoder:
    """Codes the events of one parsed sentence; holds the KB and settings, no state."""

    def __init__(self, kb: KnowledgeBase, *, include_negated: bool = False) -> None:
        self.kb = kb
        self.include_negated = include_negated
        self._in_counterpart = False

    # ------------------------------------------------------------ entry point
    def code_sentence(self, data: SentenceData, spacy_doc: Any, ctx: Context, doc_id: str,
                      pub_date: str | None) -> list[Event]:  # fmt: skip
        tok_phrase: dict[int, ActorPhrase] = {}
        for phrase in data.phrases:
            for tok in spacy_doc:
                if phrase.start <= tok.idx < phrase.end:
                    tok_phrase[tok.i] = phrase
        self._tok_phrase = tok_phrase
        self._doc = spacy_doc
        self._ctx = ctx
        self._when = ctx.pub_date
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
                tok.i for pos in match.tokens for tok in spacy_doc
                if data.tokens[pos].start <= tok.idx < data.tokens[pos].end
            }  # fmt: skip
            event = self._code_trigger(match, spacy_doc[i], data, doc_id, pub_date)
            if event is not None:
                events.append(event)
        return events

    # ------------------------------------------------------------ one trigger
    def _code_trigger(self, match: TriggerMatch, head: Any, data: SentenceData, doc_id: str,
                      pub_date: str | None) -> Event | None:  # fmt: skip
        trig = match.trigger
        if head.i in self._tok_phrase:
            return None  # part of a name ("Defence Ministry", "the occupying entity")
        if not _pos_ok(trig.pos, head):
            return None
        if self._governed_by_trigger(head):
            return None
        etype, cameo, mode = trig.event_type, trig.cameo, trig.mode
        verbal = head.pos_ in ("VERB", "AUX") or (head.tag_ in ("VBG", "VBN") and trig.pos == "V")
        modality = _modality(head, verbal)
        if modality == "negated" and not self.include_negated:
            return None
        if modality == "upcoming":
            return None
        if not trig.has("eval") and etype not in ("REQUEST", "ACCUSE") and _suppressed(head):
            return None
        if not verbal and _topic_of_talks(head):
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
        if etype == "AGREE" and self._embedded_type(head) in ("RETREAT", "CONCEDE"):
            # "agreed to put down their arms", "pledged to lift the curfew": a promised concession
            etype, cameo, mode = "CONCEDE", "08", None
        if trig.has("eval"):
            source = self._speaker(head)
            target = self._own_source(head)
            if not target.actors:  # "the crimes of the regime" (not "the massacre of civilians")
                target = _Arg([a for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                               for p in c.children if p.dep_ == "pobj" for a in self._actors_of(p)
                               if a.sector not in ("CVL", "REF")])  # fmt: skip
            if not source.actors or not target.actors:
                return None
        elif verbal:
            source, target = self._verb_args(head, trig)
        else:
            source, target = self._noun_args(head, trig)
        src, tgt = list(source.actors), list(target.actors)
        if not src and tgt and (trig.has("sym") or not verbal):
            src = self._outside_subject(head, tgt)
            source = _Arg(src, False)
        fallback = False
        if not verbal:
            pass  # a noun with no actor of its own is only a mention ("the ceasefire", "the trip")
        elif not src and not tgt and not _has_subject(head):
            # the parse gave no arguments: the nearest actors around the trigger (shallow coding)
            src, tgt = self._nearest(match, data, before=True), self._nearest(match, data, before=False)
            fallback = bool(src or tgt)
        elif src and not tgt and etype in NEEDS_TARGET and not trig.has("sym"):
            tgt = [a for a in self._nearest(match, data, before=False) if a.code not in {x.code for x in src}]
            fallback = bool(tgt)
        if fallback:
            source, target = _Arg(src, False), _Arg(tgt, False)
        if trig.has("recip"):
            src, tgt = tgt, src
        location = self._location(head, verbal)
        if not tgt and etype in ("ASSAULT", "COERCE") and location is not None and location.country:
            tgt = [Actor(location.name, location.country, "CVL", location.name, None, "place")]
        src = self._fill_codes(src, location, avoid={a.code for a in tgt if a.code})
        tgt = self._fill_codes(tgt, location, avoid={a.code for a in src if a.code})
        src = _dedupe_actors(src)
        src_codes = {a.code for a in src}
        tgt = [a for a in _dedupe_actors(tgt) if a.key() not in {s.key() for s in src}
               and not (a.kind in ("state", "place") and a.code in src_codes)]  # fmt: skip
        if etype == "CONSULT":
            mode = self._consult_mode(mode, data.sentence.text, src, tgt, location)
        symmetric = trig.has("sym") and mode != "visit"
        if etype == "CONSULT" and mode == "visit" and not trig.has("recip") and location and tgt:
            src, tgt = _orient_visit(src, tgt, location)
        if symmetric:
            src, tgt = _dedupe_actors(src + tgt), []
        if etype == "CONSULT" and len(src + tgt) == 1 and _MULTILATERAL.search(data.sentence.text[match.start:match.end]
                                                                             + " " + head.head.lemma_):  # fmt: skip
            mode, symmetric = mode or "multilateral", True  # "Iran attended the summit"
            src, tgt = src + tgt, []
        elif not _enough(etype, trig, src, tgt, verbal=verbal):
            return None
        parties = src + tgt
        if len(parties) >= 2 and all(a.kind == "person" for a in parties):
            self._ctx.last_pair = parties[:2]
        rel = head.idx
        resolved = resolve_event_date(data.sentence.text, rel, pub_date, future=modality == "future")
        confidence = 0.45 + (0.15 if source.direct and src else 0) + (0.15 if target.direct and tgt else 0)
        confidence += 0.1 if verbal else 0.0
        confidence -= 0.2 if trig.has("weak") else 0.0
        confidence -= 0.05 if data.sentence.zone == "title" else 0.0
        confidence -= 0.1 if modality in ("modal", "conditional") else 0.0
        confidence -= 0.15 if fallback else 0.0
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
            contexts=tuple(name for name, rx in _CONTEXT_RX.items() if rx.search(data.sentence.text)),
            negated=modality == "negated",
            confidence=max(0.05, min(0.99, confidence)),
            trigger=data.sentence.text[match.start : match.end],
            trigger_span=(start + match.start, start + match.end),
        )

    # ------------------------------------------------------------ arguments
    def _actors_of(self, tok: Any, depth: int = 0, seen: set[int] | None = None, *,
                   max_depth: int = 3) -> list[Actor]:  # fmt: skip
        """Actors named by the phrase headed by `tok` (with its conjuncts), searching
        up to `max_depth` levels into its modifiers ("Israel's attacks" -> Israel)."""
        seen = seen if seen is not None else set()
        if tok.i in seen:
            return []
        seen.add(tok.i)
        phrase = self._tok_phrase.get(tok.i)
        found: list[Actor] = []
        if phrase is not None:
            found.extend(self._phrase_actors(phrase, tok))
        elif tok.lower_ in ("he", "she", "him", "her") and tok.pos_ == "PRON":
            if self._ctx.last_person is not None:
                found.append(self._ctx.last_person)
        elif tok.i in self._place_at and depth == 0:
            place = self._place_at[tok.i]  # "shelled Kharkiv": the place stands for its people
            if place.country:
                found.append(Actor(tok.text, place.country, "CVL", place.name, None, "place"))
        elif depth == 0 and (named := _unknown_named_actor(tok)) is not None:
            found.append(named)
        elif depth < max_depth:
            frontier = [c for c in tok.children if c.dep_ not in _NO_DESCEND]
            for child in sorted(frontier, key=lambda c: _CHILD_ORDER.get(c.dep_, 9)):
                got = self._actors_of(child, depth + 1, seen, max_depth=max_depth)
                if got:
                    found.extend(got)
                    break
        for conj in tok.children:
            if conj.dep_ == "conj":
                found.extend(self._actors_of(conj, depth, seen, max_depth=max_depth))
        return found

    def _phrase_actors(self, phrase: ActorPhrase, tok: Any) -> list[Actor]:
        if phrase.pronoun and self._ctx.last_person is not None:
            return [self._ctx.last_person]
        if phrase.pair:
            return list(self._ctx.last_pair)
        if phrase.counterpart and not phrase.actors and not self._in_counterpart:
            self._in_counterpart = True  # "his counterpart and her counterpart": no recursion
            try:
                other = self._counterpart_anchor(tok)
            finally:
                self._in_counterpart = False
            resolve_counterpart(phrase, other, self.kb, self._when)
        return list(phrase.actors)

    def _counterpart_anchor(self, tok: Any) -> Actor | None:
        """The actor whose counterpart is meant: the clause's subject, else the last person."""
        node = tok
        for _ in range(6):
            node = node.head
            for child in node.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != tok.i:
                    actors = [a for a in self._actors_of(child) if a.kind == "person"]
                    if actors:
                        return actors[0]
            if node.head.i == node.i:
                break
        return self._ctx.last_person

    def _subject(self, verb: Any) -> tuple[list[Actor], bool]:
        """(subject actors, passive?) of a verb, inheriting through xcomp/conj/advcl/relcl."""
        node = verb
        for hop in range(4):
            for child in node.children:
                if child.dep_ in ("nsubj", "expl") and child.dep_ != "expl":
                    return self._actors_of(child), False
                if child.dep_ == "nsubjpass":
                    return self._actors_of(child), True
            if node.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp") and node.head.i != node.i:
                if node.dep_ == "xcomp":
                    obj = [c for c in node.head.children if c.dep_ in ("dobj", "dative")]
                    if obj and hop == 0:
                        return self._actors_of(obj[0]), False  # object control: "urged X to ..."
                node = node.head
                continue
            if node.dep_ == "relcl":
                return self._actors_of(node.head), False
            break
        return [], False

    def _verb_args(self, head: Any, trig: Any) -> tuple[_Arg, _Arg]:
        subj, passive = self._subject(head)
        agent = [g for c in head.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                 for g in self._actors_of(p)]  # fmt: skip
        direct = any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
        if passive:
            return _Arg(agent, bool(agent)), _Arg(subj, direct)
        source = subj
        target: list[Actor] = []
        # the object of "discuss" or "agree" is a topic: only a named actor is a party
        depth = 0 if trig.has("sym") or trig.event_type == "CONSULT" else 3
        for child in head.children:
            if child.dep_ in ("dobj", "dative", "attr", "oprd") and child.i in self._tok_phrase:
                target = self._actors_of(child, max_depth=0)  # "met her counterpart"
                if target:
                    break
            if child.dep_ in ("dobj", "dative", "attr", "oprd") and child.i in self._own_tokens:
                # "imposed sanctions on X", "expressed Iran's readiness": the noun is part of the
                # trigger; its possessor is the agent, its prepositions name the target
                target = self._prep_actors(child, trig)
                if target:
                    break
                continue
            if child.dep_ in ("dobj", "dative", "attr", "oprd") and child.i not in self._trigger_heads:
                target = self._actors_of(child, max_depth=depth)
                if target:
                    break
            elif child.dep_ in ("dobj",) and child.i in self._trigger_heads:
                target = self._own_source(child).actors if trig.has("speech") else []
                if target:
                    break
        if not target:
            target = self._prep_actors(head, trig)
        if not target and trig.has("sym"):
            for child in head.children:
                if child.dep_ == "dobj":
                    target = [a for p in child.children if p.dep_ == "prep" and p.lower_ in ("with", "between")
                              for o in p.children if o.dep_ == "pobj" for a in self._actors_of(o)]  # fmt: skip
        if not target and (trig.has("speech") or trig.event_type in GOVERNING):
            for child in head.children:
                if child.dep_ in ("xcomp", "ccomp"):
                    target = [a for g in child.children if g.dep_ in ("dobj", "dative") for a in self._actors_of(g)]
                    target = target or self._prep_actors(child, trig)
                    if target:
                        break
        return _Arg(source, direct), _Arg(target, True)

    def _prep_actors(self, head: Any, trig: Any) -> list[Actor]:
        preps = {c.lower_: c for c in head.children if c.dep_ in ("prep", "dative")}
        if "between" in preps:
            found = [a for p in preps["between"].children if p.dep_ == "pobj" for a in self._actors_of(p)]
            if found:
                return found
        for name in TARGET_PREPS + (("of",) if trig.event_type in VICTIM_TYPES else ()):
            prep = preps.get(name)
            if prep is None:
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.i not in self._place_at:
                    got = self._actors_of(pobj)
                    got = [a for a in got if not (a.kind == "state" and name in ("in", "at") )]
                    if got:
                        return got
        return []

    def _own_source(self, noun: Any, *, share: bool = True) -> _Arg:
        """The actor a noun belongs to: possessor, national adjective, compound, 'by X'."""
        for child in sorted(noun.children, key=lambda c: _CHILD_ORDER.get(c.dep_, 9)):
            if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i in self._tok_phrase:
                return _Arg(self._actors_of(child))
            if child.dep_ == "poss":
                got = self._actors_of(child)
                if got:
                    return _Arg(got)
            if child.dep_ == "prep" and child.lower_ == "by":
                got = [a for p in child.children if p.dep_ == "pobj" for a in self._actors_of(p)]
                if got:
                    return _Arg(got)
            if child.dep_ == "acl":  # "crimes committed by the Zionists"
                for grand in child.children:
                    if grand.dep_ == "agent":
                        got = [a for p in grand.children if p.dep_ == "pobj" for a in self._actors_of(p)]
                        if got:
                            return _Arg(got)
        if noun.i in self._tok_phrase:
            return _Arg(self._phrase_actors(self._tok_phrase[noun.i], noun))
        if share:  # "the genocide and crimes committed by the Zionists": conjuncts share the agent
            for other in [*(c for c in noun.children if c.dep_ == "conj"), *([noun.head] if noun.dep_ == "conj" else [])]:
                got = self._own_source(other, share=False)
                if got.actors:
                    return got
        return _Arg([])

    def _noun_args(self, head: Any, trig: Any) -> tuple[_Arg, _Arg]:
        source = self._own_source(head)
        target = _Arg(self._prep_actors(head, trig))
        if trig.event_type not in VICTIM_TYPES and not source.actors:
            of = [a for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                  for p in c.children if p.dep_ == "pobj" for a in self._actors_of(p)]  # fmt: skip
            if of:
                source = _Arg(of)
        if source.actors:
            return source, target
        verb, relation = _governor(head)
        if verb is None:
            return source, target
        if verb.pos_ in ("NOUN", "PROPN") and verb.i in self._tok_phrase:
            return _Arg(self._actors_of(verb), False), target  # "Fidan after meeting with ..."
        lemma = verb.lemma_.lower()
        if lemma in LIGHT_VERBS or relation in FRAME_PREPS or relation == "nsubj":
            subj, passive = self._subject(verb)
            if passive:
                subj = [a for c in verb.children if c.dep_ == "agent" for p in c.children
                        if p.dep_ == "pobj" for a in self._actors_of(p)]  # fmt: skip
            if relation == "nsubj":
                subj = []
            if not target.actors:
                target = _Arg(self._prep_actors(verb, trig), False)
            return _Arg(subj, False), target
        return source, target

    def _nearest(self, match: TriggerMatch, data: SentenceData, *, before: bool) -> list[Actor]:
        """Actors of the closest phrase before (or after) the trigger, within 12 words."""
        phrases = [p for p in data.phrases if (p.end <= match.start if before else p.start >= match.end)]
        if not phrases:
            return []
        phrase = max(phrases, key=lambda p: p.end) if before else min(phrases, key=lambda p: p.start)
        gap = data.sentence.text[phrase.end : match.start] if before else data.sentence.text[match.end : phrase.start]
        if len(gap.split()) > 12:
            return []
        for tok_i, tok_phrase in self._tok_phrase.items():
            if tok_phrase is phrase:
                return self._phrase_actors(phrase, self._doc[tok_i])
        return []

    def _outside_subject(self, head: Any, taken: list[Actor]) -> list[Actor]:
        """Fallback when the parse loses a fronted frame ("In his phone call with X, Y said"):
        the first actor phrase of the sentence outside the trigger's own phrase."""
        inside = {t.i for t in head.subtree}
        keys = {a.key() for a in taken}
        ordered = sorted(self._tok_phrase.items(), key=lambda item: (item[0] in inside, item[0]))
        for tok_i, phrase in ordered:
            actors = [a for a in self._phrase_actors(phrase, head.doc[tok_i]) if a.key() not in keys]
            if actors and all(a.code not in {t.code for t in taken} for a in actors):
                return actors
        return []

    def _speaker(self, tok: Any) -> _Arg:
        """Who says the sentence that contains an evaluative word."""
        node = tok
        for _ in range(8):
            if node.head.i == node.i:
                break
            child, node = node, node.head
            if node.pos_ in ("VERB", "AUX"):
                if child.dep_ in ("nsubj", "nsubjpass"):
                    continue  # "the atrocities of X must end": the noun's own clause says nothing
                subj, passive = self._subject(node)
                if subj and not passive:
                    return _Arg(subj, False)
        return _Arg([])

    # ------------------------------------------------------------ context
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
            for tok in spacy_doc:
                if m.start <= tok.idx < m.end:
                    out[tok.i] = loc
        return out

    def _location(self, head: Any, verbal: bool) -> Location | None:
        nodes = [head, *(head.doc[i] for i in sorted(self._own_tokens) if i != head.i)]
        if not verbal:
            verb, _ = _governor(head)
            if verb is not None:
                nodes.append(verb)
        for node in nodes:
            for child in node.children:
                if child.dep_ != "prep" or child.lower_ not in LOC_PREPS:
                    continue
                for sub in child.subtree:
                    if sub.i in self._place_at and sub.i not in self._trigger_heads:
                        return self._place_at[sub.i]
        return None

    def _fill_codes(self, actors: list[Actor], location: Location | None, avoid: set[str]) -> list[Actor]:
        """Sector-only actors ('police', 'protesters') take the country of the place, else of the
        story -- but a guess from the story never makes an event a state's act on itself."""
        out = []
        for actor in actors:
            if actor.code is None and actor.sector and actor.sector not in ("IGO", "NGO"):
                code = location.country if location else None
                if code is None:
                    code = self._ctx.dominant_state() or self._ctx.dateline_country
                    if code in avoid:
                        code = None
                if code:
                    actor = Actor(actor.text, code, actor.sector, actor.name, actor.role, actor.kind, actor.start,
                                  actor.end)  # fmt: skip
            out.append(actor)
        return out

    def _consult_mode(self, mode: str | None, text: str, src: list[Actor], tgt: list[Actor],
                      location: Location | None) -> str | None:  # fmt: skip
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


_NO_DESCEND = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "punct", "parataxis", "mark",
               "det", "aux", "auxpass", "neg", "advmod", "appos"}  # fmt: skip
_CHILD_ORDER = {"poss": 0, "compound": 1, "amod": 2, "nmod": 3, "appos": 4, "prep": 5, "pobj": 5}


def _token_at(spacy_doc: Any, char: int) -> Any:
    for tok in spacy_doc:
        if tok.idx <= char < tok.idx + max(len(tok.text), 1):
            return tok
    return None


_ORG_SECTORS = (
    ("party", "PTY"), ("ministry", "GOV"), ("government", "GOV"), ("council", "GOV"), ("army", "MIL"),
    ("forces", "MIL"), ("navy", "MIL"), ("brigade", "REB"), ("brigades", "REB"), ("front", "REB"),
    ("militia", "REB"), ("police", "POL"), ("court", "JUD"), ("parliament", "LEG"), ("assembly", "LEG"),
    ("senate", "LEG"), ("congress", "LEG"), ("union", "NGO"), ("association", "NGO"), ("committee", "NGO"),
    ("movement", "OPP"), ("alliance", "OPP"), ("bank", "BUS"), ("company", "BUS"), ("corporation", "BUS"),
    ("group", None), ("agency", "GOV"), ("commission", "GOV"), ("authority", "GOV"), ("office", "GOV"),
    ("service", "GOV"), ("services", "GOV"), ("news", "MED"), ("times", "MED"), ("post", "MED"),
)  # fmt: skip
_NOT_ACTORS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
               "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "covid-19", "covid", "christmas", "ramadan", "eid", "easter"}  # fmt: skip


def _unknown_named_actor(tok: Any) -> Actor | None:
    """A proper-noun phrase the KB does not know ("the Democratic Party of Guyana"): an actor
    with its name as written, a sector guessed from its head word and no code of its own."""
    if tok.pos_ != "PROPN":
        return None
    if tok.lower_ in _NOT_ACTORS or not tok.text[:1].isupper():
        return None
    left = tok.i
    for child in tok.lefts:
        if child.dep_ in ("compound", "amod", "flat", "nmod") and child.i < left:
            left = child.i
    right = tok.i + 1
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            right = max(right, child.right_edge.i + 1)
    span = tok.doc[left:right]
    text = span.text.strip(" ,")
    if not text or len(text) > 80:
        return None
    words = [w.lower() for w in text.split()]
    sector = next((sec for word, sec in _ORG_SECTORS if word in words), None)
    return Actor(text, None, sector, text, None, "unknown")


def _has_subject(head: Any) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in head.children)


def _pos_ok(pos: str, tok: Any) -> bool:
    if not pos:
        return True
    if pos == "V":
        return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")
    if pos == "N":
        return tok.pos_ in ("NOUN", "PROPN") or tok.tag_ == "VBG"
    if pos == "A":
        return tok.pos_ in ("ADJ", "VERB") or tok.tag_ in ("JJ", "VBN")
    return True


def _governor(noun: Any) -> tuple[Any, str | None]:
    """The verb (or actor noun) that carries a noun: (verb, relation or preposition)."""
    node, relation = noun, noun.dep_
    for _ in range(3):
        if node.head.i == node.i:
            return None, None
        parent = node.head
        if node.dep_ == "pobj" and parent.dep_ == "prep":
            relation = parent.lower_
            node = parent
            continue
        if node.dep_ == "prep":
            return parent, relation
        if node.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "npadvmod", "pobj", "conj", "appos"):
            if parent.pos_ in ("VERB", "AUX"):
                return parent, node.dep_
            if node.dep_ == "conj":
                node = parent
                relation = parent.dep_
                continue
            return None, None
        return None, None
    return None, None


def _modality(head: Any, verbal: bool) -> str | None:
    """negated | future | modal | conditional | upcoming | None for the event at `head`."""
    nodes = [head]
    if not verbal:
        if any(c.lower_ in UPCOMING for c in head.children if c.dep_ in ("amod", "compound")):
            return "upcoming"
        if any(c.lower_ == "no" for c in head.children if c.dep_ == "det"):
            return "negated"
        verb, _ = _governor(head)
        if verb is not None and verb.lemma_.lower() in LIGHT_VERBS:
            nodes.append(verb)
    for node in nodes:
        for child in node.children:
            if child.dep_ == "neg":
                return "negated"
        auxes = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
        if auxes & FUTURE_AUX:
            return "future"
        if node.dep_ == "xcomp" and (node.head.lemma_.lower() in FUTURE_HEADS or
                                     node.head.lower_ in FUTURE_HEADS):  # fmt: skip
            if any(c.dep_ == "neg" for c in node.head.children):
                return "negated"
            return "future"
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in ("fail", "refuse", "decline", "deny"):
            return "negated"
        if auxes & MODAL_AUX:
            return "modal"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            return "conditional"
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless")
                                        for c in node.children):  # fmt: skip
            return "conditional"
    return None


def _suppressed(head: Any) -> bool:
    """The event is only talked about: 'the importance of strengthening ties', 'efforts to ...',
    'it is necessary to lift the siege', 'aid is needed'."""
    node = head
    for _ in range(7):
        if node.head.i == node.i:
            return False
        node = node.head
        lemma = node.lemma_.lower()
        if node.pos_ == "NOUN" and lemma in SUPPRESSORS:
            return True
        if node.pos_ == "ADJ" and lemma in NEED_ADJECTIVES:
            return True
        if node.pos_ in ("VERB", "AUX") and lemma in ("need", "require"):
            return True
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("xcomp", "pcomp", "acl", "conj", "advcl"):
            return False
    return False


def _topic_of_talks(noun: Any) -> bool:
    """'The leaders discussed attacks on Gaza': the attacks are the topic, not an event reported here."""
    node = noun
    for _ in range(4):
        if node.head.i == node.i:
            return False
        rel, node = node.dep_, node.head
        if node.pos_ in ("VERB", "AUX"):
            return rel in ("dobj", "conj", "pobj") and node.lemma_.lower() in TOPIC_VERBS
        if rel not in ("conj", "pobj", "prep", "dobj"):
            return False
    return False


def _dedupe_actors(actors: Iterable[Actor]) -> list[Actor]:
    seen: dict[tuple[Any, Any], Actor] = {}
    for actor in actors:
        if actor.code is None and actor.sector is None and actor.kind != "unknown":
            continue
        key = actor.key()
        if key not in seen:
            seen[key] = actor
    return list(seen.values())


def _orient_visit(src: list[Actor], tgt: list[Actor], location: Location) -> tuple[list[Actor], list[Actor]]:
    """Visitor as source, host (the state where it happens) as target."""
    parties = src + tgt
    host = [a for a in parties if a.code == location.country]
    guests = [a for a in parties if a.code != location.country]
    if host and guests:
        return guests, host
    return src, tgt


def _enough(etype: str, trig: Any, src: list[Actor], tgt: list[Actor], *, verbal: bool = False) -> bool:
    """Enough actors for an event: one for a clause ("X rejected the plan"), both sides for
    a noun or an ambiguous trigger ("the agreement", "support")."""
    if not src and not tgt:
        return False
    if etype in NEEDS_TWO or trig.has("sym"):
        return len({a.key() for a in src + tgt}) >= 2
    if verbal and not trig.has("needtarget") and not trig.has("weak"):
        return bool(src) or etype in ("ASSAULT", "COERCE", "SANCTION", "RETREAT", "AID", "PROTEST")
    if etype in NEEDS_TARGET or trig.has("needtarget"):
        if not tgt or not src and etype not in ("SANCTION",):
            return False
    if etype in NEEDS_TWO:
        keys = {a.key() for a in src + tgt}
        if len(keys) < 2:
            return False
    return True


def same_date(a: date | None, b: date | None) -> bool:
    return a is None or b is None or a == b


unique_actors = unique
