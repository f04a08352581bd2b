"""A batch's rows: each document and its mentions staged in memory, merged into events,
then written in one transaction.

`_Staging` keeps the merge cache (the stored events of the match keys in play) and
turns documents into rows; `_flush` bulk-loads them through Arrow. Nothing here
commits except `_flush`, so a failed batch leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from herald.schema import Document, Event
from herald.store.merge import (
    MERGE_COLUMNS,
    MergeEvent,
    as_date,
    codes,
    dyads,
    find_match,
    match_key,
    party_keys,
    people,
)
from herald.store.schema import TABLES, UPDATED_COLUMNS, arrow, arrow_of

CACHE_KEYS = 200_000  # match keys kept in memory between batches before the cache is reset


class _Staging:
    """Merge cache and staged rows of the store being written (mixed into `Store`)."""

    con: Any
    _cache: dict[str, list[MergeEvent]]
    _seq: int
    _in_txn: bool

    def _load_events(self, keys: set[str]) -> None:
        """Bring the stored events of these match keys into the merge cache."""
        if len(self._cache) > CACHE_KEYS:  # nothing is pending here: reloading is safe
            self._cache.clear()
        missing = sorted(k for k in keys if k not in self._cache)
        if not missing:
            return
        for key in missing:
            self._cache[key] = []
        sql = f"SELECT {', '.join(MERGE_COLUMNS)} FROM events WHERE match_key IN (SELECT unnest(?))"
        for row in self.con.execute(sql, [missing]).fetchall():
            stored = MergeEvent.from_row(row)
            self._cache[stored.match_key].append(stored)
        for key in missing:
            self._cache[key].sort(key=lambda e: (e.seq, e.event_id))

    def _stage(self, doc: Document, pending: _Pending) -> None:
        """Rows for one new document and its mentions; merge each mention into an event."""
        seq = self._seq + 1
        self._seq = seq
        now = datetime.now()
        used: set[str] = set()
        for ordinal, event in enumerate(doc.events):
            mention_id = event.event_id
            number = 1
            while mention_id in used:  # two events of one document with the same id
                number += 1
                mention_id = hashlib.sha1(f"{event.event_id}#{number}".encode()).hexdigest()
            used.add(mention_id)
            candidates = self._cache.setdefault(match_key(event), [])
            match = find_match(candidates, event)
            if match is None:
                match = MergeEvent.first(event, mention_id, seq)
                candidates.append(match)
                pending.new[mention_id] = (match, _event_row(event, mention_id, seq, now))
            else:
                match.absorb(event)
                if match.event_id not in pending.new:
                    pending.dirty[match.event_id] = match
            pending.mentions.append(_mention_row(event, mention_id, match.event_id, seq, ordinal))
        pending.docs.append(_document_row(doc, seq, now))
        pending.taken.ids.add(doc.doc_id)
        pending.taken.hashes.add(doc.content_hash)
        if doc.url:
            pending.taken.urls.add(doc.url)

    def _flush(self, pending: _Pending) -> None:
        """Write the staged rows in one transaction (bulk loads through Arrow)."""
        events = []
        for state, row in pending.new.values():
            events.append(row | _updated(state))
        skipped = [
            {"source": s, "reason": r, "skipped_at": at} for (s, r), at in pending.skipped.items()
        ]
        self.con.execute("BEGIN TRANSACTION")
        self._in_txn = True
        self._insert("documents", pending.docs)
        self._insert("events", events)
        self._insert("mentions", pending.mentions)
        if skipped:
            self.con.register("pending_rows", arrow("skipped", skipped))
            self.con.execute(
                "INSERT INTO skipped SELECT * FROM pending_rows p WHERE NOT EXISTS (SELECT 1 FROM "
                "skipped s WHERE s.source = p.source AND s.reason = p.reason)"
            )
            self.con.unregister("pending_rows")
        if pending.dirty:
            rows = [{"event_id": e.event_id} | _updated(e) for e in pending.dirty.values()]
            updated = [c for c in TABLES["events"] if c[0] in UPDATED_COLUMNS]
            columns = (("event_id", "VARCHAR"), *updated)
            self.con.register("pending_rows", arrow_of(columns, rows))
            sets = ", ".join(f"{c} = u.{c}" for c in UPDATED_COLUMNS)
            self.con.execute(
                f"UPDATE events SET {sets} FROM pending_rows u WHERE events.event_id = u.event_id"
            )
            self.con.unregister("pending_rows")
        self.con.execute("COMMIT")
        self._in_txn = False

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        self.con.register("pending_rows", arrow(table, rows))
        self.con.execute(f"INSERT INTO {table} SELECT * FROM pending_rows")
        self.con.unregister("pending_rows")


@dataclass
class _Taken:
    ids: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)


@dataclass
class _Pending:
    """What one batch will write."""

    docs: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    new: dict[str, tuple[MergeEvent, dict[str, Any]]] = field(default_factory=dict)
    dirty: dict[str, MergeEvent] = field(default_factory=dict)
    skipped: dict[tuple[str, str], datetime] = field(default_factory=dict)
    taken: _Taken = field(default_factory=_Taken)


def _is_duplicate(doc: Document, taken: _Taken) -> bool:
    return (
        doc.doc_id in taken.ids
        or doc.content_hash in taken.hashes
        or (doc.url is not None and doc.url in taken.urls)
    )


def _event_row(event: Event, event_id: str, seq: int, now: datetime) -> dict[str, Any]:
    """The fixed part of a new event's row: its first mention (the merge fills the rest)."""
    data = event.to_dict()
    return {
        "event_id": event_id,
        "match_key": match_key(event),
        "event_type": event.event_type,
        "date": as_date(event.date),
        "date_precision": event.date_precision,
        "source": json.dumps(data["source"], ensure_ascii=False),
        "target": json.dumps(data["target"], ensure_ascii=False),
        "source_codes": codes(event.source),
        "target_codes": codes(event.target),
        "source_keys": party_keys(event.source),
        "target_keys": party_keys(event.target),
        "people": sorted(people(event)),
        "dyads": dyads(event),
        "negated": event.negated,
        "doc_id": event.doc_id,
        "sentence": event.sentence,
        "span_start": event.span[0],
        "span_end": event.span[1],
        "trigger": event.trigger,
        "seq": seq,
        "first_seen": now,
    }


def _updated(state: MergeEvent) -> dict[str, Any]:
    return {
        "mode": state.mode,
        "cameo": state.cameo,
        "location": state.location,
        "location_country": state.location_country,
        "contexts": state.contexts,
        "confidence": state.confidence,
        "best_confidence": state.best_confidence,
        "mentions": state.mentions,
        "n_sources": state.n_sources,
    }


def _mention_row(
    event: Event, mention_id: str, event_id: str, seq: int, ordinal: int
) -> dict[str, Any]:
    """The row of one mention: the event as this document coded it."""
    data = event.to_dict()
    return {
        "mention_id": mention_id,
        "event_id": event_id,
        "doc_id": event.doc_id,
        "seq": seq,
        "ord": ordinal,
        "event_type": event.event_type,
        "mode": event.mode,
        "cameo": event.cameo,
        "date": as_date(event.date),
        "date_precision": event.date_precision,
        "sentence": event.sentence,
        "span_start": event.span[0],
        "span_end": event.span[1],
        "trigger": event.trigger,
        "confidence": data["confidence"],
        "doc_mentions": event.mentions,
        "raw": json.dumps(data, ensure_ascii=False),
    }


def _document_row(doc: Document, seq: int, now: datetime) -> dict[str, Any]:
    """The row of one new document."""
    return {
        "doc_id": doc.doc_id,
        "content_hash": doc.content_hash,
        "url": doc.url,
        "source": doc.source or _site(doc.url),
        "title": doc.title,
        "pub_date": doc.pub_date,
        "lang": doc.lang,
        "text": doc.text,
        "n_events": len(doc.events),
        "notes": list(doc.notes),
        "seq": seq,
        "ingested_at": now,
    }


def _site(url: str | None) -> str | None:
    """The outlet of a URL ("https://www.aa.com.tr/en/..." -> "aa.com.tr")."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
