"""Output formats for events: jsonl, csv, table and parquet.

Every format is built from `Event.to_dict()` (or the store's rows of the same
shape), so the fields and their names are the contract's in every format. CSV and
Parquet flatten actors into `source_codes`/`source_names` etc., and keep the full
actor lists as JSON text so nothing is lost.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

FORMATS = ("jsonl", "csv", "table", "parquet")

CSV_COLUMNS = [
    "event_id",
    "doc_id",
    "event_type",
    "mode",
    "cameo",
    "date",
    "date_precision",
    "source_codes",
    "source_names",
    "target_codes",
    "target_names",
    "location_name",
    "location_country",
    "lat",
    "lon",
    "contexts",
    "negated",
    "confidence",
    "sentence",
    "span_start",
    "span_end",
    "trigger",
    "source",
    "target",
]


def flat_row(event: dict[str, Any]) -> dict[str, Any]:
    """One flat row of an event dict (CSV, Parquet, table)."""
    loc = event.get("location") or {}
    span = event.get("span") or [None, None]
    row = {
        "event_id": event.get("event_id"),
        "doc_id": event.get("doc_id"),
        "event_type": event.get("event_type"),
        "mode": event.get("mode"),
        "cameo": event.get("cameo"),
        "date": event.get("date"),
        "date_precision": event.get("date_precision"),
        "source_codes": ";".join(
            str(a.get("code")) for a in event.get("source", []) if a.get("code")
        ),
        "source_names": ";".join(
            str(a.get("name") or a.get("text")) for a in event.get("source", [])
        ),
        "target_codes": ";".join(
            str(a.get("code")) for a in event.get("target", []) if a.get("code")
        ),
        "target_names": ";".join(
            str(a.get("name") or a.get("text")) for a in event.get("target", [])
        ),
        "location_name": loc.get("name"),
        "location_country": loc.get("country"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "contexts": ";".join(event.get("contexts") or []),
        "negated": event.get("negated"),
        "confidence": event.get("confidence"),
        "sentence": event.get("sentence"),
        "span_start": span[0],
        "span_end": span[1],
        "trigger": event.get("trigger"),
        "source": json.dumps(event.get("source", []), ensure_ascii=False),
        "target": json.dumps(event.get("target", []), ensure_ascii=False),
    }
    for extra in ("mentions", "sources", "quad_class", "goldstein"):
        if extra in event:
            value = event[extra]
            row[extra] = ";".join(map(str, value)) if isinstance(value, list) else value
    return row


class EventWriter:
    """Streams events to a text stream in one format (parquet needs a path: see write_parquet)."""

    def __init__(self, fmt: str, out: IO[str]) -> None:
        if fmt not in ("jsonl", "csv", "table"):
            raise ValueError(f"unknown format {fmt!r}; choose one of jsonl, csv, table")
        self.fmt = fmt
        self.out = out
        self._csv: csv.DictWriter[str] | None = None
        self._rows: list[dict[str, Any]] = []

    def write(self, event: dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            self.out.write(json.dumps(event, ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            row = flat_row(event)
            if self._csv is None:
                fields = CSV_COLUMNS + [k for k in row if k not in CSV_COLUMNS]
                self._csv = csv.DictWriter(self.out, fieldnames=fields, extrasaction="ignore")
                self._csv.writeheader()
            self._csv.writerow(row)
        else:
            self._rows.append(event)

    def close(self) -> None:
        if self.fmt == "table":
            write_table(self._rows, self.out)
        self.out.flush()


def write_table(events: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """A readable table (rich) of events: date, type, mode, source, target, sentence."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for name in ("date", "type", "mode", "source", "target", "where", "sentence"):
        table.add_column(name, overflow="fold")
    for event in events:
        row = flat_row(event)
        table.add_row(
            row["date"] or "",
            row["event_type"] or "",
            row["mode"] or "",
            row["source_codes"],
            row["target_codes"],
            row["location_name"] or "",
            (row["sentence"] or "")[:160],
        )
    Console(file=out, width=max(100, Console().width)).print(table)


def write_parquet(events: Iterable[dict[str, Any]], path: str) -> int:
    """Events as a Parquet file of flat rows; returns the row count."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [flat_row(e) for e in events]
    if rows:
        table = pa.Table.from_pylist(rows)
    else:
        table = pa.Table.from_pylist([], schema=pa.schema([(c, pa.string()) for c in CSV_COLUMNS]))
    pq.write_table(table, path)
    return len(rows)
