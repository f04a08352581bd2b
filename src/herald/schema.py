"""The core types that flow through herald's pipeline.

Every stage reads and writes these; the output JSON is built from `to_dict()` here
and nowhere else, so the contract in CONTRACT.md has one home. Mentions and events
point into the cleaned text by character offsets instead of copying spaCy objects,
which keeps documents picklable for worker processes and storable as they are.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

SECTORS: tuple[str, ...] = (
    "GOV",
    "MIL",
    "POL",
    "REB",
    "OPP",
    "PTY",
    "CVL",
    "MED",
    "BUS",
    "NGO",
    "IGO",
    "JUD",
    "LEG",
    "REF",
)


@dataclass(frozen=True)
class Sentence:
    """A sentence of the cleaned text, by offsets, with the part of the page it came from."""

    start: int
    end: int
    text: str
    zone: str = "body"  # "title" or "body"


@dataclass(frozen=True)
class Actor:
    """One resolved actor as it appears in an event.

    `text` is the words as written in the article; `name` the canonical name of the
    person, state or organisation it resolved to; `code` the state or IGO code.
    """

    text: str
    code: str | None
    sector: str | None = None
    name: str | None = None
    role: str | None = None
    kind: str = "state"  # state | person | org | group | sector | place
    start: int = -1
    end: int = -1
    # where a code the text does not state came from ("event location", "story location",
    # "dateline"): a guess from context is marked, never silent
    inferred: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "name": self.name,
            "code": self.code,
            "sector": self.sector,
            "role": self.role,
        }
        if self.inferred:
            out["inferred"] = self.inferred
        return out

    def key(self) -> tuple[str | None, str | None]:
        """Identity used to merge repeated mentions of the same actor."""
        return (self.code, self.name if self.kind == "person" else self.sector)


@dataclass(frozen=True)
class Location:
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True)
class Event:
    """A coded event, traceable to its sentence by `span`."""

    doc_id: str
    event_type: str
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    sentence: str
    span: tuple[int, int]
    mode: str | None = None
    cameo: str | None = None
    date: str | None = None
    date_precision: str | None = None
    location: Location | None = None
    contexts: tuple[str, ...] = ()
    negated: bool = False
    confidence: float = 0.5
    trigger: str = ""
    trigger_span: tuple[int, int] = (-1, -1)
    mentions: int = 1
    # the rules' trace for the decision model: the cues it read, and the type the rules gave
    # before the model decided (None while no model has looked at the event)
    cues: tuple[str, ...] = field(default=(), compare=False, repr=False)
    rule_type: str | None = None

    @property
    def event_id(self) -> str:
        codes = (
            ",".join(sorted(f"{a.code}" for a in self.source))
            + "|"
            + ",".join(sorted(f"{a.code}" for a in self.target))
        )
        raw = f"{self.doc_id}|{self.span[0]}|{self.event_type}|{codes}"
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()

    def codes(self) -> tuple[frozenset[str], frozenset[str]]:
        src = frozenset(a.code for a in self.source if a.code)
        tgt = frozenset(a.code for a in self.target if a.code)
        return src, tgt

    @property
    def partial(self) -> bool:
        """No actor code for the side that acts: no dyad to count (who did it is unknown),
        so not printed by default; the store keeps such events, flagged."""
        return not self.codes()[0]

    def with_changes(self, **changes: Any) -> Event:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "cameo": self.cameo,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "date": self.date,
            "date_precision": self.date_precision,
            "location": self.location.to_dict() if self.location else None,
            "contexts": list(self.contexts),
            "negated": self.negated,
            "sentence": self.sentence,
            "span": list(self.span),
            "trigger": self.trigger,
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Document:
    """An article on its way through the pipeline.

    Stages fill fields in order: the reader sets `raw` and metadata, `clean` sets
    `text`/`title`, `sentences` splits, and `events` holds the output.
    """

    doc_id: str
    raw: str
    text: str = ""
    title: str | None = None
    url: str | None = None
    source: str | None = None
    pub_date: str | None = None
    pub_date_origin: str | None = None  # metadata | option | header | dateline
    lang: str | None = None
    html: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return hashlib.sha1((self.text or self.raw).encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class Skipped:
    """An input that could not be coded, and why (printed as one stderr line)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"herald: skipped {self.source}: {self.reason}"
