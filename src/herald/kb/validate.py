"""Checking a loaded knowledge base: overlapping terms, unknown codes, bad office dates."""

from __future__ import annotations

import itertools
from datetime import date

from herald.kb.resolve import KnowledgeBase
from herald.textutil import fold


def _one_person(names: set[str]) -> bool:
    """Entries whose canonical names share two words are one person in two roles."""
    words = [set(fold(n).replace("-", " ").split()) for n in names]
    return all(len(words[0] & w) >= 2 or w <= words[0] or words[0] <= w for w in words[1:])


def validate_kb(kb: KnowledgeBase) -> list[str]:
    """Problems in the loaded data: overlaps, unknown codes, bad office dates."""
    problems: list[str] = []
    for norm, uses in sorted(kb.term_log.items()):
        meanings = {meaning.rsplit(":", 1)[0].split(":", 1)[1] for _, meaning in uses}
        kinds = {meaning.split(":", 1)[0] for _, meaning in uses}
        codes = {m.split(":")[1] for _, m in uses}
        people = {meaning.split(":", 2)[2] for _, meaning in uses if meaning.startswith("person:")}
        if kinds == {"person"} and _one_person(people):
            continue  # one person with several affiliations over time: resolved by date
        if len(codes) > 1 and not kinds <= {"role", "sector"}:
            where = ", ".join(sorted({origin for origin, _ in uses}))
            problems.append(
                f"term {norm!r} means different actors ({', '.join(sorted(meanings))}) in {where}"
            )
    for person in kb.people:
        if person.code and not kb.known_code(person.code):
            problems.append(f"{person.name}: unknown code {person.code!r}")
        for office in person.offices:
            if office.start and office.end and office.end < office.start:
                problems.append(
                    f"{person.name}: office {office.title} ends ({office.end}) "
                    f"before it starts ({office.start})"
                )
    for (code, role), rows in kb._by_office.items():
        if role == "leader":
            continue
        spans = sorted(
            ((o.start or date.min, o.end or date.max, p.name) for o, p in rows), key=lambda r: r[0]
        )
        for (_s1, e1, n1), (s2, _e2, n2) in itertools.pairwise(spans):
            if n1 != n2 and s2 < e1 and (e1 - s2).days > 7 and e1 != date.max:
                problems.append(f"{code} {role}: {n1} (to {e1}) overlaps {n2} (from {s2})")
    return problems
