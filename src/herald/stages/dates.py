"""Dates: publication datelines and event dates.

The event date is not the publication date. For each event the resolver looks, in
order, for an explicit date in its sentence ("on November 4", "Nov. 1, 2023"), a
weekday or relative phrase ("on Thursday", "yesterday", "last month", "a day
after ...") resolved against the publication date, and else the publication date
itself. With no publication date, only explicit dates with a year resolve;
everything else is null -- never today's date.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?!\d)")
_MDY = re.compile(
    r"\b" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b",
    re.IGNORECASE,
)
_DMY = re.compile(
    r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH
    + r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?\b",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(r"\b(?:in\s+)?" + _MONTH + r"\s+(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE)
_IN_MONTH = re.compile(r"\b(?:in|since|during|early|late|mid-?)\s+" + _MONTH + r"(?!\s+\d)\b", re.I)
_IN_YEAR = re.compile(r"\bin\s+(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE)
_WEEKDAY = re.compile(
    r"\b(?:(?P<rel>last|next|this|on|late|early)\s+)?(?P<wd>"
    + "|".join(WEEKDAYS)
    + r")(?:'s)?\b(?:\s+(?P<part>morning|afternoon|evening|night))?",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b(?P<phrase>yesterday|today|tonight|this (?:morning|afternoon|evening)|"
    r"the (?:previous|preceding) day|a day (?:earlier|before)|the day before|"
    r"last (?:week|month|year)|earlier this (?:week|month|year)|this (?:week|month|year)|"
    r"(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+) "
    r"(?P<unit>days?|weeks?|months?|years?) ago)\b",
    re.IGNORECASE,
)
_DAYS_AFTER = re.compile(
    r"\b(?P<n>a|one|two|three|four|five|six|seven|\d+)\s+days?\s+(?P<dir>after|before)\b", re.I
)


@dataclass(frozen=True)
class ResolvedDate:
    date: str | None
    precision: str | None
    phrase: str | None = None


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date_in_line(text: str) -> str | None:
    """A full date (with year) in a dateline or byline, as ISO, or None."""
    for rx in (_ISO, _MDY, _DMY):
        for m in rx.finditer(text):
            if rx is _ISO:
                found = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
            else:
                if not m["year"]:
                    continue
                found = _safe_date(
                    int(m["year"]), MONTHS[m["month"].lower().rstrip(".")], int(m["day"])
                )
            if found:
                return found.isoformat()
    return None


def _shift(d: date, days: int) -> date | None:
    """`d` moved by `days`, or None past the calendar's ends (years 1 and 9999)."""
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return None


def _resolved(d: date | None, precision: str, phrase: str) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), precision, phrase) if d else ResolvedDate(None, None, phrase)


def _count(text: str) -> int | None:
    """'three' or '3' as a number; None for digit strings too long to be a real count."""
    n = NUMBERS.get(text.lower())
    if n is None and text.isdigit() and len(text) <= 6:
        n = int(text)
    return n


def _infer_year(month: int, day: int, pub: date) -> date | None:
    """A day and month without a year: the occurrence nearest before (or just after) pub."""
    candidate = _safe_date(pub.year, month, day)
    if candidate is None:
        return None
    if (candidate - pub).days > 31:
        candidate = _safe_date(pub.year - 1, month, day)
    return candidate


def _explicit(sentence: str, pub: date | None) -> list[tuple[int, ResolvedDate]]:
    found: list[tuple[int, ResolvedDate]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    for m in _ISO.finditer(sentence):
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            found.append((m.start(), ResolvedDate(d.isoformat(), "day", m.group(0))))
            taken.append(m.span())
    for rx in (_MDY, _DMY):
        for m in rx.finditer(sentence):
            if not free(m):
                continue
            month = MONTHS[m["month"].lower().rstrip(".")]
            if m["month"] == "may" and not m["year"] and rx is _MDY:
                continue  # "may 5" is usually a modal verb and a number: "May" must be capitalised
            day = int(m["day"])
            if m["year"]:
                d = _safe_date(int(m["year"]), month, day)
            elif pub:
                d = _infer_year(month, day, pub)
            else:
                d = None
            taken.append(m.span())
            found.append(
                (
                    m.start(),
                    ResolvedDate(d.isoformat() if d else None, "day" if d else None, m.group(0)),
                )
            )
    for m in _MONTH_YEAR.finditer(sentence):
        if free(m):
            d = _safe_date(int(m["year"]), MONTHS[m["month"].lower().rstrip(".")], 1)
            if d:
                taken.append(m.span())
                found.append((m.start(), ResolvedDate(d.isoformat(), "month", m.group(0))))
    for m in _IN_MONTH.finditer(sentence):
        if free(m) and pub and m["month"][0].isupper():
            month = MONTHS[m["month"].lower().rstrip(".")]
            year = pub.year if month <= pub.month + 1 else pub.year - 1
            taken.append(m.span())
            d = _safe_date(year, month, 1)
            found.append((m.start(), _resolved(d, "month", m.group(0))))
    for m in _IN_YEAR.finditer(sentence):
        if free(m):
            taken.append(m.span())
            found.append((m.start(), ResolvedDate(f"{m['year']}-01-01", "year", m.group(0))))
    return found


def _relative(sentence: str, pub: date | None, future: bool) -> list[tuple[int, ResolvedDate]]:
    found: list[tuple[int, ResolvedDate]] = []
    for m in _WEEKDAY.finditer(sentence):
        rel = (m["rel"] or "").lower()
        if not m["wd"][0].isupper():
            continue
        if pub is None:
            found.append((m.start(), ResolvedDate(None, None, m.group(0))))
            continue
        target = WEEKDAYS[m["wd"].lower()]
        if rel == "next" or (future and rel != "last"):
            delta = (target - pub.weekday()) % 7 or (7 if rel == "next" else 0)
            d = _shift(pub, delta)
        else:
            delta = (pub.weekday() - target) % 7
            if rel == "last" and delta == 0:
                delta = 7
            d = _shift(pub, -delta)
        found.append((m.start(), _resolved(d, "day", m.group(0))))
    for m in _RELATIVE.finditer(sentence):
        if pub is None:
            found.append((m.start(), ResolvedDate(None, None, m.group(0))))
            continue
        try:
            resolved = _relative_phrase(m, pub)
        except (OverflowError, ValueError):  # "5000 years ago", or a date near year 1 or 9999
            resolved = ResolvedDate(None, None, m.group(0))
        found.append((m.start(), resolved))
    return found


def _relative_phrase(m: re.Match[str], pub: date) -> ResolvedDate:
    """The date of a `_RELATIVE` match, counted back from the publication date."""
    phrase = m["phrase"].lower()
    precision = "day"
    if m["unit"]:
        n = _count(m["n"])
        if n is None:
            return ResolvedDate(None, None, m.group(0))
        unit = m["unit"].lower().rstrip("s")
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
        d = pub - timedelta(days=days)
        precision = {"day": "day", "week": "day", "month": "month", "year": "year"}[unit]
    elif phrase in ("yesterday", "the previous day", "the preceding day", "a day earlier",
                    "a day before", "the day before"):  # fmt: skip
        d = pub - timedelta(days=1)
    elif phrase == "last week":
        d = pub - timedelta(days=7)
    elif phrase == "last month":
        d = (pub.replace(day=1) - timedelta(days=1)).replace(day=1)
        precision = "month"
    elif phrase == "last year":
        d = date(pub.year - 1, 1, 1)
        precision = "year"
    elif phrase.endswith("month"):
        d, precision = pub.replace(day=1), "month"
    elif phrase.endswith("year"):
        d, precision = date(pub.year, 1, 1), "year"
    else:
        d = pub
    if precision == "month":
        d = d.replace(day=1)
    elif precision == "year":
        d = date(d.year, 1, 1)
    return ResolvedDate(d.isoformat(), precision, m.group(0))


@functools.lru_cache(maxsize=2048)
def _candidates(
    sentence: str, pub: date | None, future: bool
) -> tuple[tuple[int, ResolvedDate], ...]:
    """Every date expression of a sentence (cached: a sentence often holds several events)."""
    return tuple(_explicit(sentence, pub) + _relative(sentence, pub, future))


def resolve_event_date(
    sentence: str,
    trigger_offset: int,
    pub_date: str | None,
    *,
    future: bool = False,
) -> ResolvedDate:
    """The date of the event whose trigger starts at `trigger_offset` in `sentence`."""
    pub = parse_iso(pub_date)
    candidates = list(_candidates(sentence, pub, future))
    shift = 0
    for m in _DAYS_AFTER.finditer(sentence):
        # "X happened a day after Y": Y is a day before X.
        if trigger_offset > m.end():
            n = _count(m["n"]) or 0
            shift = -n if m["dir"].lower() == "after" else n
            candidates = [c for c in candidates if c[0] > m.end()]
        else:
            candidates = [c for c in candidates if c[0] < m.start()]
    if candidates:
        _, best = min(candidates, key=lambda c: abs(c[0] - trigger_offset))
        if best.date and shift:
            d = parse_iso(best.date)
            d = _shift(d, shift) if d else None
            if d is None:
                return ResolvedDate(None, None, best.phrase)
            return ResolvedDate(d.isoformat(), best.precision, best.phrase)
        return best
    d = _shift(pub, shift) if pub else None
    if d is None:
        return ResolvedDate(None, None)
    return ResolvedDate(d.isoformat(), "day", None)
