"""One event per real-world event within an article.

The headline, the lead and the body often report the same event ("Erdogan
discusses Gaza with Raisi" / "In a phone conversation, Erdogan and Raisi
discussed ..."). Two events of one document are the same when they have the
same type, the same parties (state codes on each side, or the same set for
symmetric events), people that do not contradict each other, compatible modes
and dates. The merged event keeps the most informative mention (a body sentence
over the headline, a known mode, a location) and counts its mentions.

An event whose parties are a strict part of another's (of its type) joins that one.

After merging, in-person meetings between the same pair on the same day borrow
the mode of a meeting whose place showed it was a visit: an article that says
"the minister met Fidan in Ankara" and later "Fidan held talks with his
counterpart" reports two meetings of one visit.
"""

from __future__ import annotations

from herald.schema import Actor, Event


def _people(actors: tuple[Actor, ...]) -> dict[str | None, set[str]]:
    out: dict[str | None, set[str]] = {}
    for actor in actors:
        if actor.kind == "person" and actor.name:
            out.setdefault(actor.code, set()).add(actor.name)
    return out


def _parties(event: Event) -> tuple[frozenset[str], frozenset[str]]:
    src, tgt = event.codes()
    if not event.target:
        return src, frozenset()
    return src, tgt


def _compatible(a: Event, b: Event) -> bool:
    """Same type, and neither the modes nor the dates contradict (an unknown one fits)."""
    return (
        a.event_type == b.event_type
        and not (a.mode and b.mode and a.mode != b.mode)
        and not (a.date and b.date and a.date != b.date)
    )


def same_event(a: Event, b: Event) -> bool:
    if not _compatible(a, b):
        return False
    sa, ta = _parties(a)
    sb, tb = _parties(b)
    if not a.target or not b.target:
        if (sa | ta) != (sb | tb):
            return False
    elif (sa, ta) != (sb, tb):
        return False
    pa, pb = _people(a.source + a.target), _people(b.source + b.target)
    return all(pa[code] & pb[code] for code in set(pa) & set(pb))


def _better(a: Event, b: Event) -> Event:
    """The more informative of two mentions of one event."""

    def score(e: Event) -> tuple[int, int, int, int, float]:
        return (
            1 if e.mode else 0,
            1 if e.location else 0,
            0 if e.confidence < 0.5 else 1,
            len([x for x in e.source + e.target if x.kind == "person"]),
            e.confidence,
        )

    return a if score(a) >= score(b) else b


def merge_events(events: list[Event]) -> list[Event]:
    """Merge repeated mentions of the same event within one document."""
    merged: list[Event] = []
    for event in events:
        for k, kept in enumerate(merged):
            if same_event(kept, event):
                best = _better(kept, event)
                # the mode and its CAMEO code come from the same mention (041 goes with "phone")
                moded = best if best.mode else (kept if kept.mode else event)
                merged[k] = best.with_changes(
                    mode=moded.mode,
                    cameo=moded.cameo or best.cameo,
                    date=best.date or kept.date or event.date,
                    date_precision=best.date_precision
                    or kept.date_precision
                    or event.date_precision,
                    location=best.location or kept.location or event.location,
                    contexts=tuple(dict.fromkeys(kept.contexts + event.contexts)),
                    confidence=min(0.99, max(kept.confidence, event.confidence) + 0.05),
                    mentions=kept.mentions + event.mentions,
                )
                break
        else:
            merged.append(event)
    return _spread_visits(_absorb_vaguer(merged))


def _absorb_vaguer(events: list[Event]) -> list[Event]:
    """An event whose coded parties are a strict part of those of another event of its type
    ("protests erupted", "Sisi discussed Gaza" beside "Sisi called his Jordanian
    counterpart") is a vaguer mention of that event and joins it.

    Events with the most parties are settled first, so a chain (none < EGY < EGY+JOR)
    ends in the fullest event, whatever the order of the sentences.
    """
    parties = [frozenset().union(*e.codes()) for e in events]
    kept: dict[int, Event] = {}
    for i in sorted(range(len(events)), key=lambda n: -len(parties[n])):
        event = events[i]
        into = next(
            (
                k
                for k in sorted(kept)
                if parties[i] < parties[k]
                and _compatible(kept[k], event)
                and kept[k].negated == event.negated
            ),
            None,
        )
        if into is None:
            kept[i] = event
        else:
            kept[into] = kept[into].with_changes(mentions=kept[into].mentions + event.mentions)
    return [kept[k] for k in sorted(kept)]


def _spread_visits(events: list[Event]) -> list[Event]:
    visits = [e for e in events if e.event_type == "CONSULT" and e.mode == "visit" and e.location]
    if not visits:
        return events
    out = []
    for event in events:
        if event.event_type == "CONSULT" and event.mode is None:
            codes = set().union(*event.codes())
            for visit in visits:
                if (
                    codes
                    and codes == set().union(*visit.codes())
                    and (not event.date or not visit.date or event.date == visit.date)
                ):
                    event = event.with_changes(mode="visit", location=visit.location)
                    break
        out.append(event)
    return out
