"""`herald kb lookup`: how a phrase resolves on a date, for users to check the KB."""

from __future__ import annotations

from typing import Any

from herald.coding.actors import find_phrases, resolve_counterpart, resolve_phrase
from herald.kb import KnowledgeBase
from herald.stages.dates import parse_iso
from herald.textutil import tokenize


def lookup(kb: KnowledgeBase, text: str, when: str | None = None) -> dict[str, Any]:
    """The resolution of `text` on `when` (ISO date or None for 'now, as far as the KB knows')."""
    day = parse_iso(when)
    phrases = find_phrases(tokenize(text), text, kb)
    result: dict[str, Any] = {
        "text": text,
        "date": when,
        "code": None,
        "sector": None,
        "name": None,
        "role": None,
        "alternatives": [],
    }
    if not phrases:
        result["note"] = "no knowledge-base term found"
        return result
    phrase = max(phrases, key=lambda p: p.end - p.start)
    resolve_phrase(phrase, kb, day)
    if phrase.counterpart and not phrase.actors:
        resolve_counterpart(phrase, None, kb, day)
    if phrase.actors:
        actor = phrase.actors[0]
        result.update(
            code=actor.code, sector=actor.sector, name=actor.name, role=actor.role, kind=actor.kind
        )
        if len(phrase.actors) > 1:
            result["others"] = [a.to_dict() for a in phrase.actors[1:]]
    alternatives = []
    for term in phrase.terms:
        if term.person is not None:
            alternatives.extend(
                {
                    "name": term.person.name,
                    "code": term.person.code,
                    "title": o.title,
                    "role": o.role,
                    "start": o.start.isoformat() if o.start else None,
                    "end": o.end.isoformat() if o.end else None,
                }
                for o in term.person.offices
            )
        elif term.kind == "role" and term.role and result["code"]:
            holders = kb.holders(result["code"], role=term.role) if day else []
            alternatives.extend(
                {"name": p.name, "title": o.title, "role": o.role} for o, p in holders
            )
    result["alternatives"] = alternatives
    result["matched"] = [{"text": p.text, "kinds": [t.kind for t in p.terms]} for p in phrases]
    return result
