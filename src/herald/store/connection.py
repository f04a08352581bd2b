"""Opening a store: a DuckDB file or a PostgreSQL database, created on first write.

`open_store` turns every failure to open into one `StoreError` with the fix; a
`Store` checks the schema version, holds the connection and closes it (`with`).
Writing comes from `_Ingesting` (ingest.py), reading from query.py and export.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from herald.errors import StoreError
from herald.store.errors import (
    IN_USE,
    NO_STORE,
    NOT_A_STORE,
    POSTGRES_UNAVAILABLE,
    UNREADABLE,
    _reason,
    _redact,
    reading,
)
from herald.store.ingest import _Ingesting
from herald.store.merge import MergeEvent
from herald.store.schema import DEFAULT_DB, POSTGRES_PREFIXES, SCHEMA_VERSION, ddl


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


class Store(_Ingesting):
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
