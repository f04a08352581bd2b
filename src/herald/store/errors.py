"""What the store says when it cannot go on: one line, with the fix, passwords hidden.

DuckDB failures on the file (locked, damaged, not a herald store, a full disk)
become `StoreError` with one of the messages below; `reading` does that for any
read of an open store.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from herald.errors import StoreError

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


def _redact(text: str) -> str:
    """Hide passwords of URLs (postgresql://user:secret@host) in messages."""
    return re.sub(r"(://[^:/@\s]+:)[^@\s]+@", r"\1***@", text)


def _reason(err: BaseException) -> str:
    """The first line of a DuckDB error, passwords hidden: messages stay one line."""
    lines = str(err).strip().splitlines()
    return _redact(lines[0].strip().rstrip(".!") if lines else type(err).__name__)


@contextmanager
def reading(store: Any) -> Iterator[None]:
    """Turn a DuckDB failure while reading the store (a damaged block) into a StoreError."""
    import duckdb

    try:
        yield
    except duckdb.Error as err:
        reason = _reason(err)
        raise StoreError(
            UNREADABLE.format(action="read", db=_redact(store.location), reason=reason)
        ) from err
