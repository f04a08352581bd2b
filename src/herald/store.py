"""The event store: documents, mentions and events in an embedded DuckDB file.

    inputs -> readers -> stable ids -> drop stored ids -> code (workers) -> write (this process)

`herald ingest` grows one dataset day after day:

- **Idempotent.** A document already stored (same id, same URL or same cleaned
  text) is not stored again; ids known before coding are dropped before the
  parser ever sees them, so a re-run of an interrupted job only codes what is
  missing.
- **Crash-safe.** Documents are written in transactions of whole documents (its
  row, its mentions and the event rows they create or update). A SIGKILL or
  Ctrl-C loses at most the uncommitted batch, never leaves half a document, and
  the same command run again finishes the job with the same tables as a run that
  was never interrupted (documents are written in input order and the merge
  below depends only on what is already stored and on that order).
- **One event per real-world event.** Each event a document yields is a
  *mention*. A new mention joins a stored event when both have the same type and
  negation, the same parties (state/IGO codes; uncoded actors by sector), dates
  within a day (same month or year for coarser dates), modes that do not
  contradict, the same direction when both are directed, and people that do not
  contradict. An event keeps the id of its first mention; its mention and source
  counts are recomputed from the mentions table after each join.
- **Skipped inputs** (not English, empty, unreadable) go to the `skipped` table
  with their path and reason, once per (path, reason).

Only the main process writes: coding may run in worker processes
(`herald.parallel.code_items`). Queries live in `herald.store_query`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from herald.errors import StoreError
from herald.readers import Item, iter_inputs
from herald.schema import Document, Event, Skipped
from herald.settings import Settings
from herald.store_merge import (
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

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
DEFAULT_DB = "herald.duckdb"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")
CACHE_KEYS = 200_000  # match keys kept in memory between batches before the cache is reset

# Every table as (column, SQL type and constraints); the DDL and the Arrow batches
# that bulk-load rows are both built from this.
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("doc_id", "VARCHAR PRIMARY KEY"),
        ("content_hash", "VARCHAR NOT NULL UNIQUE"),
        ("url", "VARCHAR"),
        ("source", "VARCHAR"),
        ("title", "VARCHAR"),
        ("pub_date", "VARCHAR"),
        ("lang", "VARCHAR"),
        ("text", "VARCHAR"),
        ("n_events", "INTEGER NOT NULL"),
        ("notes", "VARCHAR[]"),
        ("seq", "BIGINT NOT NULL"),
        ("ingested_at", "TIMESTAMP"),
    ),
    "skipped": (
        ("source", "VARCHAR NOT NULL"),
        ("reason", "VARCHAR NOT NULL"),
        ("skipped_at", "TIMESTAMP"),
    ),
    "events": (
        ("event_id", "VARCHAR PRIMARY KEY"),
        ("match_key", "VARCHAR NOT NULL"),
        ("event_type", "VARCHAR NOT NULL"),
        ("mode", "VARCHAR"),
        ("cameo", "VARCHAR"),
        ("date", "DATE"),
        ("date_precision", "VARCHAR"),
        ("source", "VARCHAR"),
        ("target", "VARCHAR"),
        ("source_codes", "VARCHAR[]"),
        ("target_codes", "VARCHAR[]"),
        ("source_keys", "VARCHAR[]"),
        ("target_keys", "VARCHAR[]"),
        ("people", "VARCHAR[]"),
        ("dyads", "VARCHAR[]"),
        ("location", "VARCHAR"),
        ("location_country", "VARCHAR"),
        ("contexts", "VARCHAR[]"),
        ("negated", "BOOLEAN"),
        ("confidence", "DOUBLE"),
        ("best_confidence", "DOUBLE"),
        ("doc_id", "VARCHAR NOT NULL"),
        ("sentence", "VARCHAR"),
        ("span_start", "INTEGER"),
        ("span_end", "INTEGER"),
        ("trigger", "VARCHAR"),
        ("mentions", "INTEGER NOT NULL"),
        ("n_sources", "INTEGER NOT NULL"),
        ("seq", "BIGINT NOT NULL"),
        ("first_seen", "TIMESTAMP"),
    ),
    "mentions": (
        ("mention_id", "VARCHAR PRIMARY KEY"),
        ("event_id", "VARCHAR NOT NULL"),
        ("doc_id", "VARCHAR NOT NULL"),
        ("seq", "BIGINT NOT NULL"),
        ("ord", "INTEGER NOT NULL"),
        ("event_type", "VARCHAR"),
        ("mode", "VARCHAR"),
        ("cameo", "VARCHAR"),
        ("date", "DATE"),
        ("date_precision", "VARCHAR"),
        ("sentence", "VARCHAR"),
        ("span_start", "INTEGER"),
        ("span_end", "INTEGER"),
        ("trigger", "VARCHAR"),
        ("confidence", "DOUBLE"),
        ("doc_mentions", "INTEGER"),
        ("raw", "VARCHAR"),
    ),
}
EXTRA_DDL = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE UNIQUE INDEX IF NOT EXISTS skipped_key ON skipped (source, reason)",
    "CREATE INDEX IF NOT EXISTS documents_url ON documents (url)",
    "CREATE INDEX IF NOT EXISTS events_match ON events (match_key)",
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions (event_id)",
    "CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_id)",
)
# the event columns a merge may change after the event was stored
UPDATED_COLUMNS = (
    "mode",
    "cameo",
    "location",
    "location_country",
    "contexts",
    "confidence",
    "best_confidence",
    "mentions",
    "n_sources",
)


def ddl() -> list[str]:
    """CREATE statements for the whole store (idempotent)."""
    out = [
        f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(f'{c} {t}' for c, t in columns)})"
        for name, columns in TABLES.items()
    ]
    return [EXTRA_DDL[0], *out, *EXTRA_DDL[1:]]


IN_USE = (
    "the store {db} is in use by another process (an ingest still running?); wait for it to "
    "finish, or pass another --db"
)
NO_STORE = "there is no store at {db}; create one with `herald ingest INPUT... --db {db}`"
# DuckDB failed on the file itself (not a DuckDB file, truncated, a checksum that does not
# match, a WAL that cannot be replayed): say so on one line and leave the file alone
UNREADABLE = (
    "cannot {action} the store {db}: {reason}. herald has left the file as it is; if it is "
    "damaged, restore it from a backup, or pass another --db"
)
NOT_A_STORE = (
    "{db} is not a herald store (it has no meta table). herald has left the file as it is; pass "
    "the --db of a store made by `herald ingest`"
)
WRITE_FAILED = (
    "cannot write to the store {db}: {reason}. The documents stored before this batch are kept "
    "and nothing of this batch was written; fix the cause (a full disk?) and run the same "
    "command again to finish"
)
POSTGRES_UNAVAILABLE = (
    "cannot open the PostgreSQL store {db}: DuckDB's postgres extension is not installed and "
    "could not be downloaded ({err}). Install it once on a machine with network access "
    "(`python -c \"import duckdb; duckdb.sql('INSTALL postgres')\"`), or use a DuckDB file: "
    "--db herald.duckdb"
)


@dataclass
class IngestReport:
    """What one ingest run did."""

    documents: int = 0  # new documents stored
    known: int = 0  # dropped before coding: their id is already stored
    duplicates: int = 0  # coded, then found stored already (same id, URL or text)
    skipped: int = 0  # inputs that could not be coded (see the skipped table)
    mentions: int = 0  # events the new documents yielded
    new_events: int = 0  # mentions that started a new event
    merged: int = 0  # mentions that joined an event already stored
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def seen(self) -> int:
        return self.documents + self.known + self.duplicates + self.skipped

    @property
    def docs_per_s(self) -> float:
        return self.seen / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "known": self.known,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "mentions": self.mentions,
            "new_events": self.new_events,
            "merged": self.merged,
            "seconds": round(self.seconds, 3),
            "docs_per_s": round(self.docs_per_s, 2),
            "interrupted": self.interrupted,
        }


def open_store(db: str | Path = DEFAULT_DB, *, read_only: bool = False) -> Store:
    """Open (and for writing, create) the store at a DuckDB path or a postgresql:// URL.

    Raises StoreError with the fix when the file is locked by another process, when a
    read-only store does not exist, when the file is damaged or not a herald store (it is
    left as it is), or when the PostgreSQL extension is unavailable.
    """
    import duckdb

    location = str(db)
    shown = _redact(location)
    try:
        if location.startswith(POSTGRES_PREFIXES):
            con = _open_postgres(location, read_only=read_only)
        else:
            if read_only and not Path(location).exists():
                raise StoreError(NO_STORE.format(db=location))
            if not read_only and Path(location).parent != Path():
                Path(location).parent.mkdir(parents=True, exist_ok=True)
            con = duckdb.connect(location, read_only=read_only)
    except duckdb.IOException as err:
        if "lock" in str(err).lower():
            raise StoreError(IN_USE.format(db=shown)) from err
        raise StoreError(UNREADABLE.format(action="open", db=shown, reason=_reason(err))) from err
    except duckdb.Error as err:
        raise StoreError(UNREADABLE.format(action="open", db=shown, reason=_reason(err))) from err
    except OSError as err:
        raise StoreError(f"cannot open the store {shown}: {_redact(str(err))}") from err
    try:
        return Store(con, location, read_only=read_only)
    except duckdb.Error as err:  # the file opened but its tables cannot be read
        con.close()
        raise StoreError(UNREADABLE.format(action="open", db=shown, reason=_reason(err))) from err
    except BaseException:
        con.close()
        raise


def _open_postgres(url: str, *, read_only: bool) -> Any:
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("INSTALL postgres")
        con.execute("LOAD postgres")
    except duckdb.Error as err:
        con.close()
        raise StoreError(
            POSTGRES_UNAVAILABLE.format(db=_redact(url), err=str(err).splitlines()[0])
        ) from err
    mode = ", READ_ONLY" if read_only else ""
    con.execute(f"ATTACH '{url.replace(chr(39), chr(39) * 2)}' AS store (TYPE postgres{mode})")
    con.execute("USE store")
    return con


def _redact(text: str) -> str:
    """Hide passwords of URLs (postgresql://user:secret@host) in messages."""
    return re.sub(r"(://[^:/@\s]+:)[^@\s]+@", r"\1***@", text)


def _reason(err: BaseException) -> str:
    """The first line of a DuckDB error, passwords hidden: messages stay one line."""
    lines = str(err).strip().splitlines()
    return _redact(lines[0].strip().rstrip(".!") if lines else type(err).__name__)


@contextmanager
def reading(store: Store) -> Iterator[None]:
    """Turn a DuckDB failure while reading the store (a damaged block) into a StoreError."""
    import duckdb

    try:
        yield
    except duckdb.Error as err:
        reason = _reason(err)
        raise StoreError(
            UNREADABLE.format(action="read", db=_redact(store.location), reason=reason)
        ) from err


class Store:
    """One open store. Build with `open_store`; close it (or use `with`) when done."""

    def __init__(self, con: Any, location: str, *, read_only: bool = False) -> None:
        self.con = con
        self.location = location
        self.read_only = read_only
        self._in_txn = False
        self._cache: dict[str, list[MergeEvent]] = {}
        if read_only:
            self._check_version()
        else:
            self._create()
        self._seq = self._max_seq()

    # ------------------------------------------------------------ lifecycle
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._in_txn:
            self.con.execute("ROLLBACK")
            self._in_txn = False
        self.con.close()

    def _create(self) -> None:
        for statement in ddl():
            self.con.execute(statement)
        self.con.execute(
            "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING", [SCHEMA_VERSION]
        )
        self._check_version()

    def _check_version(self) -> None:
        import duckdb

        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException as err:
            raise StoreError(NOT_A_STORE.format(db=_redact(self.location))) from err
        if not row or row[0] != SCHEMA_VERSION:
            found = row[0] if row else None
            raise StoreError(
                f"{self.location} has store schema version {found!r}; this herald "
                f"reads version {SCHEMA_VERSION!r}"
            )

    def _max_seq(self) -> int:
        return int(self.con.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()[0])

    def counts(self) -> dict[str, int]:
        """Rows per table: documents, skipped, events, mentions."""
        out = {}
        with reading(self):
            for table in ("documents", "skipped", "events", "mentions"):
                out[table] = int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        return out

    # ------------------------------------------------------------ before coding
    def unseen(
        self, items: Iterable[Item], report: IngestReport, *, chunk: int = 256
    ) -> Iterator[Item]:
        """`items` less the documents whose id is already stored (counted in `report.known`).

        Safe to consume from another thread (a worker pool's feeder): it reads through
        its own cursor, which sees committed documents only; the write step checks again.
        """
        cursor = self.con.cursor()

        def generate() -> Iterator[Item]:
            it = iter(items)
            while batch := list(islice(it, chunk)):
                ids = [item.doc_id for item in batch if isinstance(item, Document)]
                known: set[str] = set()
                if ids:
                    with reading(self):
                        rows = cursor.execute(
                            "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?))", [ids]
                        ).fetchall()
                    known = {row[0] for row in rows}
                for item in batch:
                    if isinstance(item, Document) and item.doc_id in known:
                        report.known += 1
                        continue
                    yield item

        return generate()

    # ------------------------------------------------------------ writing
    def write(
        self,
        items: Iterable[Document | Skipped],
        report: IngestReport | None = None,
        *,
        on_item: Callable[[str, Document | Skipped], None] | None = None,
        batch_docs: int = 32,
        batch_seconds: float = 1.0,
    ) -> IngestReport:
        """Store coded documents and skip records, committing whole documents in batches.

        A batch closes after `batch_docs` items or `batch_seconds`, whichever comes
        first. `on_item(kind, item)` is called once the item's batch is committed, with
        kind "stored", "duplicate" or "skipped". When reading `items` fails (Ctrl-C
        while coding) the complete documents received so far are committed first.
        """
        if self.read_only:
            raise StoreError(f"the store {self.location} is open read-only")
        report = report or IngestReport()
        started = time.perf_counter()
        batch: list[Document | Skipped] = []
        opened = started
        it = iter(items)
        try:
            while True:
                try:
                    item = next(it)
                except StopIteration:
                    break
                except BaseException as err:
                    report.interrupted = isinstance(err, KeyboardInterrupt)
                    if batch:
                        self._write_batch(batch, report, on_item)
                    raise
                if not batch:
                    opened = time.perf_counter()
                batch.append(item)
                if len(batch) >= batch_docs or time.perf_counter() - opened >= batch_seconds:
                    self._write_batch(batch, report, on_item)
                    batch = []
            if batch:
                self._write_batch(batch, report, on_item)
        except KeyboardInterrupt:
            report.interrupted = True
            raise
        finally:
            report.seconds += time.perf_counter() - started
        return report

    def _write_batch(
        self,
        batch: list[Document | Skipped],
        report: IngestReport,
        on_item: Callable[[str, Document | Skipped], None] | None,
    ) -> None:
        """Stage a batch in memory, then write it in one transaction."""
        docs = [item for item in batch if isinstance(item, Document)]
        pending = _Pending()
        kinds: list[str] = []
        try:
            taken = self._stored(docs)
            self._load_events({match_key(e) for doc in docs for e in doc.events})
            for item in batch:
                if isinstance(item, Skipped):
                    pending.skipped.setdefault((item.source, item.reason), datetime.now())
                    kinds.append("skipped")
                elif _is_duplicate(item, taken) or _is_duplicate(item, pending.taken):
                    kinds.append("duplicate")
                else:
                    self._stage(item, pending)
                    kinds.append("stored")
            self._flush(pending)
        except BaseException as err:
            self._discard()
            import duckdb

            if isinstance(err, duckdb.Error):  # a full disk, a damaged block: one clear line
                raise StoreError(
                    WRITE_FAILED.format(db=_redact(self.location), reason=_reason(err))
                ) from err
            raise
        report.documents += kinds.count("stored")
        report.duplicates += kinds.count("duplicate")
        report.skipped += kinds.count("skipped")
        report.mentions += len(pending.mentions)
        report.new_events += len(pending.new)
        report.merged += len(pending.mentions) - len(pending.new)
        if on_item:
            for kind, item in zip(kinds, batch, strict=True):
                on_item(kind, item)

    def _stored(self, docs: list[Document]) -> _Taken:
        """The ids, content hashes and URLs of `docs` that are stored already."""
        taken = _Taken()
        if not docs:
            return taken
        for column, values, into in (
            ("doc_id", [d.doc_id for d in docs], taken.ids),
            ("content_hash", [d.content_hash for d in docs], taken.hashes),
            ("url", [d.url for d in docs if d.url], taken.urls),
        ):
            if values:
                sql = f"SELECT {column} FROM documents WHERE {column} IN (SELECT unnest(?))"
                into.update(row[0] for row in self.con.execute(sql, [values]).fetchall())
        return taken

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
            data = event.to_dict()
            pending.mentions.append(
                {
                    "mention_id": mention_id,
                    "event_id": match.event_id,
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
            )
        pending.docs.append(
            {
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
        )
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
            self.con.register("pending_rows", _arrow("skipped", skipped))
            self.con.execute(
                "INSERT INTO skipped SELECT * FROM pending_rows p WHERE NOT EXISTS (SELECT 1 FROM "
                "skipped s WHERE s.source = p.source AND s.reason = p.reason)"
            )
            self.con.unregister("pending_rows")
        if pending.dirty:
            rows = [{"event_id": e.event_id} | _updated(e) for e in pending.dirty.values()]
            updated = [c for c in TABLES["events"] if c[0] in UPDATED_COLUMNS]
            columns = (("event_id", "VARCHAR"), *updated)
            self.con.register("pending_rows", _arrow_of(columns, rows))
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
        self.con.register("pending_rows", _arrow(table, rows))
        self.con.execute(f"INSERT INTO {table} SELECT * FROM pending_rows")
        self.con.unregister("pending_rows")

    def _discard(self) -> None:
        """After a failed batch: roll back, forget the staged state, re-read the sequence."""
        if self._in_txn:
            try:
                self.con.execute("ROLLBACK")
            except Exception:  # the connection may be unusable; nothing was committed
                log.exception("could not roll back on %s", self.location)
            self._in_txn = False
        self._cache.clear()
        try:
            self._seq = self._max_seq()
        except Exception:
            log.exception("could not read the document sequence of %s", self.location)


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


_ARROW_TYPES = {
    "VARCHAR": "string",
    "VARCHAR[]": "list<string>",
    "INTEGER": "int32",
    "BIGINT": "int64",
    "DOUBLE": "float64",
    "BOOLEAN": "bool",
    "DATE": "date32",
    "TIMESTAMP": "timestamp[us]",
}


def _arrow(table: str, rows: list[dict[str, Any]]) -> Any:
    return _arrow_of(TABLES[table], rows)


def _arrow_of(columns: tuple[tuple[str, str], ...], rows: list[dict[str, Any]]) -> Any:
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "list<string>": pa.list_(pa.string()),
        "int32": pa.int32(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
        "date32": pa.date32(),
        "timestamp[us]": pa.timestamp("us"),
    }
    schema = pa.schema([(name, types[_ARROW_TYPES[sql.split()[0]]]) for name, sql in columns])
    return pa.Table.from_pylist(rows, schema=schema)


def _site(url: str | None) -> str | None:
    """The outlet of a URL ("https://www.aa.com.tr/en/..." -> "aa.com.tr")."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


# ---------------------------------------------------------------- the whole job
def stable_id(item: Item) -> Item:
    """Standard input has no name: give its documents an id from their content."""
    if isinstance(item, Document) and item.doc_id.startswith("<stdin>"):
        body = (item.raw or item.html or "").encode("utf-8", "replace")
        item.doc_id = "stdin:" + hashlib.sha1(body).hexdigest()[:16]
    return item


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings | None = None,
    *,
    workers: int = 1,
    pub_date: str | None = None,
    pipeline: Any = None,
    on_item: Callable[[str, Document | Skipped], None] | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Read, code and store every input; returns what was done.

    Documents whose id is stored already are not coded again; the rest are coded
    (in `workers` processes) and written here, in input order.
    """
    from herald.parallel import code_items

    settings = settings or Settings()
    report = report or IngestReport()
    started = time.perf_counter()

    def prepared() -> Iterator[Item]:
        for item in iter_inputs(inputs, settings):
            item = stable_id(item)
            if isinstance(item, Document) and pub_date and not item.pub_date:
                item.pub_date, item.pub_date_origin = pub_date, "option"
            yield item

    fresh = store.unseen(prepared(), report)
    first = next(fresh, None)
    try:
        if first is not None:  # else everything is stored already: do not load the coder
            coded = code_items(chain([first], fresh), settings, workers=workers, pipeline=pipeline)
            store.write(coded, report, on_item=on_item)
    finally:
        report.seconds = time.perf_counter() - started
    return report


__all__ = [
    "DEFAULT_DB",
    "IngestReport",
    "Store",
    "dyads",
    "ingest",
    "match_key",
    "open_store",
    "stable_id",
]
