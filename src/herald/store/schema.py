"""The store's tables: columns, DDL, and the Arrow batches rows are bulk-loaded through.

Every table is declared once in `TABLES` as (column, SQL type and constraints); the
CREATE statements (`ddl`) and the Arrow schemas of the batches (`arrow`) are both
built from it.
"""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = "1"
DEFAULT_DB = "herald.duckdb"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")

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


def arrow(table: str, rows: list[dict[str, Any]]) -> Any:
    return arrow_of(TABLES[table], rows)


def arrow_of(columns: tuple[tuple[str, str], ...], rows: list[dict[str, Any]]) -> Any:
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
