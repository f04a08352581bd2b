"""A checker for output event dicts: the type of every field, as CONTRACT.md states it.

Importable by any test::

    from tests.schema_check import assert_event, event_problems

    problems = event_problems(event_dict)          # [] when the dict is valid
    assert_event(event_dict, text=doc.text)        # AssertionError listing every problem

`event_problems` never raises, whatever it is given, so it can run inside property
tests on arbitrary output. Keys beyond the contract are allowed (the contract is
extended, never changed), but the known extensions (`trigger`, `mentions`, `sources`)
are type-checked too.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from typing import Any

# Copied from CONTRACT.md on purpose (not imported from herald.schema): the checker
# must not share a mistake with the code it checks.
PLOVER_TYPES = frozenset((
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
))  # fmt: skip
SECTORS = frozenset((
    "GOV", "MIL", "POL", "REB", "OPP", "PTY", "CVL", "MED", "BUS", "NGO", "IGO", "JUD", "LEG", "REF",
))  # fmt: skip
IGO_CODES = frozenset((
    "UN", "EU", "NATO", "OIC", "AU", "ASEAN", "GCC", "ARL", "IAEA", "ICC", "ICJ", "WHO", "IMF", "WB",
    "OPEC", "SCO", "BRICS", "G7", "G20", "OSCE", "CIS", "ECOWAS",
))  # fmt: skip
PRECISIONS = frozenset({"day", "month", "year"})
REQUIRED = (
    "event_id", "doc_id", "event_type", "mode", "cameo", "source", "target", "date",
    "date_precision", "location", "contexts", "negated", "sentence", "span", "confidence",
)  # fmt: skip
ACTOR_KEYS = ("text", "name", "code", "sector", "role")
LOCATION_KEYS = ("name", "country", "lat", "lon")

_SHA1 = re.compile(r"[0-9a-f]{40}")
_CAMEO = re.compile(r"\d{2,4}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ALPHA3 = re.compile(r"[A-Z]{3}")


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_opt_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _valid_code(code: Any) -> bool:
    return code is None or (
        isinstance(code, str) and (code in IGO_CODES or bool(_ALPHA3.fullmatch(code)))
    )


def _actor_problems(actor: Any, where: str) -> list[str]:
    if not isinstance(actor, dict):
        return [f"{where}: an actor must be an object, got {type(actor).__name__}"]
    problems = [f"{where}: missing key {key!r}" for key in ACTOR_KEYS if key not in actor]
    if "text" in actor and not (_is_str(actor["text"]) and actor["text"].strip()):
        problems.append(f"{where}.text: must be a non-empty string, got {actor['text']!r}")
    for key in ("name", "role"):
        if key in actor and not _is_opt_str(actor[key]):
            problems.append(f"{where}.{key}: must be a string or null, got {actor[key]!r}")
    if "code" in actor and not _valid_code(actor["code"]):
        problems.append(
            f"{where}.code: must be ISO alpha-3, an IGO code or null, got {actor['code']!r}"
        )
    if "sector" in actor and actor["sector"] is not None and actor["sector"] not in SECTORS:
        problems.append(
            f"{where}.sector: must be one of {sorted(SECTORS)} or null, got {actor['sector']!r}"
        )
    return problems


def _location_problems(loc: Any) -> list[str]:
    if loc is None:
        return []
    if not isinstance(loc, dict):
        return [f"location: must be an object or null, got {type(loc).__name__}"]
    problems = [f"location: missing key {key!r}" for key in LOCATION_KEYS if key not in loc]
    if "name" in loc and not (_is_str(loc["name"]) and loc["name"].strip()):
        problems.append(f"location.name: must be a non-empty string, got {loc['name']!r}")
    if "country" in loc and not _valid_code(loc["country"]):
        problems.append(f"location.country: must be ISO alpha-3 or null, got {loc['country']!r}")
    for key, bound in (("lat", 90), ("lon", 180)):
        value = loc.get(key)
        if value is not None and not (_is_number(value) and -bound <= value <= bound):
            problems.append(
                f"location.{key}: must be a number in [-{bound}, {bound}] or null, got {value!r}"
            )
    return problems


def _date_problems(event: dict[str, Any]) -> list[str]:
    value, precision = event.get("date"), event.get("date_precision")
    problems = []
    if value is not None:
        if not (_is_str(value) and _ISO_DATE.fullmatch(value)):
            problems.append(f"date: must be YYYY-MM-DD or null, got {value!r}")
        else:
            try:
                date.fromisoformat(value)
            except ValueError:
                problems.append(f"date: not a real calendar date: {value!r}")
    if precision is not None and precision not in PRECISIONS:
        problems.append(f"date_precision: must be day, month, year or null, got {precision!r}")
    if (value is None) != (precision is None):
        problems.append(
            f"date and date_precision must both be null or both set: {value!r}, {precision!r}"
        )
    return problems


def event_problems(event: Any, *, text: str | None = None) -> list[str]:
    """Every way `event` breaks the contract schema ([] when it is valid).

    With `text` (the cleaned text of its document) the span is also checked to
    point at the sentence.
    """
    if not isinstance(event, dict):
        return [f"an event must be a dict, got {type(event).__name__}"]
    problems = [f"missing key {key!r}" for key in REQUIRED if key not in event]
    get = event.get
    if "event_id" in event and not (_is_str(get("event_id")) and _SHA1.fullmatch(get("event_id"))):
        problems.append(
            f"event_id: must be a 40-character lower-case sha1 hex digest, got {get('event_id')!r}"
        )
    if "doc_id" in event and not (_is_str(get("doc_id")) and get("doc_id")):
        problems.append(f"doc_id: must be a non-empty string, got {get('doc_id')!r}")
    if "event_type" in event and get("event_type") not in PLOVER_TYPES:
        problems.append(
            f"event_type: must be one of the 16 PLOVER types, got {get('event_type')!r}"
        )
    if "mode" in event and not _is_opt_str(get("mode")):
        problems.append(f"mode: must be a string or null, got {get('mode')!r}")
    cameo = get("cameo")
    if cameo is not None and not (_is_str(cameo) and _CAMEO.fullmatch(cameo)):
        problems.append(f"cameo: must be a string of 2-4 digits or null, got {cameo!r}")
    for role in ("source", "target"):
        actors = get(role)
        if role not in event:
            continue
        if not isinstance(actors, list):
            problems.append(f"{role}: must be a list, got {type(actors).__name__}")
            continue
        for i, actor in enumerate(actors):
            problems.extend(_actor_problems(actor, f"{role}[{i}]"))
    problems.extend(_date_problems(event))
    problems.extend(_location_problems(get("location")))
    contexts = get("contexts")
    if "contexts" in event and not (
        isinstance(contexts, list) and all(_is_str(c) for c in contexts)
    ):
        problems.append(f"contexts: must be a list of strings, got {contexts!r}")
    if "negated" in event and not isinstance(get("negated"), bool):
        problems.append(f"negated: must be true or false, got {get('negated')!r}")
    sentence = get("sentence")
    if "sentence" in event and not (_is_str(sentence) and sentence.strip()):
        problems.append(f"sentence: must be a non-empty string, got {sentence!r}")
    span = get("span")
    if "span" in event:
        if not (isinstance(span, list) and len(span) == 2 and all(_is_int(x) for x in span)):
            problems.append(f"span: must be a list of two integers, got {span!r}")
        elif not 0 <= span[0] < span[1]:
            problems.append(f"span: must be [start, end] with 0 <= start < end, got {span!r}")
        elif _is_str(sentence) and span[1] - span[0] != len(sentence):
            problems.append(
                f"span: {span!r} is {span[1] - span[0]} characters, sentence is {len(sentence)}"
            )
        elif text is not None and text[span[0] : span[1]] != sentence:
            problems.append(f"span: text[{span[0]}:{span[1]}] is not the sentence")
    confidence = get("confidence")
    if "confidence" in event and not (_is_number(confidence) and 0 <= confidence <= 1):
        problems.append(f"confidence: must be a number in [0, 1], got {confidence!r}")
    # Known extensions of the contract.
    if "trigger" in event and not _is_str(get("trigger")):
        problems.append(f"trigger: must be a string, got {get('trigger')!r}")
    if "mentions" in event and not (_is_int(get("mentions")) and get("mentions") >= 1):
        problems.append(f"mentions: must be a positive integer, got {get('mentions')!r}")
    sources = get("sources")
    if "sources" in event and not (isinstance(sources, list) and all(_is_str(s) for s in sources)):
        problems.append(f"sources: must be a list of doc ids, got {sources!r}")
    try:
        line = json.dumps(event, ensure_ascii=False, allow_nan=False)
        line.encode("utf-8")  # lone surrogates cannot be written out
        if json.loads(line) != event:
            problems.append("the event does not survive a JSON round trip unchanged")
    except (TypeError, ValueError) as err:  # UnicodeEncodeError is a ValueError
        problems.append(f"the event is not JSON-serialisable as UTF-8: {err}")
    return problems


def assert_event(event: Any, *, text: str | None = None) -> None:
    """Fail with every problem listed when `event` breaks the contract schema."""
    problems = event_problems(event, text=text)
    if problems:
        shown = json.dumps(event, ensure_ascii=False, default=repr)[:400]
        raise AssertionError(
            "event breaks the contract:\n  " + "\n  ".join(problems) + f"\n{shown}"
        )
