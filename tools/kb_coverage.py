"""Print the knowledge-base coverage table (docs/kb.md) from the shipped data.

    python tools/kb_coverage.py > /tmp/coverage.md
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from herald.kb import ROLES, load_kb


def main() -> None:
    kb = load_kb()
    people = Counter(p.code for p in kb.people if p.code in kb.states)
    offices: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[str, date] = {}
    for person in kb.people:
        for office in person.offices:
            offices[person.code or "?"][office.role] += 1
            if office.start and (person.code not in first or office.start < first[person.code]):
                first[person.code] = office.start
    groups = sum(1 for uses in kb.term_log.values() for _, m in uses if m.startswith("group:"))
    print(f"- states and territories: {len(kb.states)}")
    print(f"- international organisations: {len(kb.orgs)}")
    print(f"- people: {len(kb.people)} ({sum(people.values())} in state offices)")
    print(f"- group names (all spellings): {groups}")
    print(f"- actor terms in the matcher: {kb.terms.size}; place names: {kb.places.size}")
    print()
    print("| state | people | " + " | ".join(ROLES[:4]) + " | earliest office start |")
    print("|---|---|" + "---|" * 4 + "---|")
    for code, count in sorted(people.items(), key=lambda kv: (-kv[1], kv[0])):
        row = offices[code]
        start = first.get(code)
        counts = " | ".join(str(row[r]) for r in ROLES[:4])
        print(f"| {code} | {count} | {counts} | {start} |")


if __name__ == "__main__":
    main()
