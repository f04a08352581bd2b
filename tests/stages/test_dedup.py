"""Within-article merging on hand-built events (no parsing)."""

from __future__ import annotations

from herald.schema import Actor, Event
from herald.stages.dedup import merge_events


def state(code: str) -> Actor:
    return Actor(text=code, code=code, sector="GOV", name=code, kind="state")


def event(etype: str, *parties: str, mode: str | None = None, date: str = "2024-03-04") -> Event:
    return Event(
        doc_id="d",
        event_type=etype,
        source=tuple(state(c) for c in parties),
        target=(),
        sentence=f"{etype} {' '.join(parties)}",
        span=(0, 10),
        mode=mode,
        date=date,
        confidence=0.7,
        trigger="t",
    )


def test_dedup_vaguer_mention_joins_the_event_it_is_part_of() -> None:
    call = event("CONSULT", "EGY", "JOR", mode="phone")
    merged = merge_events([call, event("CONSULT", "EGY"), event("CONSULT")])
    assert [(e.event_type, e.codes()[0], e.mentions) for e in merged] == [
        ("CONSULT", frozenset({"EGY", "JOR"}), 3)
    ]
    # the vaguest first: the chain still ends in the fullest event, counted once each
    merged = merge_events([event("CONSULT"), event("CONSULT", "EGY"), call])
    assert [(e.codes()[0], e.mentions) for e in merged] == [(frozenset({"EGY", "JOR"}), 3)]


def test_dedup_vaguer_mention_stays_when_nothing_contains_it() -> None:
    merged = merge_events(
        [
            event("CONSULT", "EGY", "JOR", mode="phone"),
            event("CONSULT", "QAT"),  # another party: another meeting
            event("ACCUSE", "EGY"),  # another type
            event("CONSULT", "EGY", date="2024-03-09"),  # another day
            event("CONSULT", "JOR", mode="visit"),  # another mode than a known one
        ]
    )
    assert len(merged) == 5
    merged = merge_events([event("CONSULT", "EGY", "JOR", mode="phone"), event("CONSULT", "JOR")])
    assert len(merged) == 1  # an unknown mode does not contradict
