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
(`herald.parallel.code_items`).

Modules: `schema` (tables, DDL, Arrow batches), `errors` (failure messages),
`connection` (`open_store`, `Store`), `ingest` (`ingest`, `Store.write`), `rows`
(staging a batch), `merge` (which stored event a mention joins), `query` (filtered
events, stats) and `export` (the Parquet/CSV dataset).
"""

from __future__ import annotations

from herald.store.connection import Store, open_store
from herald.store.errors import (
    IN_USE,
    NO_STORE,
    NOT_A_STORE,
    POSTGRES_UNAVAILABLE,
    UNREADABLE,
    WRITE_FAILED,
    reading,
)
from herald.store.ingest import IngestReport, ingest, stable_id
from herald.store.merge import dyads, match_key
from herald.store.rows import CACHE_KEYS
from herald.store.schema import (
    DEFAULT_DB,
    EXTRA_DDL,
    POSTGRES_PREFIXES,
    SCHEMA_VERSION,
    TABLES,
    UPDATED_COLUMNS,
    ddl,
)

__all__ = [
    "CACHE_KEYS",
    "DEFAULT_DB",
    "EXTRA_DDL",
    "IN_USE",
    "NOT_A_STORE",
    "NO_STORE",
    "POSTGRES_PREFIXES",
    "POSTGRES_UNAVAILABLE",
    "SCHEMA_VERSION",
    "TABLES",
    "UNREADABLE",
    "UPDATED_COLUMNS",
    "WRITE_FAILED",
    "IngestReport",
    "Store",
    "ddl",
    "dyads",
    "ingest",
    "match_key",
    "open_store",
    "reading",
    "stable_id",
]
