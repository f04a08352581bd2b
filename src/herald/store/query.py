"""Reading the event store: filtered events and counts.

`query_events` yields stored events in the schema of `Event.to_dict()` (CONTRACT.md)
plus `mentions` (how many mentions the event has) and `sources` (the ids of the
documents that report it, first reporter first). The text fields (`doc_id`,
`sentence`, `span`, `trigger`) are those of the event's first mention.
`store_stats` counts events by type, dyad and month. The exported dataset is in
export.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from herald.errors import StoreError
from herald.schema import PLOVER_TYPES
from herald.store.connection import Store
from herald.store.errors import reading


@dataclass(frozen=True)
class EventFilter:
    """Which stored events to return; every field left at its default keeps all."""

    actor: str | None = None  # a code among the source or target actors
    dyad: str | None = None  # "A-B" either way round, or "A>B" for A acting on B
    event_types: tuple[str, ...] = ()
    since: str | None = None  # event date on or after (YYYY-MM-DD)
    until: str | None = None  # event date on or before
    source: str | None = None  # outlet name, or text in a reporting document's URL or id
    min_mentions: int = 1
    limit: int | None = None


def parse_dyad(value: str) -> tuple[str, str, bool]:
    """ "IRN-TUR" -> ("IRN", "TUR", False); "TUR>IRN" -> ("TUR", "IRN", True)."""
    directed = ">" in value
    first, sep, second = value.partition(">" if directed else "-")
    if not sep or not first.strip() or not second.strip():
        raise StoreError(
            f"dyad {value!r} is not two codes; use A-B (either direction, e.g. IRN-TUR) "
            "or A>B (A acting on B, e.g. TUR>IRN)"
        )
    return first.strip().upper(), second.strip().upper(), directed


def where_sql(flt: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause and bound parameters of a filter (shared by `herald events` and the API)."""
    clauses: list[str] = ["e.mentions >= ?"]
    params: list[Any] = [flt.min_mentions]
    if flt.actor:
        clauses.append("(list_contains(e.source_codes, ?) OR list_contains(e.target_codes, ?))")
        params += [flt.actor.upper(), flt.actor.upper()]
    if flt.dyad:
        first, second, directed = parse_dyad(flt.dyad)
        if directed:
            clauses.append(
                "((list_contains(e.source_codes, ?) AND list_contains(e.target_codes, ?)) OR "
                "(len(e.target_codes) = 0 AND list_contains(e.source_codes, ?) "
                "AND list_contains(e.source_codes, ?)))"
            )
            params += [first, second, first, second]
        else:
            clauses.append("list_contains(e.dyads, ?)")
            params.append("-".join(sorted((first, second))))
    if flt.event_types:
        unknown = [t for t in flt.event_types if t.upper() not in PLOVER_TYPES]
        if unknown:
            raise StoreError(
                f"unknown event type {unknown[0]!r}; choose from {', '.join(PLOVER_TYPES)}"
            )
        clauses.append("e.event_type IN (SELECT unnest(?))")
        params.append([t.upper() for t in flt.event_types])
    for bound, op in ((flt.since, ">="), (flt.until, "<=")):
        if bound:
            clauses.append(f"e.date {op} ?")
            params.append(_date(bound))
    if flt.source:
        clauses.append(
            "EXISTS (SELECT 1 FROM mentions m JOIN documents d ON d.doc_id = m.doc_id "
            "WHERE m.event_id = e.event_id AND (lower(d.source) = lower(?) "
            "OR contains(lower(coalesce(d.url, '')), lower(?)) "
            "OR contains(lower(d.doc_id), lower(?))))"
        )
        params += [flt.source] * 3
    return " AND ".join(clauses), params


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise StoreError(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2023-11-26") from None


_EVENT_SQL = """
SELECT e.event_id, e.doc_id, e.event_type, e.mode, e.cameo, e.source, e.target, e.date,
       e.date_precision, e.location, e.contexts, e.negated, e.sentence, e.span_start, e.span_end,
       e.trigger, e.confidence, e.mentions, e.n_sources, e.first_seen, e.dyads,
       (SELECT list(m.doc_id ORDER BY m.seq, m.ord) FROM mentions m
        WHERE m.event_id = e.event_id) AS docs
FROM events e WHERE {where}
ORDER BY e.date NULLS LAST, e.seq, e.span_start, e.event_id
"""


def _rows(store: Store, flt: EventFilter) -> Iterator[dict[str, Any]]:
    where, params = where_sql(flt)
    sql = _EVENT_SQL.format(where=where)
    if flt.limit:
        sql += f" LIMIT {int(flt.limit)}"
    cursor = store.con.cursor()
    with reading(store):
        cursor.execute(sql, params)
        names = [d[0] for d in cursor.description]
        batch = cursor.fetchmany(1000)
    while batch:
        for row in batch:
            yield dict(zip(names, row, strict=True))
        with reading(store):
            batch = cursor.fetchmany(1000)


def query_events(store: Store, flt: EventFilter | None = None) -> Iterator[dict[str, Any]]:
    """Stored events, oldest first, as `Event.to_dict()` plus `mentions` and `sources`."""
    for row in _rows(store, flt or EventFilter()):
        yield event_dict(row)


def event_dict(row: dict[str, Any]) -> dict[str, Any]:
    """An events-table row (with its `docs`) as `Event.to_dict()` plus `mentions`, `sources`."""
    return {
        "event_id": row["event_id"],
        "doc_id": row["doc_id"],
        "event_type": row["event_type"],
        "mode": row["mode"],
        "cameo": row["cameo"],
        "source": json.loads(row["source"] or "[]"),
        "target": json.loads(row["target"] or "[]"),
        "date": row["date"].isoformat() if row["date"] else None,
        "date_precision": row["date_precision"],
        "location": json.loads(row["location"]) if row["location"] else None,
        "contexts": list(row["contexts"] or []),
        "negated": bool(row["negated"]),
        "sentence": row["sentence"],
        "span": [row["span_start"], row["span_end"]],
        "trigger": row["trigger"],
        "confidence": row["confidence"],
        "mentions": row["mentions"],
        "sources": list(dict.fromkeys(row["docs"] or [])),
    }


# ---------------------------------------------------------------- stats
def store_stats(store: Store, *, top: int = 20) -> dict[str, Any]:
    """Totals, and event counts by type, by dyad (the `top` most frequent) and by month."""
    con = store.con
    totals = store.counts()
    with reading(store):
        totals["multi_source_events"] = int(
            con.execute("SELECT count(*) FROM events WHERE n_sources > 1").fetchone()[0]
        )
        by_type = con.execute(
            "SELECT event_type, count(*), sum(mentions) FROM events GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
        by_dyad = con.execute(
            "SELECT dyad, count(*) FROM (SELECT unnest(dyads) AS dyad FROM events) "
            "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
            [top],
        ).fetchall()
        by_month = con.execute(
            "SELECT coalesce(strftime(date, '%Y-%m'), 'unknown'), count(*) FROM events "
            "GROUP BY 1 ORDER BY 1"
        ).fetchall()
    return {
        "totals": totals,
        "by_type": [{"event_type": t, "events": n, "mentions": int(m)} for t, n, m in by_type],
        "by_dyad": [{"dyad": d, "events": n} for d, n in by_dyad],
        "by_month": [{"month": mo, "events": n} for mo, n in by_month],
    }
