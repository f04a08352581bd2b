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
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import chain, islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from herald.errors import StoreError
from herald.readers import Item, iter_inputs
from herald.schema import Actor, Document, Event, Skipped
from herald.settings import Settings

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
DEFAULT_DB = "herald.duckdb"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")

DDL = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS documents (
        doc_id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL UNIQUE, url VARCHAR,
        source VARCHAR, title VARCHAR, pub_date VARCHAR, lang VARCHAR, text VARCHAR,
        n_events INTEGER NOT NULL, notes VARCHAR[], seq BIGINT NOT NULL, ingested_at TIMESTAMP)""",
    "CREATE INDEX IF NOT EXISTS documents_url ON documents (url)",
    """CREATE TABLE IF NOT EXISTS skipped (
        source VARCHAR NOT NULL, reason VARCHAR NOT NULL, skipped_at TIMESTAMP,
        PRIMARY KEY (source, reason))""",
    """CREATE TABLE IF NOT EXISTS events (
        event_id VARCHAR PRIMARY KEY, match_key VARCHAR NOT NULL, event_type VARCHAR NOT NULL,
        mode VARCHAR, cameo VARCHAR, date DATE, date_precision VARCHAR,
        source VARCHAR, target VARCHAR, source_codes VARCHAR[], target_codes VARCHAR[],
        source_keys VARCHAR[], target_keys VARCHAR[], people VARCHAR[], dyads VARCHAR[],
        location VARCHAR, location_country VARCHAR, contexts VARCHAR[], negated BOOLEAN,
        confidence DOUBLE, doc_id VARCHAR NOT NULL, sentence VARCHAR, span_start INTEGER,
        span_end INTEGER, trigger VARCHAR, mentions INTEGER NOT NULL, n_sources INTEGER NOT NULL,
        seq BIGINT NOT NULL, first_seen TIMESTAMP)""",
    "CREATE INDEX IF NOT EXISTS events_match ON events (match_key)",
    """CREATE TABLE IF NOT EXISTS mentions (
        mention_id VARCHAR PRIMARY KEY, event_id VARCHAR NOT NULL, doc_id VARCHAR NOT NULL,
        seq BIGINT NOT NULL, ord INTEGER NOT NULL, event_type VARCHAR, mode VARCHAR, cameo VARCHAR,
        date DATE, date_precision VARCHAR, sentence VARCHAR, span_start INTEGER, span_end INTEGER,
        trigger VARCHAR, confidence DOUBLE, doc_mentions INTEGER, raw VARCHAR)""",
    "CREATE INDEX IF NOT EXISTS mentions_event ON mentions (event_id)",
    "CREATE INDEX IF NOT EXISTS mentions_doc ON mentions (doc_id)",
)

IN_USE = (
    "the store {db} is in use by another process (an ingest still running?); wait for it to "
    "finish, or pass another --db"
)
NO_STORE = "there is no store at {db}; create one with `herald ingest INPUT... --db {db}`"
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
    read-only store does not exist, or when the PostgreSQL extension is unavailable.
    """
    import duckdb

    location = str(db)
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
            raise StoreError(IN_USE.format(db=location)) from err
        raise StoreError(f"cannot open the store {location}: {err}") from err
    except (duckdb.Error, OSError) as err:
        raise StoreError(f"cannot open the store {location}: {err}") from err
    return Store(con, location, read_only=read_only)


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


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


class Store:
    """One open store. Build with `open_store`; close it (or use `with`) when done."""

    def __init__(self, con: Any, location: str, *, read_only: bool = False) -> None:
        self.con = con
        self.location = location
        self.read_only = read_only
        self._in_txn = False
        self._writing = False
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
        for statement in DDL:
            self.con.execute(statement)
        self.con.execute(
            "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING", [SCHEMA_VERSION]
        )
        self._check_version()

    def _check_version(self) -> None:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except Exception as err:
            raise StoreError(
                f"{self.location} is not a herald store (no meta table): {err}"
            ) from err
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
        batch_docs: int = 64,
        batch_seconds: float = 1.0,
    ) -> IngestReport:
        """Store coded documents and skip records, committing whole documents in batches.

        `on_item(kind, item)` is called after each item with kind "stored", "duplicate"
        or "skipped". On an exception (KeyboardInterrupt included) the documents fully
        written so far are committed, then the exception propagates.
        """
        if self.read_only:
            raise StoreError(f"the store {self.location} is open read-only")
        report = report or IngestReport()
        started = time.perf_counter()
        pending, opened = 0, time.perf_counter()
        try:
            for item in items:
                if not self._in_txn:
                    self.con.execute("BEGIN TRANSACTION")
                    self._in_txn, pending, opened = True, 0, time.perf_counter()
                self._writing = True
                kind = (
                    self.add_skipped(item)
                    if isinstance(item, Skipped)
                    else self.add_document(item, report)
                )
                self._writing = False
                if kind == "skipped":
                    report.skipped += 1
                elif kind == "duplicate":
                    report.duplicates += 1
                else:
                    report.documents += 1
                pending += 1
                if pending >= batch_docs or time.perf_counter() - opened >= batch_seconds:
                    self._commit()
                if on_item:
                    on_item(kind, item)
            self._commit()
        except BaseException as err:
            report.interrupted = isinstance(err, KeyboardInterrupt)
            self._finish_after_error()
            raise
        finally:
            report.seconds += time.perf_counter() - started
        return report

    def _commit(self) -> None:
        if self._in_txn:
            self.con.execute("COMMIT")
            self._in_txn = False

    def _finish_after_error(self) -> None:
        """Commit whole documents; roll back when the error came mid-document."""
        if not self._in_txn:
            return
        try:
            self.con.execute("ROLLBACK" if self._writing else "COMMIT")
        except Exception:  # the connection may be unusable; nothing was half-committed
            log.exception("could not end the open transaction on %s", self.location)
        self._in_txn = False
        self._writing = False
        self._seq = self._max_seq()

    def add_skipped(self, item: Skipped) -> str:
        self.con.execute(
            "INSERT INTO skipped VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [item.source, item.reason, datetime.now()],
        )
        return "skipped"

    def add_document(self, doc: Document, report: IngestReport | None = None) -> str:
        """Store one coded document and its mentions; "duplicate" when already stored."""
        content_hash = doc.content_hash
        found = self.con.execute(
            "SELECT 1 FROM documents WHERE doc_id = ? UNION ALL SELECT 1 FROM documents WHERE "
            "content_hash = ? UNION ALL SELECT 1 FROM documents WHERE url = ? LIMIT 1",
            [doc.doc_id, content_hash, doc.url],
        ).fetchone()
        if found:
            return "duplicate"
        seq = self._seq + 1
        used: set[str] = set()
        for ordinal, event in enumerate(doc.events):
            merged = self._add_mention(event, seq, ordinal, used)
            if report:
                report.mentions += 1
                if merged:
                    report.merged += 1
                else:
                    report.new_events += 1
        self.con.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc.doc_id,
                content_hash,
                doc.url,
                doc.source or _site(doc.url),
                doc.title,
                doc.pub_date,
                doc.lang,
                doc.text,
                len(doc.events),
                list(doc.notes),
                seq,
                datetime.now(),
            ],
        )
        self._seq = seq
        return "stored"

    # ------------------------------------------------------------ cross-document merge
    def _add_mention(self, event: Event, seq: int, ordinal: int, used: set[str]) -> bool:
        """Insert one mention; returns True when it joined a stored event."""
        mention_id = event.event_id
        number = 1
        while mention_id in used:  # two events of one document with the same id
            number += 1
            mention_id = hashlib.sha1(f"{event.event_id}#{number}".encode()).hexdigest()
        used.add(mention_id)
        src_keys, tgt_keys = _party_keys(event.source), _party_keys(event.target)
        key = match_key(event)
        day = _as_date(event.date)
        match = self._find_match(event, key, day, src_keys, tgt_keys)
        event_id = match["event_id"] if match else mention_id
        if not match:
            self._insert_event(event, event_id, key, day, src_keys, tgt_keys, seq)
        data = event.to_dict()
        self.con.execute(
            "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                mention_id,
                event_id,
                event.doc_id,
                seq,
                ordinal,
                event.event_type,
                event.mode,
                event.cameo,
                day,
                event.date_precision,
                event.sentence,
                event.span[0],
                event.span[1],
                event.trigger,
                round(event.confidence, 3),
                event.mentions,
                json.dumps(data, ensure_ascii=False),
            ],
        )
        if match:
            self._update_event(match, event)
        return match is not None

    def _find_match(
        self, event: Event, key: str, day: date | None, src_keys: list[str], tgt_keys: list[str]
    ) -> dict[str, Any] | None:
        coded = any(a.code for a in event.source + event.target)
        if day is None or not coded:
            return None
        precision = event.date_precision or "day"
        if precision == "day":
            sql = (
                "SELECT * FROM events WHERE match_key = ? AND date BETWEEN ? AND ? "
                "AND coalesce(date_precision, 'day') = 'day'"
            )
            params: list[Any] = [key, day - timedelta(days=1), day + timedelta(days=1)]
        else:
            sql = "SELECT * FROM events WHERE match_key = ? AND date = ? AND date_precision = ?"
            params = [key, day, precision]
        cursor = self.con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        candidates = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        people = _people(event)
        fits = [c for c in candidates if _compatible(c, event, src_keys, tgt_keys, people)]
        if not fits:
            return None
        return min(fits, key=lambda c: (abs((c["date"] - day).days), c["seq"], c["event_id"]))

    def _insert_event(
        self,
        event: Event,
        event_id: str,
        key: str,
        day: date | None,
        src_keys: list[str],
        tgt_keys: list[str],
        seq: int,
    ) -> None:
        data = event.to_dict()
        src_codes, tgt_codes = _codes(event.source), _codes(event.target)
        self.con.execute(
            f"INSERT INTO events VALUES ({', '.join(['?'] * 25)}, 1, 1, ?, ?)",
            [
                event_id,
                key,
                event.event_type,
                event.mode,
                event.cameo,
                day,
                event.date_precision,
                json.dumps(data["source"], ensure_ascii=False),
                json.dumps(data["target"], ensure_ascii=False),
                src_codes,
                tgt_codes,
                src_keys,
                tgt_keys,
                sorted(_people(event)),
                dyads(event),
                json.dumps(data["location"], ensure_ascii=False) if data["location"] else None,
                event.location.country if event.location else None,
                list(event.contexts),
                event.negated,
                data["confidence"],
                event.doc_id,
                event.sentence,
                event.span[0],
                event.span[1],
                event.trigger,
                seq,
                datetime.now(),
            ],
        )

    def _update_event(self, stored: dict[str, Any], event: Event) -> None:
        """Fill what the stored event lacks from the new mention; recount from mentions."""
        n_mentions, n_sources, best = self.con.execute(
            "SELECT count(*), count(DISTINCT doc_id), max(confidence) FROM mentions "
            "WHERE event_id = ?",
            [stored["event_id"]],
        ).fetchone()
        mode, cameo = stored["mode"], stored["cameo"]
        if mode is None and event.mode:
            mode, cameo = event.mode, event.cameo or cameo
        location = stored["location"]
        if location is None and event.location:
            location = json.dumps(event.location.to_dict(), ensure_ascii=False)
        country = json.loads(location).get("country") if location else None
        contexts = list(dict.fromkeys(list(stored["contexts"] or []) + list(event.contexts)))
        confidence = round(min(0.99, float(best) + 0.05 * (n_sources - 1)), 3)
        self.con.execute(
            "UPDATE events SET mode = ?, cameo = ?, location = ?, location_country = ?, "
            "contexts = ?, confidence = ?, mentions = ?, n_sources = ? WHERE event_id = ?",
            [
                mode,
                cameo,
                location,
                country,
                contexts,
                confidence,
                n_mentions,
                n_sources,
                stored["event_id"],
            ],
        )


# ---------------------------------------------------------------- matching helpers
def _party_keys(actors: tuple[Actor, ...]) -> list[str]:
    """Sorted distinct party keys: the code, else `~SECTOR` for an actor without one."""
    return sorted({a.code if a.code else f"~{a.sector or '?'}" for a in actors})


def _codes(actors: tuple[Actor, ...]) -> list[str]:
    return list(dict.fromkeys(a.code for a in actors if a.code))


def match_key(event: Event) -> str:
    """What two mentions of one event must share: type, negation and the set of parties."""
    parties = sorted(set(_party_keys(event.source)) | set(_party_keys(event.target)))
    return f"{event.event_type}|{'neg' if event.negated else 'pos'}|{','.join(parties)}"


def dyads(event: Event) -> list[str]:
    """Undirected country pairs "A-B" (A < B) of an event: source x target, or all source pairs."""
    src, tgt = _codes(event.source), _codes(event.target)
    pairs = (
        [(a, b) for a in src for b in tgt] if tgt else [(a, b) for a in src for b in src if a < b]
    )
    return sorted({"-".join(sorted(pair)) for pair in pairs if pair[0] != pair[1]})


def _people(event: Event) -> set[str]:
    return {
        f"{a.code}:{a.name}" for a in event.source + event.target if a.kind == "person" and a.name
    }


def _compatible(
    stored: dict[str, Any], event: Event, src_keys: list[str], tgt_keys: list[str], people: set[str]
) -> bool:
    if stored["mode"] and event.mode and stored["mode"] != event.mode:
        return False
    if (
        stored["target_keys"]
        and tgt_keys
        and (list(stored["source_keys"]) != src_keys or list(stored["target_keys"]) != tgt_keys)
    ):
        return False
    by_code: dict[str, set[str]] = {}
    for person in stored["people"] or []:
        code, _, name = person.partition(":")
        by_code.setdefault(code, set()).add(name)
    mine: dict[str, set[str]] = {}
    for person in people:
        code, _, name = person.partition(":")
        mine.setdefault(code, set()).add(name)
    return all(by_code[code] & mine[code] for code in set(by_code) & set(mine))


def _as_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _site(url: str | None) -> str | None:
    """The outlet of a URL ("www.aa.com.tr/en/..." -> "aa.com.tr")."""
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

    def prepared() -> Iterator[Item]:
        for item in iter_inputs(inputs, settings):
            item = stable_id(item)
            if isinstance(item, Document) and pub_date and not item.pub_date:
                item.pub_date, item.pub_date_origin = pub_date, "option"
            yield item

    fresh = store.unseen(prepared(), report)
    first = next(fresh, None)
    if first is None:  # everything is stored already: do not load the coder
        return report
    coded = code_items(chain([first], fresh), settings, workers=workers, pipeline=pipeline)
    return store.write(coded, report, on_item=on_item)


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
