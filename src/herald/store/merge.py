"""Cross-document merge: which stored event a new mention reports.

Several outlets report one real-world event; each report is a *mention*. A new
mention joins a stored event when both have

- the same PLOVER type and the same negation,
- the same parties: the set of state/IGO codes of source and target together
  (an actor with no code counts by its sector, `~CVL`), and at least one code,
- dates within a day of each other (for month or year precision: the same month
  or year), both known,
- modes that do not contradict (equal, or one unknown), nor places (the same
  country when both name one),
- the same direction when both are directed (source and target sets equal; a
  symmetric mention, with every party in source, fits either way),
- people that do not contradict (for a code both name a person for, one name in
  common).

Among several fitting events the closest in date wins, then the first stored. The
event keeps the id of its first mention and its first mention's text; what it
lacks (mode, location) it takes from later mentions, and its contexts are the
union. `MergeEvent` is the part of an event row the merge reads and updates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from herald.schema import Actor, Event

# the columns of `events` a MergeEvent is loaded from, in field order
MERGE_COLUMNS = (
    "event_id",
    "match_key",
    "date",
    "date_precision",
    "mode",
    "cameo",
    "location",
    "location_country",
    "contexts",
    "source_keys",
    "target_keys",
    "people",
    "seq",
    "mentions",
    "n_sources",
    "best_confidence",
)


@dataclass
class MergeEvent:
    event_id: str
    match_key: str
    date: date | None
    date_precision: str | None
    mode: str | None
    cameo: str | None
    location: str | None  # JSON of Location.to_dict()
    location_country: str | None
    contexts: list[str]
    source_keys: list[str]
    target_keys: list[str]
    people: list[str]
    seq: int
    mentions: int = 1
    n_sources: int = 1
    best_confidence: float = 0.0
    last_doc: str | None = field(default=None, compare=False)

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> MergeEvent:
        values = dict(zip(MERGE_COLUMNS, row, strict=True))
        for name in ("contexts", "source_keys", "target_keys", "people"):
            values[name] = list(values[name] or [])
        return cls(**values)

    @classmethod
    def first(cls, event: Event, event_id: str, seq: int) -> MergeEvent:
        """The merge state of an event whose first mention is `event`."""
        return cls(
            event_id=event_id,
            match_key=match_key(event),
            date=as_date(event.date),
            date_precision=event.date_precision,
            mode=event.mode,
            cameo=event.cameo,
            location=_location_json(event),
            location_country=event.location.country if event.location else None,
            contexts=list(event.contexts),
            source_keys=party_keys(event.source),
            target_keys=party_keys(event.target),
            people=sorted(people(event)),
            seq=seq,
            best_confidence=round(event.confidence, 3),
            last_doc=event.doc_id,
        )

    @property
    def confidence(self) -> float:
        """The best mention's confidence, raised by 0.05 for each further source (max 0.99)."""
        return round(min(0.99, self.best_confidence + 0.05 * (self.n_sources - 1)), 3)

    def fits(self, event: Event) -> bool:
        """Whether `event` (same match key) can be a mention of this event."""
        day = as_date(event.date)
        if day is None or self.date is None or not any(a.code for a in event.source + event.target):
            return False
        precision = event.date_precision or "day"
        if precision == "day":
            if (self.date_precision or "day") != "day" or abs((self.date - day).days) > 1:
                return False
        elif precision != self.date_precision or self.date != day:
            return False
        if self.mode and event.mode and self.mode != event.mode:
            return False
        country = event.location.country if event.location else None
        if self.location_country and country and self.location_country != country:
            return False
        src, tgt = party_keys(event.source), party_keys(event.target)
        if self.target_keys and tgt and (self.source_keys != src or self.target_keys != tgt):
            return False
        mine = _by_code(people(event))
        theirs = _by_code(self.people)
        return all(mine[code] & theirs[code] for code in set(mine) & set(theirs))

    def absorb(self, event: Event) -> None:
        """Take a new mention: fill mode and place, join contexts, recount."""
        if self.mode is None and event.mode:
            self.mode, self.cameo = event.mode, event.cameo or self.cameo
        if self.location is None and event.location:
            self.location = _location_json(event)
            self.location_country = event.location.country
        self.contexts = list(dict.fromkeys(self.contexts + list(event.contexts)))
        self.mentions += 1
        if event.doc_id != self.last_doc:  # a document's mentions arrive together
            self.n_sources += 1
            self.last_doc = event.doc_id
        self.best_confidence = max(self.best_confidence, round(event.confidence, 3))


def find_match(candidates: list[MergeEvent], event: Event) -> MergeEvent | None:
    """The stored event `event` reports, among events of its match key, or None."""
    day = as_date(event.date)
    fits = [c for c in candidates if c.fits(event)]
    if not fits or day is None:
        return None
    return min(fits, key=lambda c: (abs((c.date - day).days) if c.date else 0, c.seq, c.event_id))


def party_keys(actors: tuple[Actor, ...]) -> list[str]:
    """Sorted distinct party keys: the code, else `~SECTOR` for an actor without one."""
    return sorted({a.code if a.code else f"~{a.sector or '?'}" for a in actors})


def codes(actors: tuple[Actor, ...]) -> list[str]:
    """Distinct codes of the actors, in order."""
    return list(dict.fromkeys(a.code for a in actors if a.code))


def match_key(event: Event) -> str:
    """What two mentions of one event must share: type, negation and the set of parties."""
    parties = sorted(set(party_keys(event.source)) | set(party_keys(event.target)))
    return f"{event.event_type}|{'neg' if event.negated else 'pos'}|{','.join(parties)}"


def dyads(event: Event) -> list[str]:
    """Undirected pairs "A-B" (A < B): source x target, or every pair of a symmetric event."""
    src, tgt = codes(event.source), codes(event.target)
    if tgt:
        pairs = [(a, b) for a in src for b in tgt]
    else:
        pairs = [(a, b) for a in src for b in src if a < b]
    return sorted({"-".join(sorted(pair)) for pair in pairs if pair[0] != pair[1]})


def people(event: Event) -> set[str]:
    """ "CODE:Name" of every person among the event's actors."""
    actors = event.source + event.target
    return {f"{a.code}:{a.name}" for a in actors if a.kind == "person" and a.name}


def as_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _by_code(names: set[str] | list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for person in names:
        code, _, name = person.partition(":")
        out.setdefault(code, set()).add(name)
    return out


def _location_json(event: Event) -> str | None:
    return json.dumps(event.location.to_dict(), ensure_ascii=False) if event.location else None
