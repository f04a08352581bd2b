"""What the knowledge base holds: offices, people and the meaning of a matched phrase.

`Term` is what a phrase found in text means (a state, a demonym, a person, a role
word ...); `Person` and `Office` carry the dated offices that let a title without a
name resolve to the person who held it on the article's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ROLES = ("head of state", "head of government", "foreign minister", "defence minister", "leader")
IGO_FALLBACK = (
    "UN",
    "EU",
    "NATO",
    "OIC",
    "AU",
    "ASEAN",
    "GCC",
    "ARL",
    "IAEA",
    "ICC",
    "ICJ",
    "WHO",
    "IMF",
    "WB",
    "OPEC",
    "SCO",
    "BRICS",
    "G7",
    "G20",
    "OSCE",
    "CIS",
    "ECOWAS",
)


def _rank(role: str) -> int:
    return ROLES.index(role) if role in ROLES else len(ROLES)


@dataclass(frozen=True)
class Office:
    title: str
    role: str
    start: date | None
    end: date | None

    def holds_on(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Person:
    name: str
    code: str | None
    offices: tuple[Office, ...]
    aliases: tuple[str, ...] = ()

    def offices_on(self, when: date | None) -> list[Office]:
        """Offices held on `when` (None: the current ones), the highest-ranking first."""
        if when is None:
            held = [o for o in self.offices if o.end is None]
            held = held or sorted(self.offices, key=lambda o: o.end or date.max)[-1:]
        else:
            held = [o for o in self.offices if o.holds_on(when)]
        return sorted(held, key=lambda o: _rank(o.role))

    def describe_role(self, when: date | None) -> str | None:
        """The role on `when`; 'former ...' when the person no longer holds one."""
        now = self.offices_on(when)
        if now:
            return now[0].role
        if when is not None:
            past = [o for o in self.offices if o.end is not None and o.end < when]
            if past:
                last = max(past, key=lambda o: (o.end or date.min, -_rank(o.role)))
                return "former " + last.role
        return None


@dataclass(frozen=True)
class Term:
    """What a matched phrase means. `kind` drives how actors are composed."""

    kind: str  # state | demonym | capital | loaded | person | org | group | role | sector | place
    code: str | None
    name: str
    sector: str | None = None
    role: str | None = None
    title: str | None = None
    plural: bool = False
    person: Person | None = None
    periods: tuple[tuple[date | None, date | None, str], ...] = ()
    lat: float | None = None
    lon: float | None = None
    place_kind: str | None = None  # city | region | landmark | sea (places only)

    def sector_on(self, when: date | None) -> str | None:
        if not self.periods:
            return self.sector
        for start, end, sector in self.periods:
            if when is None and end is None:
                return sector
            if (
                when is not None
                and (start is None or start <= when)
                and (end is None or when <= end)
            ):
                return sector
        return self.periods[-1][2]
