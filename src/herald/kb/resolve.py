"""The loaded knowledge base and how it resolves offices on a date.

`KnowledgeBase` holds the states, organisations and people read from the data
files, the phrase tries the coder matches text against, and the office index that
answers "who was Iran's foreign minister on 2023-12-11" (`holders`, `holder`,
`counterpart`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from herald.kb.model import ROLES, Office, Person, Term
from herald.textutil import PhraseTrie, fold


@dataclass
class KnowledgeBase:
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    terms: PhraseTrie[Term] = field(default_factory=PhraseTrie)
    places: PhraseTrie[Term] = field(default_factory=PhraseTrie)
    sources: list[str] = field(default_factory=list)
    _by_office: dict[tuple[str, str], list[tuple[Office, Person]]] = field(default_factory=dict)
    term_log: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    # ------------------------------------------------------------ queries
    def holders(
        self,
        code: str,
        *,
        role: str | None = None,
        title: str | None = None,
        when: date | None = None,
    ) -> list[tuple[Office, Person]]:
        """Office-holders of a state (or IGO) with a role or title on a date."""
        found = []
        for key in [(code, role)] if role else [(code, r) for r in ROLES]:
            for office, person in self._by_office.get(key, []):
                if title and fold(office.title) != fold(title):
                    continue
                if when is None:
                    if office.end is None:
                        found.append((office, person))
                elif office.holds_on(when):
                    found.append((office, person))
        return found

    def holder(
        self,
        code: str,
        *,
        role: str | None = None,
        title: str | None = None,
        when: date | None = None,
    ) -> Person | None:
        found = self.holders(code, role=role, title=title, when=when)
        if not found and title:
            found = self.holders(code, role=role, when=when) if role else []
        return found[0][1] if found else None

    def counterpart(self, person: Person, code: str, when: date | None) -> Person | None:
        """The holder of `person`'s office in state `code` (same title first, then role)."""
        for office in person.offices_on(when):
            same = self.holders(code, role=office.role, title=office.title, when=when)
            if same:
                return same[0][1]
            same = self.holders(code, role=office.role, when=when)
            if same:
                return same[0][1]
        return None

    def state_name(self, code: str | None) -> str | None:
        if code is None:
            return None
        if code in self.states:
            return str(self.states[code]["name"])
        if code in self.orgs:
            return str(self.orgs[code]["name"])
        return code

    def known_code(self, code: str | None) -> bool:
        return code is None or code in self.states or code in self.orgs
