"""Ingest: read, skip what is stored, code, and write whole documents in batches.

    inputs -> readers -> stable ids -> drop stored ids -> code (workers) -> write (this process)

`ingest` runs the whole job; `Store.write` (from `_Ingesting`) commits documents in
batches of whole documents, so an interrupted run loses at most one batch and the
same command run again finishes it.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from herald.errors import StoreError
from herald.readers import Item, iter_inputs
from herald.schema import Document, Skipped
from herald.settings import Settings
from herald.store.errors import WRITE_FAILED, _reason, _redact, reading
from herald.store.merge import match_key
from herald.store.rows import _is_duplicate, _Pending, _Staging, _Taken

if TYPE_CHECKING:
    from herald.store.connection import Store

log = logging.getLogger(__name__)


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


class _Ingesting(_Staging):
    """Writing coded documents: drop known ids, batch, stage, commit (mixed into `Store`)."""

    location: str
    read_only: bool

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
