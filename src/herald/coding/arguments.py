"""Arguments: which actors a trigger's grammatical relations name.

The subject of a verb is its source and its object (or the object of "with", "to",
"against", "on" ...) its target; a passive swaps them; a noun takes its possessor or
national adjective ("Israeli attacks") as source, or the subject of the light verb that
carries it ("held talks", "In a phone call, X and Y discussed"). Pronouns and "the two
leaders" come from the document context; "his Turkish counterpart" is resolved against
the clause's subject. When the small parser loses a fronted phrase, the nearest actors
around the trigger are a low-confidence fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from herald.coding.actors import ActorPhrase, Context, resolve_counterpart
from herald.coding.lexicon import TriggerMatch
from herald.coding.modality import FRAME_PREPS, LIGHT_VERBS, governor
from herald.kb import KnowledgeBase
from herald.schema import Actor, Location, Sentence
from herald.textutil import Match, Token

GOVERNING = {"AGREE", "REQUEST", "THREATEN", "REJECT", "CONCEDE"}
VICTIM_TYPES = {"ASSAULT", "COERCE", "SANCTION", "ACCUSE"}
# verbs that judge another party's act or word: its owner is the target
JUDGING = {"SUPPORT", "ACCUSE", "REJECT"}
# verbs whose reported clause names the party addressed: its subject is the target
ADDRESSED = {"REQUEST", "ACCUSE", "THREATEN"}


TARGET_PREPS = (
    "with",
    "to",
    "against",
    "on",
    "upon",
    "at",
    "toward",
    "towards",
    "into",
    "over",
    "for",
    "from",
)


_NO_DESCEND = {
    "relcl",
    "acl",
    "advcl",
    "ccomp",
    "xcomp",
    "conj",
    "cc",
    "punct",
    "parataxis",
    "mark",
    "det",
    "aux",
    "auxpass",
    "neg",
    "advmod",
    "appos",
}


_CHILD_ORDER = {"poss": 0, "compound": 1, "amod": 2, "nmod": 3, "appos": 4, "prep": 5, "pobj": 5}


_ORG_SECTORS = (
    ("party", "PTY"),
    ("ministry", "GOV"),
    ("government", "GOV"),
    ("council", "GOV"),
    ("army", "MIL"),
    ("forces", "MIL"),
    ("navy", "MIL"),
    ("brigade", "REB"),
    ("brigades", "REB"),
    ("front", "REB"),
    ("militia", "REB"),
    ("police", "POL"),
    ("court", "JUD"),
    ("parliament", "LEG"),
    ("assembly", "LEG"),
    ("senate", "LEG"),
    ("congress", "LEG"),
    ("union", "NGO"),
    ("association", "NGO"),
    ("committee", "NGO"),
    ("movement", "OPP"),
    ("alliance", "OPP"),
    ("bank", "BUS"),
    ("company", "BUS"),
    ("corporation", "BUS"),
    ("group", None),
    ("agency", "GOV"),
    ("commission", "GOV"),
    ("authority", "GOV"),
    ("office", "GOV"),
    ("service", "GOV"),
    ("services", "GOV"),
    ("news", "MED"),
    ("times", "MED"),
    ("post", "MED"),
)


_NOT_ACTORS = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "covid-19",
    "covid",
    "christmas",
    "ramadan",
    "eid",
    "easter",
}


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


def _reporting_subject(pronoun: Any) -> Any:
    """The subject of the verb that reports the pronoun's clause ("X says it will ...")."""
    clause = pronoun.head
    if clause.dep_ not in ("ccomp", "xcomp") or clause.head.i == clause.i:
        return None
    reporter = clause.head
    for child in reporter.children:
        if child.dep_ == "nsubj" and child.pos_ != "PRON":
            return child
    return None


def has_subject(head: Any) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in head.children)


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
class Arg:
    """Actors found for one side of an event; `direct` when a grammatical relation named them."""

    actors: list[Actor]
    direct: bool = True


class _ActorArgs:
    """Per-sentence state (parse, actor phrases, places, triggers) and the actors a token names."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._in_counterpart = False
        self._tok_phrase: dict[int, ActorPhrase] = {}
        self._place_at: dict[int, Location] = {}
        self._trigger_heads: dict[int, TriggerMatch] = {}
        self._own_tokens: set[int] = set()
        self._ctx = Context()
        self._doc: Any = None
        self._when: date | None = None

    def _actors_of(
        self, tok: Any, depth: int = 0, seen: set[int] | None = None, *, max_depth: int = 3
    ) -> list[Actor]:
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
        elif (
            tok.lower_ in ("it", "they", "we", "i")
            and tok.dep_ in ("nsubj", "nsubjpass")
            and depth == 0
        ):
            speaker = _reporting_subject(tok)  # "Iran said it would retaliate": it = Iran
            if speaker is not None:
                found.extend(self._actors_of(speaker, 0, seen, max_depth=0))
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
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                actors = self._actors_of(subjects[0])
                if actors or hop == 0:
                    return actors, subjects[0].dep_ == "nsubjpass"
                # an inherited subject that names no actor ("X said the protests were
                # treasonous and deployed the army"): the parse joined the wrong clauses
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

    def _agent(self, verb: Any) -> list[Actor]:
        """Actors of a passive verb's "by" phrase."""
        return [
            actor
            for child in verb.children
            if child.dep_ == "agent"
            for pobj in child.children
            if pobj.dep_ == "pobj"
            for actor in self._actors_of(pobj)
        ]

    def _nearest(self, match: TriggerMatch, data: SentenceData, *, before: bool) -> list[Actor]:
        """Actors of the closest phrase before (or after) the trigger, within 12 words."""
        phrases = [
            p for p in data.phrases if (p.end <= match.start if before else p.start >= match.end)
        ]
        if not phrases:
            return []
        phrase = (
            max(phrases, key=lambda p: p.end) if before else min(phrases, key=lambda p: p.start)
        )
        gap = (
            data.sentence.text[phrase.end : match.start]
            if before
            else data.sentence.text[match.end : phrase.start]
        )
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
            actors = [
                a for a in self._phrase_actors(phrase, head.doc[tok_i]) if a.key() not in keys
            ]
            if actors and all(a.code not in {t.code for t in taken} for a in actors):
                return actors
        return []

    def _speaker(self, tok: Any) -> Arg:
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
                    return Arg(subj, False)
        return Arg([])


class ArgumentFinder(_ActorArgs):
    """Per-sentence state (parse, actor phrases, places, triggers) and the argument rules."""

    def _verb_args(self, head: Any, trig: Any) -> tuple[Arg, Arg]:
        """Source and target of a verb trigger, from its subject, agent, objects and preps.

        Just over 60 lines: the relations are tried in one order and each case falls
        back on what the ones before it found.
        """
        subj, passive = self._subject(head)
        agent = self._agent(head)
        direct = any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
        if passive:
            own = [c for c in head.children if c.dep_ == "nsubjpass" and c.i in self._own_tokens]
            if own:  # "sanctions on Iran were lifted", "talks were held between X and Y"
                target = self._prep_actors(head, trig) or subj
                return Arg(agent, bool(agent)), Arg(target, True)
            return Arg(agent, bool(agent)), Arg(subj, direct)
        source = subj
        target: list[Actor] = []
        # the object of "discuss" or "agree" is a topic: only a named actor is a party
        depth = 0 if trig.has("sym") or trig.event_type == "CONSULT" else 3
        for child in head.children:
            if child.dep_ in ("dobj", "dative", "attr", "oprd") and child.i in self._tok_phrase:
                # "met her counterpart" (a party), not "exchanged 200 prisoners" (a sector)
                named = [
                    a for a in self._actors_of(child, max_depth=0) if a.code or a.kind == "person"
                ]
                if named:
                    target = named
                    break
            if child.dep_ in ("dobj", "dative", "attr", "oprd") and child.i in self._own_tokens:
                # "imposed sanctions on X", "expressed Iran's readiness": the noun is part of the
                # trigger; its possessor is the agent, its prepositions name the target
                target = self._prep_actors(child, trig)
                if target:
                    break
                continue
            if (
                child.dep_ in ("dobj", "dative", "attr", "oprd")
                and child.i not in self._trigger_heads
            ):
                target = self._actors_of(child, max_depth=depth)
                if trig.has("sym"):  # "discusses Gaza with X": a topic, not a party
                    target = [a for a in target if a.kind != "place"]
                if target:
                    break
            elif child.dep_ in ("dobj",) and child.i in self._trigger_heads:
                # "welcomed the EU's decision", "rejected US demands", "condemned Israel's
                # strikes": the party is the one whose act or word is judged
                judged = trig.has("speech") or trig.event_type in JUDGING
                target = self._own_source(child).actors if judged else []
                if target:
                    break
        if not target:
            target = self._prep_actors(head, trig)
        if not target and trig.has("sym"):
            for child in head.children:
                if child.dep_ == "dobj":
                    target = [
                        a
                        for p in child.children
                        if p.dep_ == "prep" and p.lower_ in ("with", "between")
                        for o in p.children
                        if o.dep_ == "pobj"
                        for a in self._actors_of(o)
                    ]
        if not target and (trig.has("speech") or trig.event_type in GOVERNING):
            for child in head.children:
                if child.dep_ in ("xcomp", "ccomp"):
                    if child.dep_ == "ccomp" and trig.event_type in ADDRESSED:
                        # "demanded that Israel withdraw its troops", "said Washington was to
                        # blame": the one asked or blamed is the reported clause's subject
                        target = [
                            a
                            for g in child.children
                            if g.dep_ in ("nsubj", "nsubjpass")
                            for a in self._actors_of(g)
                            if a.code
                        ]
                    target = target or [
                        a
                        for g in child.children
                        if g.dep_ in ("dobj", "dative")
                        for a in self._actors_of(g)
                    ]
                    target = target or self._prep_actors(child, trig)
                    if target:
                        break
        return Arg(source, direct), Arg(target, True)

    def _prep_actors(self, head: Any, trig: Any) -> list[Actor]:
        preps = {c.lower_: c for c in head.children if c.dep_ in ("prep", "dative")}
        if "between" in preps:
            found = [
                a for p in preps["between"].children if p.dep_ == "pobj" for a in self._actors_of(p)
            ]
            if found:
                return found
        for name in TARGET_PREPS + (("of",) if trig.event_type in VICTIM_TYPES else ()):
            prep = preps.get(name)
            if prep is None:
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.i not in self._place_at:
                    got = self._actors_of(pobj)
                    got = [a for a in got if not (a.kind == "state" and name in ("in", "at"))]
                    if got:
                        return got
        return []

    def _own_source(self, noun: Any, *, share: bool = True) -> Arg:
        """The actor a noun belongs to: possessor, national adjective, compound, 'by X'."""
        for child in sorted(noun.children, key=lambda c: _CHILD_ORDER.get(c.dep_, 9)):
            if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i in self._tok_phrase:
                return Arg(self._actors_of(child))
            if child.dep_ == "poss":
                got = self._actors_of(child)
                if got:
                    return Arg(got)
            if child.dep_ == "prep" and child.lower_ == "by":
                got = [a for p in child.children if p.dep_ == "pobj" for a in self._actors_of(p)]
                if got:
                    return Arg(got)
            if child.dep_ == "acl":  # "crimes committed by the Zionists"
                got = self._agent(child)
                if got:
                    return Arg(got)
        if noun.i in self._tok_phrase:
            return Arg(self._phrase_actors(self._tok_phrase[noun.i], noun))
        if share:  # "the genocide and crimes committed by the Zionists": conjuncts share the agent
            for other in [
                *(c for c in noun.children if c.dep_ == "conj"),
                *([noun.head] if noun.dep_ == "conj" else []),
            ]:
                got = self._own_source(other, share=False)
                if got.actors:
                    return got
        return Arg([])

    def _of_actors(self, noun: Any) -> list[Actor]:
        """Actors named after the noun's "of": "the crimes of the regime", "the expulsion of
        Israeli diplomats"."""
        return [
            a
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj"
            for a in self._actors_of(p)
        ]

    def _noun_args(self, head: Any, trig: Any) -> tuple[Arg, Arg]:
        if trig.has("nominal"):  # "Egypt's expulsion of Israeli diplomats": the object's actors
            found = [a for a in self._of_actors(head) if a.code]
            if found:
                source = self._own_source(head)
                if not source.actors:  # "Yemen announced the suspension of relations with X"
                    verb, relation = governor(head)
                    if verb is not None and relation == "dobj":
                        source = Arg(self._subject(verb)[0], False)
                own = {a.code for a in source.actors}  # "Israel's withdrawal of (its) troops"
                return source, Arg([a for a in found if a.code not in own])
        source = self._own_source(head)
        target = Arg(self._prep_actors(head, trig))
        if trig.event_type not in VICTIM_TYPES and not source.actors:
            of = self._of_actors(head)
            if of:
                source = Arg(of)
        if source.actors:
            return source, target
        verb, relation = governor(head)
        if verb is None:
            return source, target
        if verb.pos_ in ("NOUN", "PROPN") and verb.i in self._tok_phrase:
            return Arg(self._actors_of(verb), False), target  # "Fidan after meeting with ..."
        lemma = verb.lemma_.lower()
        carried = lemma in LIGHT_VERBS and relation in ("dobj", "attr", "in", "into")
        if carried or relation in FRAME_PREPS or relation == "nsubj":
            subj, passive = self._subject(verb)
            if passive:
                subj = self._agent(verb)
            if relation == "nsubj":
                subj = []
            if not target.actors:
                target = Arg(self._prep_actors(verb, trig), False)
            return Arg(subj, False), target
        return source, target
