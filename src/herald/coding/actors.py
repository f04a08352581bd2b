"""Actor phrases: from knowledge-base matches to resolved actors.

News names actors in phrases that combine several KB terms: "Iran's Deputy
Foreign Minister Abbas Araghchi" (state + role + person), "the Iranian and Qatari
foreign ministers" (two states, one plural role), "his Turkish counterpart"
(a role relative to another actor), "Hamas leaders" (group + role). This module
groups adjacent terms into phrases (`ActorPhrase`) and resolves each phrase to
actors on a date, using the knowledge base's office-holders. Phrases that depend
on the discourse ("he", "the two leaders", "his counterpart") are marked so the
event stage can resolve them against the document context (`Context`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from herald.kb import ROLES, KnowledgeBase, Person, Term
from herald.schema import Actor
from herald.textutil import Token

STATE_KINDS = {"state", "demonym", "capital", "loaded"}
# Words that may sit between the terms of one actor phrase.
GLUE = {
    "'s",
    "'",
    "of",
    "the",
    "deputy",
    "former",
    "acting",
    "top",
    "senior",
    "chief",
    "new",
    "then",
    "-",
    "interim",
    "outgoing",
    "incoming",
    "visiting",
    "late",
    "his",
    "her",
    "their",
    "its",
    "two",
    "both",
    "caretaker",
    "first",
    "vice",
    "assistant",
    "powerful",
    "hardline",
    "veteran",
    "de",
    "facto",
    "self",
    "proclaimed",
    "sitting",
    "embattled",
    # honorifics written between a title and a name
    "sheikh",
    "sheikha",
    "prince",
    "princess",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sayyed",
    "seyed",
    "sayyid",
    "ayatollah",
    "hojatoleslam",
    "mullah",
    "lord",
    "dame",
    "sir",
    "h.e",
    ".",
}
NAME_CONNECTORS = {
    "bin",
    "ibn",
    "al",
    "el",
    "bint",
    "abu",
    "de",
    "da",
    "van",
    "von",
    "der",
    "-",
    "'",
    "ul",
}
NOT_NAMES = {
    "The",
    "On",
    "In",
    "At",
    "A",
    "An",
    "And",
    "But",
    "For",
    "He",
    "She",
    "They",
    "It",
    "This",
    "That",
    "After",
    "Before",
    "During",
    "While",
    "When",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Mr",
    "Mrs",
    "Ms",
}
MAX_NAME_TOKENS = 8
PAIR_NOUNS = {
    "leaders",
    "ministers",
    "presidents",
    "sides",
    "countries",
    "nations",
    "parties",
    "delegations",
    "governments",
    "counterparts",
    "diplomats",
    "states",
    "officials",
    "heads",
    "premiers",
    "men",
}
_PAIR = re.compile(
    r"\b(?:the\s+two|both(?:\s+the)?)\s+(?:\w+\s+){0,2}?(" + "|".join(PAIR_NOUNS) + r")\b", re.I
)


@dataclass
class ActorPhrase:
    """A span of a sentence that names one or more actors."""

    start: int  # character offsets in the sentence
    end: int
    text: str
    terms: list[Term]
    name_text: str | None = None
    actors: list[Actor] = field(default_factory=list)
    counterpart: bool = False
    pair: bool = False  # "the two leaders": the pair in focus
    counterpart_code: str | None = None
    people: list[Person] = field(default_factory=list)  # every KB person the words may name

    @property
    def resolved(self) -> bool:
        return bool(self.actors)


@dataclass
class Context:
    """What the document has said so far: for pronouns, pairs and unknown countries."""

    pub_date: date | None = None
    last_person: Actor | None = None
    last_pair: list[Actor] = field(default_factory=list)
    state_counts: Counter[str] = field(default_factory=Counter)
    story: tuple[str, str] | None = None  # (country, how found): see herald.coding.story

    def dominant_state(self) -> str | None:
        if not self.state_counts:
            return None
        code, count = self.state_counts.most_common(1)[0]
        total = sum(self.state_counts.values())
        return code if count / total >= 0.6 else None  # a one-country story

    def story_country(self) -> tuple[str, str] | None:
        """Where the story happens, and how that was found: its dateline, else the state it
        names most (a one-country story), else the state its lead names most."""
        if self.story is not None and self.story[1] == "dateline":
            return self.story
        dominant = self.dominant_state()
        if dominant is not None:
            return dominant, "story location"
        return self.story


def find_phrases(tokens: list[Token], text: str, kb: KnowledgeBase) -> list[ActorPhrase]:
    """Group the KB matches of a sentence into actor phrases.

    Over 60 lines: one left-to-right pass over the KB matches whose steps (joining
    neighbours, absorbing a name, a comma apposition, a leading "his") all extend the
    phrase being built.
    """
    matches = list(kb.terms.find(tokens, text))
    phrases: list[ActorPhrase] = []
    i = 0
    while i < len(matches):
        m = matches[i]
        terms = [m.values[0]]
        start_tok, end_tok = m.start_tok, m.end_tok
        # extend backwards over glue such as "his", "the two", "top"
        j = i + 1
        while j < len(matches):
            nxt = matches[j]
            gap = [t.norm for t in tokens[end_tok : nxt.start_tok]]
            if not _can_join(terms, nxt.values[0], gap, tokens, nxt.end_tok, matches[j + 1 :]):
                break
            terms.append(nxt.values[0])
            end_tok = nxt.end_tok
            j += 1
        name_text = None
        if terms[-1].kind == "person":
            # "Mohammed bin Abdullah Al Thani" is not the KB's "Mohammed bin Abdullah (Al Khalifa)"
            tail_end = _absorb_name(tokens, end_tok)
            if tail_end > end_tok:
                tail = text[tokens[end_tok].start : tokens[tail_end - 1].end]
                person = terms[-1].person
                if person is not None and not _names_agree_all(tail, person):
                    name_text = text[matches[j - 1].start : tokens[tail_end - 1].end]
                    terms.pop()
                end_tok = tail_end
            if not terms:
                i = j
                continue
        elif terms[-1].kind in ("role", "sector") or (
            terms[-1].kind in STATE_KINDS and len(terms) > 1
        ):
            name_end = _absorb_name(tokens, end_tok)
            if name_end > end_tok:
                name_text = text[tokens[end_tok].start : tokens[name_end - 1].end]
                end_tok = name_end
        # comma apposition: "his Iranian counterpart, Hossein Amir-Abdollahian,"
        if j < len(matches) and end_tok < len(tokens) and tokens[end_tok].norm == ",":
            nxt = matches[j]
            if (
                nxt.start_tok == end_tok + 1
                and nxt.values[0].kind == "person"
                and not any(t.kind == "person" for t in terms)
                and any(t.kind == "role" for t in terms)
            ):
                terms.append(nxt.values[0])
                end_tok = nxt.end_tok
                j += 1
        while start_tok > 0 and tokens[start_tok - 1].norm in {"his", "her", "their", "its"}:
            start_tok -= 1
        start, end = tokens[start_tok].start, tokens[end_tok - 1].end
        phrase = ActorPhrase(start, end, text[start:end], terms, name_text)
        phrase.people = [v.person for m2 in matches[i:j] for v in m2.values if v.person is not None]
        phrase.counterpart = any(
            t.kind == "role" and (t.role or "").startswith("counterpart") for t in terms
        )
        phrases.append(phrase)
        i = j
    for m in _PAIR.finditer(text):
        if not any(p.start <= m.start() < p.end or m.start() <= p.start < m.end() for p in phrases):
            phrases.append(ActorPhrase(m.start(), m.end(), m.group(0), [], pair=True))
        else:
            for p in phrases:
                overlaps = m.start() <= p.start < m.end() or p.start <= m.start() < p.end
                if overlaps and not any(t.kind in STATE_KINDS | {"person"} for t in p.terms):
                    p.pair = True
    return sorted(phrases, key=lambda p: p.start)


def _can_join(
    terms: list[Term], nxt: Term, gap: list[str], tokens: list[Token], nxt_end: int, rest: list
) -> bool:
    kinds = {t.kind for t in terms}
    if any(g not in GLUE for g in gap if g not in {"and", ","}):
        return False
    if "and" in gap or "," in gap:
        if len(gap) != 1:
            return False
        # "Prime Minister and Foreign Minister", "the Iranian and Qatari foreign ministers"
        if terms[-1].kind == "role" and nxt.kind == "role":
            return True
        if terms[-1].kind in STATE_KINDS and nxt.kind in STATE_KINDS and rest:
            follower = rest[0]
            return (
                follower.start_tok == nxt_end
                and follower.values[0].kind in ("role", "sector")
                and (follower.values[0].plural)
            )
        # "the leaders of Iran and Turkey"
        return (
            terms[-1].kind in STATE_KINDS
            and nxt.kind in STATE_KINDS
            and any(t.kind in ("role", "sector") and t.plural for t in terms)
        )
    if nxt.kind in STATE_KINDS and kinds & STATE_KINDS:
        return False
    if nxt.kind == "person" and "person" in kinds:
        return False
    if nxt.kind in ("org", "group") and kinds & {"org", "group", "person"}:
        return False
    if "of" in gap and nxt.kind == "person":
        return False
    return not (kinds == {"person"} and nxt.kind in STATE_KINDS | {"org", "group"})


def _absorb_name(tokens: list[Token], i: int) -> int:
    """End of a run of capitalised words after a role ("spokesman Ole Solvang")."""
    j = i
    end = min(len(tokens), i + MAX_NAME_TOKENS)  # names are short; long capitalised runs are not
    while j < end:
        tok = tokens[j]
        if tok.text in NOT_NAMES:
            break
        if (tok.capitalized and tok.text.isalpha()) or (
            j > i and tok.norm in NAME_CONNECTORS and j + 1 < end and tokens[j + 1].capitalized
        ):
            j += 1
            continue
        break
    # a trailing connector is not part of the name
    while j > i and tokens[j - 1].norm in NAME_CONNECTORS:
        j -= 1
    return j


def _person_actor(
    person: Person, text: str, when: date | None, code: str | None, kb: KnowledgeBase
) -> Actor:
    code = person.code or code
    sector = "IGO" if code in kb.orgs else "GOV"
    return Actor(
        text=text,
        code=code,
        sector=sector,
        name=person.name,
        role=person.describe_role(when),
        kind="person",
    )


def resolve_phrase(phrase: ActorPhrase, kb: KnowledgeBase, when: date | None) -> None:
    """Fill `phrase.actors` where the phrase alone says who it is.

    Over 60 lines: one case per kind of term, tried in the order that gives them
    precedence (a person, a counterpart, an organisation or group, states, then role
    and sector words); each case returns.
    """
    terms = phrase.terms
    text = phrase.text
    states = [t for t in terms if t.kind in STATE_KINDS]
    persons = [t for t in terms if t.kind == "person"]
    bodies = [t for t in terms if t.kind in ("org", "group")]
    roles = [t for t in terms if t.kind == "role" and not (t.role or "").startswith("counterpart")]
    sectors = [t for t in terms if t.kind == "sector"]
    if phrase.pair and not states and not persons and not bodies:
        return
    if (
        persons
        and persons[0].person is not None
        and states
        and persons[0].code != states[0].code
        and (states[0].kind != "demonym" or len(states) == 1)
        and roles
    ):
        # "Qatar's Prime Minister ... <a name the KB gives to someone else>": the title decides
        phrase.name_text = phrase.name_text or persons[0].name
        persons = []
    if persons and persons[0].person is not None:
        person = _best_person(phrase.people or [persons[0].person], when)
        code = person.code or (states[0].code if states else None)
        actor = _person_actor(person, text, when, code, kb)
        if sectors:  # "Opposition leader Raila Odinga", "army chief ..."
            actor = Actor(
                actor.text, actor.code, sectors[0].sector, actor.name, actor.role, actor.kind
            )
        phrase.actors = [actor]
        return
    if phrase.counterpart:
        phrase.counterpart_code = states[0].code if states else None
        return
    if bodies:
        body = bodies[0]
        if roles and body.code and body.kind == "org":
            holder = kb.holder(body.code, role="leader", when=when)
            if holder is not None and not roles[0].plural:
                phrase.actors = [_person_actor(holder, text, when, body.code, kb)]
                return
        sector = body.sector_on(when)
        phrase.actors = [
            Actor(text, body.code, sector, body.name, roles[0].role if roles else None, body.kind)
        ]
        return
    if states:
        actors = []
        for state in states:
            actors.append(_state_actor(state, roles, sectors, phrase, kb, when))
        phrase.actors = actors
        return
    if roles or sectors:
        role = roles[0] if roles else None
        if (
            role is not None
            and role.plural
            and not sectors
            and text.lower().startswith(("the ", "both "))
        ):
            phrase.pair = True  # "the leaders", "both ministers": the pair in focus
            return
        sector = sectors[0].sector if sectors else (role.sector if role else None)
        phrase.actors = [
            Actor(text, None, sector, phrase.name_text, role.role if role else None, "sector")
        ]


def _state_actor(
    state: Term,
    roles: list[Term],
    sectors: list[Term],
    phrase: ActorPhrase,
    kb: KnowledgeBase,
    when: date | None,
) -> Actor:
    code = state.code
    text = phrase.text
    for role in roles:
        if role.role in ROLES and code:
            holder = kb.holder(code, role=role.role, title=role.title, when=when)
            if holder is not None and (
                phrase.name_text is None or _names_agree(phrase.name_text, holder)
            ):
                return _person_actor(holder, text, when, code, kb)
    if roles:
        role = roles[0]
        sector = sectors[0].sector if sectors else role.sector
        return Actor(
            text,
            code,
            sector or "GOV",
            phrase.name_text or None,
            role.role,
            "person" if phrase.name_text else "state",
        )
    if sectors:
        return Actor(text, code, sectors[0].sector, kb.state_name(code), None, "sector")
    return Actor(text, code, state.sector, kb.state_name(code), None, "state")


def _best_person(candidates: list[Person], when: date | None) -> Person:
    """Among KB entries for one name (a minister who later led an IGO), the one in office."""
    if len(candidates) == 1:
        return candidates[0]

    def rank(person: Person) -> tuple[int, date]:
        if person.offices_on(when) and (
            when is not None or any(o.end is None for o in person.offices)
        ):
            return (2, date.max)
        ended = [o.end for o in person.offices if o.end and (when is None or o.end <= when)]
        return (1, max(ended)) if ended else (0, date.min)

    return max(candidates, key=rank)


def _names_agree_all(written: str, person: Person) -> bool:
    """Every word of `written` occurs in one of the person's names."""
    words = {w.lower() for w in re.findall(r"\w+", written)}
    known = {w.lower() for alias in person.aliases for w in re.findall(r"\w+", alias)}
    return words <= known


def _names_agree(written: str, person: Person) -> bool:
    words = {w.lower() for w in re.findall(r"\w+", written)}
    return any(words & {w.lower() for w in re.findall(r"\w+", alias)} for alias in person.aliases)


def resolve_counterpart(
    phrase: ActorPhrase, other: Actor | None, kb: KnowledgeBase, when: date | None
) -> None:
    """'his Turkish counterpart': the holder of `other`'s office in the phrase's state."""
    code = phrase.counterpart_code
    if code is None:
        return
    if other is not None and other.kind == "person" and other.name:
        person = next((p for p in kb.people if p.name == other.name), None)
        if person is not None:
            found = kb.counterpart(person, code, when)
            if found is not None:
                phrase.actors = [_person_actor(found, phrase.text, when, code, kb)]
                return
        if other.role in ROLES:
            holder = kb.holder(code, role=other.role, when=when)
            if holder is not None:
                phrase.actors = [_person_actor(holder, phrase.text, when, code, kb)]
                return
    phrase.actors = [
        Actor(phrase.text, code, "GOV", kb.state_name(code), other.role if other else None, "state")
    ]
