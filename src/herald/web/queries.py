"""The reads behind `herald serve`: pages of events, one event with its mentions,
actors, dyad time series, top dyads, the actor network and documents with spans.

Every function takes an open `Store` and only reads it: SELECT statements whose
values travel as parameters. Event filters are `herald.store.query.EventFilter`,
turned into SQL by the store's own WHERE builder, so `herald serve` and
`herald events` select the same events for the same filter.

Events are returned as `query_events` returns them (the `herald code` schema plus
`mentions` and `sources`), with two more fields for charts: `quad_class` (1 verbal
cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict) and
`goldstein`, both from `herald.compat`.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections import Counter, defaultdict
from datetime import date, timedelta
from importlib import resources
from typing import Any

from herald.compat import QUAD_CLASS_NAMES, compat_for
from herald.schema import PLOVER_TYPES
from herald.store import Store
from herald.store.query import EventFilter, event_dict
from herald.store.query import where_sql as event_where

INTERVALS = ("day", "week", "month", "year")
SPLITS = ("type", "coop", "quad")
ORDERS = ("asc", "desc")
COOP_KEYS = ("cooperation", "conflict", "unclassified")
MAX_FILLED_PERIODS = 5000  # longer series list their non-empty periods only

_ACTOR_STRUCT = '[{"text":"VARCHAR","name":"VARCHAR","code":"VARCHAR"}]'

_EVENT_COLUMNS = """
e.event_id, e.doc_id, e.event_type, e.mode, e.cameo, e.source, e.target, e.date,
e.date_precision, e.location, e.contexts, e.negated, e.sentence, e.span_start, e.span_end,
e.trigger, e.confidence, e.mentions, e.n_sources, e.dyads
"""


# ---------------------------------------------------------------- labels
@functools.lru_cache(maxsize=1)
def code_labels() -> dict[str, str]:
    """Actor code -> readable name (states and organisations of the built-in KB)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    labels: dict[str, str] = {}
    folder = resources.files("herald") / "data" / "kb"
    for name in ("states.yaml", "organisations.yaml"):
        entries = yaml.load((folder / name).read_text(encoding="utf-8"), Loader=loader) or []
        for entry in entries:
            if isinstance(entry, dict) and entry.get("code") and entry.get("name"):
                labels.setdefault(str(entry["code"]), str(entry["name"]))
    return labels


def label(code: str | None) -> str | None:
    """The readable name of an actor code, else the code itself."""
    if code is None:
        return None
    return code_labels().get(code, code)


def _fold(text: str) -> str:
    """Lower case without accents, so that "erdogan" finds "Erdoğan"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def coop_key(quad: int | None) -> str:
    """The class of a QuadClass: cooperation (1-2), conflict (3-4) or unclassified."""
    if quad in (1, 2):
        return "cooperation"
    if quad in (3, 4):
        return "conflict"
    return "unclassified"


@functools.lru_cache(maxsize=4096)
def _quad(cameo: str | None, event_type: str | None) -> tuple[int | None, float | None]:
    compat = compat_for(cameo, event_type)
    return compat.quad_class, compat.goldstein


# ---------------------------------------------------------------- events
def _event_dict(row: dict[str, Any]) -> dict[str, Any]:
    """The store's event dict plus what the dashboard draws with: dyads, QuadClass, Goldstein."""
    quad, goldstein = _quad(row["cameo"], row["event_type"])
    return {
        **event_dict(row),
        "dyads": list(row["dyads"] or []),
        "quad_class": quad,
        "goldstein": goldstein,
    }


def _fetch(store: Store, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = store.con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _events(store: Store, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Event dicts of the rows `sql` selects, with the documents that report each."""
    rows = _fetch(store, sql, params)
    if rows:
        # one grouped query for the page: a correlated subquery would aggregate every mention
        docs = dict(
            store.con.execute(
                "SELECT event_id, list(doc_id ORDER BY seq, ord) FROM mentions "
                "WHERE event_id IN (SELECT unnest(?)) GROUP BY event_id",
                [[row["event_id"] for row in rows]],
            ).fetchall()
        )
        for row in rows:
            row["docs"] = docs.get(row["event_id"], [])
    return [_event_dict(row) for row in rows]


def count_events(store: Store, flt: EventFilter) -> int:
    """How many stored events match the filter (its `limit` is ignored)."""
    where, params = event_where(flt)
    return int(
        store.con.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]
    )


def page_events(
    store: Store, flt: EventFilter, *, limit: int, offset: int = 0, order: str = "asc"
) -> list[dict[str, Any]]:
    """One page of the events `query_events` yields for `flt`, oldest first (or newest)."""
    direction = "DESC" if order == "desc" else "ASC"
    where, params = event_where(flt)
    order_by = (
        f"ORDER BY e.date {direction} NULLS LAST, e.seq {direction}, e.span_start {direction}, "
        "e.event_id"
    )
    sql = f"SELECT {_EVENT_COLUMNS} FROM events e WHERE {where} {order_by} LIMIT ? OFFSET ?"
    return _events(store, sql, [*params, limit, offset])


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event and every mention of it (document, title, sentence and span), or None."""
    found = _events(
        store, f"SELECT {_EVENT_COLUMNS} FROM events e WHERE e.event_id = ?", [event_id]
    )
    if not found:
        return None
    event = found[0]
    event["mention_list"] = _fetch(
        store,
        "SELECT m.mention_id, m.doc_id, d.title, d.url, d.source AS outlet, d.pub_date, "
        "m.event_type, m.mode, m.cameo, strftime(m.date, '%Y-%m-%d') AS date, m.date_precision, "
        "m.sentence, [m.span_start, m.span_end] AS span, m.trigger, m.confidence, m.doc_mentions "
        "FROM mentions m LEFT JOIN documents d ON d.doc_id = m.doc_id "
        "WHERE m.event_id = ? ORDER BY m.seq, m.ord",
        [event_id],
    )
    return event


# ---------------------------------------------------------------- actors
def _actor_names(
    store: Store, where: str, params: list[Any], *, codes: list[str] | None, needle: str
) -> tuple[dict[str, Counter[str]], dict[str, set[str]]]:
    """Names (with event counts), and the folded names and words, seen for actor codes.

    Reads the actor JSON of the events that name one of `codes`, or whose actors'
    text contains `needle`: parsing every event's actors would be slow on a big store.
    """
    lists = []
    list_params: list[Any] = []
    for side in ("source", "target"):
        narrow, value = (
            (f"list_has_any(e.{side}_codes, ?)", codes)
            if codes is not None
            else (f"contains(lower(strip_accents(e.{side})), ?)", needle)
        )
        lists.append(f"SELECT e.{side} AS j FROM events e WHERE {where} AND {narrow}")
        list_params += [*params, value]
    # parse each distinct actor list once, weighted by the events that carry it
    sql = (
        f"WITH lists AS (SELECT j, count(*) AS n FROM ({' UNION ALL '.join(lists)}) GROUP BY 1), "
        f"parts AS (SELECT n, unnest(from_json(j, '{_ACTOR_STRUCT}')) AS a FROM lists) "
        "SELECT a.code, coalesce(a.name, a.text), a.text, sum(n) FROM parts "
        "WHERE a.code IS NOT NULL GROUP BY 1, 2, 3"
    )
    names: dict[str, Counter[str]] = defaultdict(Counter)
    searchable: dict[str, set[str]] = defaultdict(set)
    for code, name, text, n in store.con.execute(sql, list_params).fetchall():
        if name:
            names[code][name] += int(n)
        searchable[code].update(_fold(t) for t in (name, text) if t)
    return names, searchable


def actors(
    store: Store, flt: EventFilter, *, q: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Actor codes of the matching events, most active first, with the names seen for them.

    `q` keeps the codes whose code, KB name or any actor name or text seen in the
    events contains it (ignoring case and accents).
    """
    where, params = event_where(flt)
    totals = store.con.execute(
        "SELECT code, count(*), count(*) FILTER (list_contains(src, code)), "
        "count(*) FILTER (list_contains(tgt, code)) FROM ("
        "SELECT unnest(list_distinct(list_concat(e.source_codes, e.target_codes))) AS code, "
        f"e.source_codes AS src, e.target_codes AS tgt FROM events e WHERE {where}) "
        "WHERE code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1",
        params,
    ).fetchall()
    needle = _fold((q or "").strip())
    if needle:
        _, searchable = _actor_names(store, where, params, codes=None, needle=needle)
        totals = [
            row
            for row in totals
            if needle in row[0].lower()
            or needle in _fold(label(row[0]) or "")
            or any(needle in name for name in searchable.get(row[0], ()))
        ]
    totals = totals[:limit]
    names, _ = _actor_names(store, where, params, codes=[row[0] for row in totals], needle="")
    return [
        {
            "code": code,
            "label": label(code),
            "events": int(events),
            "as_source": int(as_source),
            "as_target": int(as_target),
            # most used first; ties by name, so the answer does not depend on row order
            "names": [
                name
                for name, _ in sorted(
                    names.get(code, Counter()).items(), key=lambda kv: (-kv[1], kv[0])
                )[:5]
            ],
        }
        for code, events, as_source, as_target in totals
    ]


# ---------------------------------------------------------------- time series
def _period_start(day: date, interval: str) -> date:
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next_period(start: date, interval: str) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    if interval == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def _periods(first: date, last: date, interval: str) -> list[date] | None:
    """Every period start from `first` to `last`, or None when there would be too many."""
    out = [first]
    while out[-1] < last:
        out.append(_next_period(out[-1], interval))
        if len(out) > MAX_FILLED_PERIODS:
            return None
    return out


def _split_key(split: str, event_type: str, cameo: str | None) -> str:
    if split == "type":
        return event_type
    quad, _ = _quad(cameo, event_type)
    if split == "coop":
        return coop_key(quad)
    return str(quad) if quad else "unclassified"


def _series_keys(split: str, present: set[str]) -> list[str]:
    if split == "type":
        return [t for t in PLOVER_TYPES if t in present] + sorted(present - set(PLOVER_TYPES))
    if split == "coop":
        return [k for k in COOP_KEYS if k != "unclassified" or k in present]
    keys = [str(q) for q in QUAD_CLASS_NAMES]
    return keys + (["unclassified"] if "unclassified" in present else [])


def series_label(split: str, key: str) -> str:
    """The legend text of a series key."""
    if split == "quad" and key.isdigit():
        return QUAD_CLASS_NAMES[int(key)]
    if split == "coop":
        return key.capitalize()
    return key.capitalize() if key == "unclassified" else key


def timeseries(
    store: Store, flt: EventFilter, *, interval: str = "month", split: str = "type"
) -> dict[str, Any]:
    """Counts of matching events per period, one series per type or per class.

    `split` is "type" (PLOVER type), "coop" (cooperation vs conflict) or "quad"
    (GDELT's four QuadClasses). Periods run from the first to the last dated event
    with empty periods filled with zeros; undated events are counted in `undated`.
    """
    where, params = event_where(flt)
    rows = store.con.execute(
        f"SELECT e.date, e.event_type, e.cameo, count(*) FROM events e WHERE {where} "
        "GROUP BY 1, 2, 3",
        params,
    ).fetchall()
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    undated: Counter[str] = Counter()
    for day, event_type, cameo, n in rows:
        key = _split_key(split, event_type, cameo)
        if day is None:
            undated[key] += int(n)
        else:
            counts[_period_start(day, interval)][key] += int(n)
    present = {k for c in counts.values() for k in c} | set(undated)
    keys = _series_keys(split, present)
    starts = sorted(counts)
    if starts:
        starts = _periods(starts[0], starts[-1], interval) or starts
    return {
        "interval": interval,
        "split": split,
        "periods": [d.isoformat() for d in starts],
        "series": [
            {
                "key": key,
                "label": series_label(split, key),
                "counts": [counts[d][key] if d in counts else 0 for d in starts],
                "undated": undated[key],
            }
            for key in keys
        ],
        "totals": [sum(counts[d].values()) if d in counts else 0 for d in starts],
        "undated": sum(undated.values()),
        "events": sum(sum(c.values()) for c in counts.values()) + sum(undated.values()),
    }


# ---------------------------------------------------------------- dyads and network
def top_dyads(store: Store, flt: EventFilter, *, limit: int = 20) -> list[dict[str, Any]]:
    """The country pairs with the most matching events, with their cooperation/conflict split."""
    where, params = event_where(flt)
    rows = store.con.execute(
        f"SELECT d, e_type, cameo, count(*) FROM (SELECT unnest(e.dyads) AS d, "
        f"e.event_type AS e_type, e.cameo AS cameo FROM events e WHERE {where}) GROUP BY 1, 2, 3",
        params,
    ).fetchall()
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for dyad, event_type, cameo, n in rows:
        quad, _ = _quad(cameo, event_type)
        totals[dyad]["events"] += int(n)
        totals[dyad][coop_key(quad)] += int(n)
    ranked = sorted(totals.items(), key=lambda item: (-item[1]["events"], item[0]))[:limit]
    out = []
    for dyad, counter in ranked:
        first, _, second = dyad.partition("-")
        out.append(
            {
                "dyad": dyad,
                "a": first,
                "b": second,
                "a_label": label(first),
                "b_label": label(second),
                "events": counter["events"],
                "cooperation": counter["cooperation"],
                "conflict": counter["conflict"],
            }
        )
    return out


def network(store: Store, flt: EventFilter, *, limit: int = 40) -> dict[str, Any]:
    """Actors as nodes and their `limit` busiest dyads as weighted edges."""
    edges = top_dyads(store, flt, limit=limit)
    weight: Counter[str] = Counter()
    for edge in edges:
        weight[edge["a"]] += edge["events"]
        weight[edge["b"]] += edge["events"]
    nodes = [
        {"code": code, "label": label(code), "events": n}
        for code, n in sorted(weight.items(), key=lambda item: (-item[1], item[0]))
    ]
    return {"nodes": nodes, "edges": edges}


# ---------------------------------------------------------------- documents
def document(store: Store, doc_id: str) -> dict[str, Any] | None:
    """A stored document: its cleaned text and every event sentence in it, by span."""
    rows = _fetch(
        store,
        "SELECT doc_id, title, url, source AS outlet, pub_date, lang, text, n_events "
        "FROM documents WHERE doc_id = ?",
        [doc_id],
    )
    if not rows:
        return None
    doc = rows[0]
    spans = []
    for row in _fetch(
        store,
        "SELECT m.mention_id, m.event_id, m.raw, e.mentions FROM mentions m "
        "JOIN events e ON e.event_id = m.event_id WHERE m.doc_id = ? ORDER BY m.span_start, m.ord",
        [doc_id],
    ):
        coded = json.loads(row["raw"] or "{}")
        quad, goldstein = _quad(coded.get("cameo"), coded.get("event_type"))
        spans.append(
            {
                "mention_id": row["mention_id"],
                "event_id": row["event_id"],
                "span": coded.get("span"),
                "sentence": coded.get("sentence"),
                "trigger": coded.get("trigger"),
                "event_type": coded.get("event_type"),
                "mode": coded.get("mode"),
                "cameo": coded.get("cameo"),
                "source": coded.get("source", []),
                "target": coded.get("target", []),
                "date": coded.get("date"),
                "date_precision": coded.get("date_precision"),
                "location": coded.get("location"),
                "contexts": coded.get("contexts", []),
                "negated": bool(coded.get("negated")),
                "confidence": coded.get("confidence"),
                "mentions": row["mentions"],
                "quad_class": quad,
                "goldstein": goldstein,
            }
        )
    doc["events"] = spans
    return doc


def documents(
    store: Store, *, q: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """Stored documents, latest first; `q` keeps those whose id, title, URL or outlet has it."""
    where, params = "TRUE", []
    if q and q.strip():
        where = (
            "(contains(lower(doc_id), ?) OR contains(lower(coalesce(title, '')), ?) OR "
            "contains(lower(coalesce(url, '')), ?) OR contains(lower(coalesce(source, '')), ?))"
        )
        params = [q.strip().lower()] * 4
    total = int(
        store.con.execute(f"SELECT count(*) FROM documents WHERE {where}", params).fetchone()[0]
    )
    rows = _fetch(
        store,
        f"SELECT doc_id, title, url, source AS outlet, pub_date, n_events FROM documents "
        f"WHERE {where} ORDER BY pub_date DESC NULLS LAST, seq DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return total, rows


# ---------------------------------------------------------------- summary
def summary(store: Store) -> dict[str, Any]:
    """Totals, the date range of the events, and the event types present."""
    totals = store.counts()
    first, last, undated = store.con.execute(
        "SELECT min(date), max(date), count(*) FILTER (date IS NULL) FROM events"
    ).fetchone()
    by_type = dict(
        store.con.execute("SELECT event_type, count(*) FROM events GROUP BY 1").fetchall()
    )
    return {
        "totals": totals,
        "first_date": first.isoformat() if first else None,
        "last_date": last.isoformat() if last else None,
        "undated_events": int(undated or 0),
        "event_types": [
            {
                "event_type": t,
                "events": int(by_type.get(t, 0)),
                "quad_class": _quad(None, t)[0],
            }
            for t in PLOVER_TYPES
        ],
        "quad_classes": {str(k): v for k, v in QUAD_CLASS_NAMES.items()},
    }
