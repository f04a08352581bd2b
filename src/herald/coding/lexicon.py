"""Event-trigger lexicon: `data/lexicons/triggers.csv` compiled into a matcher.

A pattern is a sequence of base-form words (`^hold * talk`): each word matches its
inflections (hold/holds/held/holding; talk/talks), `=word` matches as written, `*`
is a gap of up to three words inside the clause (hyphens, apostrophes and weekdays
not counted), and `^` marks the head word whose grammatical relations give the
event's actors. A verb-object pattern (`^lift * sanction`) also reads in the
passive, object first ("sanctions on Iran were lifted"). Inflections are generated
rather than read from spaCy's lemmatizer so that the same matcher runs on unparsed
text in the pre-filter; over-generated forms ("seeked") are harmless.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from herald.errors import KnowledgeBaseError
from herald.schema import PLOVER_TYPES
from herald.textutil import Token, fold

IRREGULAR = {
    "arise": ["arose", "arisen"],
    "be": ["is", "are", "was", "were", "been", "being", "'s"],
    "beat": ["beat", "beaten"],
    "begin": ["began", "begun"],
    "bring": ["brought"],
    "build": ["built"],
    "buy": ["bought"],
    "catch": ["caught"],
    "choose": ["chose", "chosen"],
    "come": ["came"],
    "cut": ["cut"],
    "deal": ["dealt"],
    "do": ["did", "done", "does"],
    "draw": ["drew", "drawn"],
    "drive": ["drove", "driven"],
    "fall": ["fell", "fallen"],
    "feel": ["felt"],
    "fight": ["fought"],
    "flee": ["fled"],
    "fly": ["flew", "flown", "flies"],
    "forbid": ["forbade", "forbidden"],
    "forgive": ["forgave", "forgiven"],
    "freeze": ["froze", "frozen"],
    "get": ["got", "gotten"],
    "give": ["gave", "given"],
    "go": ["went", "gone", "goes"],
    "hang": ["hung"],
    "have": ["has", "had", "having"],
    "hear": ["heard"],
    "hide": ["hid", "hidden"],
    "hit": ["hit"],
    "hold": ["held"],
    "hurt": ["hurt"],
    "keep": ["kept"],
    "lay": ["laid"],
    "lead": ["led"],
    "leave": ["left"],
    "lend": ["lent"],
    "let": ["let"],
    "lose": ["lost"],
    "make": ["made"],
    "meet": ["met"],
    "overthrow": ["overthrew", "overthrown"],
    "pay": ["paid"],
    "put": ["put"],
    "quit": ["quit"],
    "rebuild": ["rebuilt"],
    "ride": ["rode"],
    "rise": ["rose", "risen"],
    "run": ["ran"],
    "say": ["said", "says"],
    "see": ["saw", "seen"],
    "seek": ["sought"],
    "sell": ["sold"],
    "send": ["sent"],
    "set": ["set"],
    "shake": ["shook", "shaken"],
    "shoot": ["shot"],
    "shut": ["shut"],
    "sing": ["sang", "sung"],
    "sink": ["sank", "sunk"],
    "sit": ["sat"],
    "slay": ["slew", "slain"],
    "speak": ["spoke", "spoken"],
    "spend": ["spent"],
    "spread": ["spread"],
    "stand": ["stood"],
    "steal": ["stole", "stolen"],
    "stick": ["stuck"],
    "strike": ["struck", "stricken"],
    "swear": ["swore", "sworn"],
    "take": ["took", "taken"],
    "teach": ["taught"],
    "tear": ["tore", "torn"],
    "tell": ["told"],
    "think": ["thought"],
    "throw": ["threw", "thrown"],
    "undertake": ["undertook", "undertaken"],
    "uphold": ["upheld"],
    "wage": ["waged"],
    "wake": ["woke", "woken"],
    "wear": ["wore", "worn"],
    "win": ["won"],
    "withdraw": ["withdrew", "withdrawn"],
    "withhold": ["withheld"],
    "write": ["wrote", "written"],
    "bid": ["bid"],
    "broadcast": ["broadcast"],
    "forecast": ["forecast"],
    "upset": ["upset"],
    "break": ["broke", "broken"],
    "bear": ["bore", "borne"],
    "bind": ["bound"],
    "blow": ["blew", "blown"],
    "feed": ["fed"],
    "find": ["found"],
    "grow": ["grew", "grown"],
    "know": ["knew", "known"],
    "light": ["lit"],
    "mean": ["meant"],
    "read": ["read"],
    "shed": ["shed"],
    "slit": ["slit"],
    "spit": ["spat"],
    "split": ["split"],
    "sweep": ["swept"],
    "thrust": ["thrust"],
    "understand": ["understood"],
    "man": ["men"],
    "woman": ["women"],
    "child": ["children"],
    "person": ["people"],
    "crisis": ["crises"],
    "thesis": ["theses"],
    "analysis": ["analyses"],
}
_VOWELS = set("aeiou")


@functools.cache
def inflections(word: str) -> frozenset[str]:
    """Noun and verb forms of a base word (over-generating on purpose)."""
    forms = {word, *IRREGULAR.get(word, [])}
    if not word.isalpha() or len(word) < 2:
        return frozenset(forms)
    last, prev = word[-1], word[-2]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    elif last == "y" and prev not in _VOWELS:
        forms.update({word[:-1] + "ies", word[:-1] + "ied"})
    else:
        forms.add(word + "s")
    if last == "e":
        forms.update({word + "d", word[:-1] + "ing"})
    elif last == "y" and prev not in _VOWELS:
        forms.update({word + "ing"})
    else:
        forms.update({word + "ed", word + "ing"})
        if last not in _VOWELS and last not in "wxy" and prev in _VOWELS:
            forms.update({word + last + "ed", word + last + "ing"})
    if word.endswith("ie"):
        forms.add(word[:-2] + "ying")
    if word.endswith("f"):
        forms.add(word[:-1] + "ves")
    if word.endswith("fe"):
        forms.add(word[:-2] + "ves")
    return frozenset(forms)


@dataclass(frozen=True)
class Trigger:
    pattern: str
    event_type: str
    mode: str | None
    cameo: str | None
    pos: str  # V, N, A or ""
    flags: frozenset[str]
    head: int  # index of the head word among the pattern's words (gaps excluded)
    words: tuple[str, ...]

    def has(self, flag: str) -> bool:
        return flag in self.flags


@dataclass(frozen=True)
class TriggerMatch:
    trigger: Trigger
    tokens: tuple[int, ...]  # token index of each pattern word
    start: int
    end: int

    @property
    def head_token(self) -> int:
        return self.tokens[self.trigger.head]


_CLAUSE_BREAK = {".", ";", ":", "!", "?", "(", ")", '"'}
GAP_WORDS = 3  # words a `*` may skip
# not counted in a gap: hyphens and what follows them ("two-year-old" is one word), the
# pieces of "Ethiopia's", and the day of an event ("lifted on Friday a ban")
_FREE_IN_GAP = frozenset(
    ["-", "'", "s", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)


_BE_FORMS = frozenset(["is", "are", "was", "were", "be", "been", "being"])
# second words of verb patterns that are not the verb's object ("^import * from")
_NOT_OBJECTS = frozenset(
    {
        *("from", "away", "to", "with", "on", "off", "out", "up", "down", "in", "back", "over"),
        *("against", "into", "for", "by", "at", "accountable", "free", "responsible", "part"),
    }
)


# nouns of action whose form is not the verb's "-ing" ("the suspension of relations")
NOMINALS = {
    "adopt": "adoption",
    "announce": "announcement",
    "approve": "approval",
    "arrest": "arrest",
    "cancel": "cancellation",
    "close": "closure",
    "declare": "declaration",
    "deploy": "deployment",
    "deport": "deportation",
    "destroy": "destruction",
    "detain": "detention",
    "evacuate": "evacuation",
    "expel": "expulsion",
    "extend": "extension",
    "impose": "imposition",
    "normalize": "normalization",
    "normalise": "normalisation",
    "relax": "relaxation",
    "release": "release",
    "remove": "removal",
    "restore": "restoration",
    "return": "return",
    "resume": "resumption",
    "seize": "seizure",
    "sever": "severance",
    "suspend": "suspension",
    "transfer": "transfer",
    "withdraw": "withdrawal",
}


def _verb_object(trig: Trigger) -> bool:
    """A `^verb * object` trigger: the shape with passive and nominal readings."""
    parts = trig.pattern.split()
    return not (
        trig.pos != "V"
        or len(parts) != 3
        or parts[1] != "*"
        or not parts[0].startswith("^")
        or parts[0].startswith("^=")
        or parts[2].startswith(("=", "^"))
        or parts[2] in _NOT_OBJECTS
    )


def _passive(trig: Trigger) -> Trigger:
    """The object-first reading: "sanctions on Iran were lifted" (the verb stays the head)."""
    return dataclasses.replace(
        trig, head=1, words=(trig.words[1], trig.words[0]), flags=trig.flags | {"passive"}
    )


def _nominal(trig: Trigger) -> tuple[Trigger, frozenset[str]]:
    """The noun reading, "the lifting/suspension of * object", and the forms of its noun."""
    verb = fold(trig.words[0])
    forms = {f for f in inflections(verb) if f.endswith("ing")}
    if verb in NOMINALS:
        forms |= {NOMINALS[verb], *inflections(NOMINALS[verb])}
    nominal = dataclasses.replace(
        trig,
        pos="N",
        head=0,
        words=(NOMINALS.get(verb, verb), "of", trig.words[1]),
        flags=trig.flags | {"nominal"},
    )
    return nominal, frozenset(forms)


def _as_written(match: TriggerMatch, norms: list[str]) -> int:
    """Pattern words found exactly as written: "meeting" (the noun) over "meet" (the verb)."""
    return sum(fold(w) == norms[p] for w, p in zip(match.trigger.words, match.tokens, strict=True))


def _be_between(norms: list[str], positions: list[int]) -> bool:
    """'sanctions were lifted': a form of "be" between the object and the verb."""
    return any(n in _BE_FORMS for n in norms[positions[0] + 1 : positions[1]])


def _participles(word: str) -> frozenset[str]:
    """The forms of a verb that can follow "was"/"were" ("lifted", "held", "cut")."""
    irregular = IRREGULAR.get(word, [])
    forms = {f for f in inflections(word) if f.endswith(("ed", "en")) or f in irregular}
    return frozenset(forms or {word})


class TriggerLexicon:
    """All triggers, indexed by the forms of their first word."""

    def __init__(self, triggers: list[Trigger]) -> None:
        self.triggers = triggers
        self._by_first: dict[str, list[tuple[Trigger, list[tuple[frozenset[str], bool]]]]] = (
            defaultdict(list)
        )
        self.forms: set[str] = set()
        for trig in triggers:
            steps: list[tuple[frozenset[str], bool]] = []
            gap = False
            for raw in trig.pattern.split():
                if raw == "*":
                    gap = True
                    continue
                word = raw.lstrip("^")
                forms = (
                    frozenset({fold(word[1:])}) if word.startswith("=") else inflections(fold(word))
                )
                steps.append((forms, gap))
                gap = False
            self._add(trig, steps)
            if _verb_object(trig):
                obj = steps[1][0]
                self._add(_passive(trig), [(obj, False), (_participles(fold(trig.words[0])), True)])
                nominal, nouns = _nominal(trig)
                self._add(nominal, [(nouns, False), (frozenset({"of"}), False), (obj, True)])

    def _add(self, trig: Trigger, steps: list[tuple[frozenset[str], bool]]) -> None:
        for form in steps[0][0]:
            self._by_first[form].append((trig, steps))
        for forms, _ in steps:
            self.forms.update(forms)

    def find(self, tokens: list[Token]) -> list[TriggerMatch]:
        """All trigger matches; where several overlap on the same head, the longest wins."""
        found: list[TriggerMatch] = []
        norms = [t.norm for t in tokens]
        for i, norm in enumerate(norms):
            for trig, steps in self._by_first.get(norm, ()):
                positions = self._match_from(norms, i, steps)
                if (
                    positions is not None
                    and trig.has("passive")
                    and not _be_between(norms, positions)
                ):
                    positions = None  # "sanctions he lifted", "sanctions lifting"
                if positions is not None:
                    found.append(
                        TriggerMatch(
                            trig,
                            tuple(positions),
                            tokens[positions[0]].start,
                            tokens[positions[-1]].end,
                        )
                    )
        best: dict[int, TriggerMatch] = {}
        for m in found:
            cur = best.get(m.head_token)
            if (
                cur is None
                or len(m.tokens) > len(cur.tokens)
                or (
                    len(m.tokens) == len(cur.tokens)
                    and _as_written(m, norms) > _as_written(cur, norms)
                )
            ):
                best[m.head_token] = m
        # drop one-word matches inside a longer match's span (e.g. "fire" in "open fire")
        multi = [m for m in best.values() if len(m.tokens) > 1]
        out = []
        for m in best.values():
            if len(m.tokens) == 1 and any(m.tokens[0] in o.tokens for o in multi):
                continue
            out.append(m)
        return sorted(out, key=lambda m: m.start)

    @staticmethod
    def _match_from(
        norms: list[str], i: int, steps: list[tuple[frozenset[str], bool]]
    ) -> list[int] | None:
        positions = [i]
        j = i + 1
        for forms, gap in steps[1:]:
            budget = GAP_WORDS  # only a gap skips words: other steps stop at the first miss
            k = j
            while k < len(norms) and norms[k] not in forms:
                if not gap or norms[k] in _CLAUSE_BREAK:
                    return None
                if norms[k] not in _FREE_IN_GAP and norms[k - 1] != "-":
                    budget -= 1
                    if budget < 0:
                        return None
                k += 1
            if k >= len(norms):
                return None
            positions.append(k)
            j = k + 1
        return positions


def _parse_row(row: dict[str, str], where: str) -> Trigger:
    pattern = (row.get("pattern") or "").strip()
    etype = (row.get("event_type") or "").strip()
    if not pattern or etype not in PLOVER_TYPES:
        raise KnowledgeBaseError(
            f"{where}: needs a pattern and a PLOVER event_type, got {pattern!r}/{etype!r}"
        )
    words = [w for w in pattern.split() if w != "*"]
    heads = [n for n, w in enumerate(words) if w.startswith("^")]
    if len(heads) > 1:
        raise KnowledgeBaseError(f"{where}: pattern {pattern!r} marks more than one head with ^")
    flags = frozenset(f.strip() for f in (row.get("flags") or "").split(";") if f.strip())
    return Trigger(
        pattern=pattern,
        event_type=etype,
        mode=(row.get("mode") or "").strip() or None,
        cameo=(row.get("cameo") or "").strip() or None,
        pos=(row.get("pos") or "").strip().upper(),
        flags=flags,
        head=heads[0] if heads else 0,
        words=tuple(w.lstrip("^=") for w in words),
    )


def read_triggers(path: Path) -> list[Trigger]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as err:
        raise KnowledgeBaseError(f"cannot read trigger lexicon {path}: {err}") from err
    return [
        _parse_row(row, f"{path.name} line {n + 2}")
        for n, row in enumerate(rows)
        if (row.get("pattern") or "").strip() and not (row.get("pattern") or "").startswith("#")
    ]


@functools.lru_cache(maxsize=2)
def load_lexicon(path: str | None = None) -> TriggerLexicon:
    """The trigger lexicon (cached per process: building it is the costly part)."""
    csv_path = (
        Path(path)
        if path
        else Path(str(resources.files("herald") / "data" / "lexicons" / "triggers.csv"))
    )
    return TriggerLexicon(read_triggers(csv_path))
