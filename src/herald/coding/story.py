"""The story's own setting: its dateline and the country it happens in.

A wire story opens with where it was filed ("THE HAGUE, March 3 (Reuters) --",
"LAGOS, Nigeria (AP) --"). That place is not a party to anything the story reports
(an international court sitting in The Hague does not make the Netherlands act), but
it is the best single clue to where the story happens. Generic actors the text does
not place ("police", "protesters", "security forces") take that country, marked as
inferred, never silently: see `Context.story_country` and `EventCoder._fill_codes`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from herald.textutil import tokenize

if TYPE_CHECKING:
    from herald.coding.events import SentenceData
    from herald.kb import KnowledgeBase

# CITY[, Region][, Mon DD[, YYYY]] [(Agency)] -- ; the city in capitals, or followed by an
# agency in brackets or a dash: "Tehran, IRNA --", "KYIV (Reuters) -", "ANKARA, Nov 26 --".
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"""^\s*
    (?P<place>(?:[A-Z][A-Za-z'.\-]*|[A-Z]{2,})(?:\s+(?:[A-Z][A-Za-z'.\-]*|[A-Z]{2,})){0,3})
    (?P<region>,\s*[A-Z][A-Za-z.\-]*(?:\s+[A-Z][A-Za-z.\-]*){0,2})?
    (?P<date>,?\s*"""
    + _MONTH
    + r"""\s+\d{1,2}(?:,?\s*\d{4})?)?
    \s*(?P<agency>\((?:[A-Z][\w.&' \-]{0,30})\))?
    \s*(?:,\s*[A-Z][\w.&' \-]{1,30}\s*)?
    (?P<dash>[—–]|--?|:)\s+""",
    re.X,
)


@dataclass(frozen=True)
class Dateline:
    """Where a story was filed: `end` is the offset where its first real sentence starts."""

    end: int
    place: str
    country: str | None


def find_dateline(text: str, kb: KnowledgeBase) -> Dateline | None:
    """The dateline at the start of a story's first sentence, if there is one.

    A dateline is a place in capitals ("THE HAGUE"), or a place followed by an agency or a
    date before a dash; a plain sentence that starts "Iran said --" is not one, because
    the words before the dash must name a place (or a state) the KB knows.
    """
    m = _DATELINE.match(text[:160])
    if m is None:
        return None
    place = m.group("place")
    shouting = place.isupper() and len(place) > 2
    if not (shouting or m.group("agency") or m.group("date") or m.group("region")):
        return None
    head = text[: m.start("dash")]
    country = _country_of(head, kb)
    if country is None and not shouting:
        return None
    return Dateline(m.end(), place.title() if shouting else place, country)


def _country_of(text: str, kb: KnowledgeBase) -> str | None:
    """The country a dateline names: a state ("LAGOS, Nigeria"), else the place's country."""
    tokens = tokenize(text.title() if text.isupper() else text)
    probe = text.title() if text.isupper() else text
    for match in kb.terms.find(tokens, probe):
        for term in match.values:
            if term.kind == "state" and term.code:
                return str(term.code)
    for match in kb.places.find(tokens, probe):
        term = match.values[0]
        if term.code:
            return str(term.code)
    return None


def story_country(
    sentences: list[SentenceData], dateline: Dateline | None
) -> tuple[str, str] | None:
    """(country, how it was found) for the story: its dateline, else the one state its
    headline and lead name most (and clearly more than any other)."""
    if dateline is not None and dateline.country:
        return dateline.country, "dateline"
    lead: Counter[str] = Counter()
    for data in sentences[:3]:
        codes = {t.code for p in data.phrases for t in p.terms if t.code and len(t.code) == 3}
        codes |= {m.values[0].code for m in data.places if m.values[0].code}
        lead.update(codes)
    ranked = lead.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0], "story location"
    return None
