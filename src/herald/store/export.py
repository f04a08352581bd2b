"""The exported dataset: Parquet and CSV files of events, mentions, documents, skips.

`export_dataset` writes files whose columns are listed, with their meaning, in
`EVENT_COLUMNS`, `MENTION_COLUMNS` and `DOCUMENT_COLUMNS`, and in the README.md
written beside them (docs/store.md shows the same list).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from herald.compat import compat_for
from herald.errors import StoreError
from herald.store.connection import Store
from herald.store.errors import reading
from herald.store.query import EventFilter, _rows, event_dict

# ---------------------------------------------------------------- export
# (name, arrow type, meaning): the exported columns, in order.
EVENT_COLUMNS: list[tuple[str, str, str]] = [
    ("event_id", "string", "stable id of the event: the id of its first mention"),
    ("event_type", "string", "PLOVER event type (AGREE ... ASSAULT)"),
    ("mode", "string", "PLOVER mode of the type, or empty"),
    ("cameo", "string", "CAMEO code given by the coder, or empty"),
    ("date", "date32", "date the event happened (not the publication date)"),
    ("date_precision", "string", "day, month or year"),
    ("source_codes", "string", "codes of the source actors, ';'-separated"),
    ("source_names", "string", "canonical names of the source actors, ';'-separated"),
    ("target_codes", "string", "codes of the target actors, ';'-separated (empty: symmetric)"),
    ("target_names", "string", "canonical names of the target actors, ';'-separated"),
    ("dyads", "string", "undirected country pairs A-B (A before B), ';'-separated"),
    ("location_name", "string", "place of the event"),
    ("location_country", "string", "ISO 3166-1 alpha-3 code of the place's country"),
    ("lat", "float64", "latitude of the place"),
    ("lon", "float64", "longitude of the place"),
    ("contexts", "string", "PLOVER contexts, ';'-separated"),
    ("negated", "bool", "true when the text says the event did not happen"),
    ("confidence", "float64", "coder confidence, raised a little by each further source"),
    ("mentions", "int64", "mentions of the event across all documents"),
    ("n_sources", "int64", "distinct documents reporting the event"),
    ("sources", "string", "ids of the reporting documents, first reporter first, ';'-separated"),
    ("doc_id", "string", "document of the first mention"),
    ("sentence", "string", "sentence of the first mention"),
    ("span_start", "int64", "offset of that sentence in the cleaned text of doc_id"),
    ("span_end", "int64", "end offset of that sentence"),
    ("trigger", "string", "words that triggered the first mention"),
    ("source", "string", "source actors as JSON (text, name, code, sector, role)"),
    ("target", "string", "target actors as JSON"),
    ("first_seen", "timestamp[us]", "when the event was first stored"),
    ("SQLDATE", "int64", "GDELT-style date YYYYMMDD (from date)"),
    ("Actor1Code", "string", "GDELT-style: first source code"),
    ("Actor1Name", "string", "GDELT-style: first source name"),
    ("Actor2Code", "string", "GDELT-style: first target code (second party if symmetric)"),
    ("Actor2Name", "string", "GDELT-style: first target name (second party if symmetric)"),
    ("IsRootEvent", "int64", "GDELT-style: always 1 (no sub-events)"),
    ("EventCode", "string", "CAMEO code: the coder's, else the nearest root of the PLOVER type"),
    ("EventBaseCode", "string", "first three digits of EventCode"),
    ("EventRootCode", "string", "first two digits of EventCode"),
    (
        "QuadClass",
        "int64",
        "1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict",
    ),
    ("GoldsteinScale", "float64", "Goldstein (1992) score of EventCode, -10 to +10"),
    ("NumMentions", "int64", "GDELT-style: mentions"),
    ("NumSources", "int64", "GDELT-style: distinct reporting documents"),
    ("NumArticles", "int64", "GDELT-style: distinct reporting documents"),
    ("ActionGeo_FullName", "string", "GDELT-style: location_name"),
    ("ActionGeo_CountryCode", "string", "location_country (ISO alpha-3, not GDELT's FIPS)"),
    ("ActionGeo_Lat", "float64", "GDELT-style: lat"),
    ("ActionGeo_Long", "float64", "GDELT-style: lon"),
    ("SOURCEURL", "string", "URL (else id) of the first reporting document"),
]
MENTION_COLUMNS: list[tuple[str, str, str]] = [
    ("mention_id", "string", "id of the mention: the per-document event_id of `herald code`"),
    ("event_id", "string", "the event it reports (events.event_id)"),
    ("doc_id", "string", "the document it comes from (documents.doc_id)"),
    ("url", "string", "URL of that document"),
    ("event_type", "string", "PLOVER type as coded in this document"),
    ("mode", "string", "mode as coded in this document"),
    ("cameo", "string", "CAMEO code as coded in this document"),
    ("date", "date32", "event date as resolved in this document"),
    ("date_precision", "string", "day, month or year"),
    ("sentence", "string", "the sentence that reports it"),
    ("span_start", "int64", "offset of the sentence in the document's cleaned text"),
    ("span_end", "int64", "end offset of the sentence"),
    ("trigger", "string", "words that triggered it"),
    ("confidence", "float64", "coder confidence"),
    ("doc_mentions", "int64", "times this document reports it (headline, lead, body)"),
    ("event", "string", "the full event of `herald code` as JSON"),
]
DOCUMENT_COLUMNS: list[tuple[str, str, str]] = [
    ("doc_id", "string", "the input's id: the jsonl id, else the URL or file path"),
    ("url", "string", "URL of the article"),
    ("source", "string", "outlet (the input's `source`, else the URL's host)"),
    ("title", "string", "title found by the cleaner"),
    ("pub_date", "string", "publication date (YYYY-MM-DD) when known"),
    ("lang", "string", "detected language"),
    ("content_hash", "string", "SHA-1 of the cleaned text (duplicates share it)"),
    ("n_events", "int64", "events coded in the document"),
    ("ingested_at", "timestamp[us]", "when the document was stored"),
]
SKIPPED_COLUMNS: list[tuple[str, str, str]] = [
    ("source", "string", "path, path:line or URL of the skipped input"),
    ("reason", "string", "why it was not coded"),
    ("skipped_at", "timestamp[us]", "when it was first skipped"),
]


def _joined(values: list[Any]) -> str:
    return ";".join(str(v) for v in values if v is not None)


def _event_export_row(row: dict[str, Any], first_url: str | None) -> dict[str, Any]:
    event = event_dict(row)
    src, tgt = event["source"], event["target"]
    loc = event["location"] or {}
    second = tgt[0] if tgt else (src[1] if len(src) > 1 else {})
    compat = compat_for(event["cameo"], event["event_type"])
    code = compat.cameo
    return {
        "event_id": event["event_id"],
        "event_type": event["event_type"],
        "mode": event["mode"],
        "cameo": event["cameo"],
        "date": row["date"],
        "date_precision": event["date_precision"],
        "source_codes": _joined([a.get("code") for a in src]),
        "source_names": _joined([a.get("name") or a.get("text") for a in src]),
        "target_codes": _joined([a.get("code") for a in tgt]),
        "target_names": _joined([a.get("name") or a.get("text") for a in tgt]),
        "dyads": _joined(row.get("dyads") or []),
        "location_name": loc.get("name"),
        "location_country": loc.get("country"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "contexts": _joined(event["contexts"]),
        "negated": event["negated"],
        "confidence": event["confidence"],
        "mentions": event["mentions"],
        "n_sources": row["n_sources"],
        "sources": _joined(event["sources"]),
        "doc_id": event["doc_id"],
        "sentence": event["sentence"],
        "span_start": event["span"][0],
        "span_end": event["span"][1],
        "trigger": event["trigger"],
        "source": json.dumps(src, ensure_ascii=False),
        "target": json.dumps(tgt, ensure_ascii=False),
        "first_seen": row["first_seen"],
        "SQLDATE": int(row["date"].strftime("%Y%m%d")) if row["date"] else None,
        "Actor1Code": src[0].get("code") if src else None,
        "Actor1Name": (src[0].get("name") or src[0].get("text")) if src else None,
        "Actor2Code": second.get("code"),
        "Actor2Name": second.get("name") or second.get("text"),
        "IsRootEvent": 1,
        "EventCode": code,
        "EventBaseCode": code[:3] if code else None,
        "EventRootCode": compat.cameo_root,
        "QuadClass": compat.quad_class,
        "GoldsteinScale": compat.goldstein,
        "NumMentions": event["mentions"],
        "NumSources": row["n_sources"],
        "NumArticles": row["n_sources"],
        "ActionGeo_FullName": loc.get("name"),
        "ActionGeo_CountryCode": loc.get("country"),
        "ActionGeo_Lat": loc.get("lat"),
        "ActionGeo_Long": loc.get("lon"),
        "SOURCEURL": first_url or event["doc_id"],
    }


def _schema(columns: list[tuple[str, str, str]]) -> Any:
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
        "date32": pa.date32(),
        "timestamp[us]": pa.timestamp("us"),
    }
    return pa.schema([(name, types[kind]) for name, kind, _ in columns])


def _write(
    rows: list[dict[str, Any]], columns: list[tuple[str, str, str]], out: Path, name: str
) -> int:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=_schema(columns))
    pq.write_table(table, out / f"{name}.parquet")
    pacsv.write_csv(table, out / f"{name}.csv")
    return table.num_rows


def event_rows(store: Store, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    """Flat export rows (EVENT_COLUMNS) of the stored events."""
    with reading(store):
        urls = dict(
            store.con.execute("SELECT doc_id, url FROM documents WHERE url IS NOT NULL").fetchall()
        )
    return [
        _event_export_row(row, urls.get(row["doc_id"]))
        for row in _rows(store, flt or EventFilter())
    ]


def export_dataset(
    store: Store, out_dir: str | Path, flt: EventFilter | None = None
) -> dict[str, int]:
    """Write events, mentions, documents and skipped as Parquet + CSV, and a README.

    Returns the row count of each table written.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"cannot create the export folder {out}: {err}") from err
    try:
        with reading(store):
            return _export_tables(store, out, flt)
    except OSError as err:  # a full disk: pyarrow raises OSError, and removes its partial file
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise StoreError(
            f"cannot write the export to {out}: {reason}; the export is incomplete: free some "
            "space, or pass another --out, and export again"
        ) from err


def _export_tables(store: Store, out: Path, flt: EventFilter | None) -> dict[str, int]:
    con = store.con
    counts = {"events": _write(event_rows(store, flt), EVENT_COLUMNS, out, "events")}
    cursor = con.execute(
        "SELECT m.mention_id, m.event_id, m.doc_id, d.url, m.event_type, m.mode, m.cameo, m.date, "
        "m.date_precision, m.sentence, m.span_start, m.span_end, m.trigger, m.confidence, "
        "m.doc_mentions, m.raw AS event FROM mentions m "
        "LEFT JOIN documents d ON d.doc_id = m.doc_id ORDER BY m.seq, m.ord"
    )
    names = [d[0] for d in cursor.description]
    mentions = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    if flt is not None:
        kept = {row["event_id"] for row in _rows(store, flt)}
        mentions = [m for m in mentions if m["event_id"] in kept]
    counts["mentions"] = _write(mentions, MENTION_COLUMNS, out, "mentions")
    counts["documents"] = _write(
        _table(store, "documents", DOCUMENT_COLUMNS, "seq"), DOCUMENT_COLUMNS, out, "documents"
    )
    counts["skipped"] = _write(
        _table(store, "skipped", SKIPPED_COLUMNS, "source, reason"), SKIPPED_COLUMNS, out, "skipped"
    )
    (out / "README.md").write_text(dataset_readme(counts), encoding="utf-8")
    return counts


def _table(
    store: Store, table: str, columns: list[tuple[str, str, str]], order: str
) -> list[dict[str, Any]]:
    names = [name for name, _, _ in columns]
    cursor = store.con.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {order}")
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def columns_markdown(columns: list[tuple[str, str, str]]) -> str:
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | {kind} | {meaning} |" for name, kind, meaning in columns]
    return "\n".join(lines)


def dataset_readme(counts: dict[str, int]) -> str:
    """The README.md written beside an export: what each file and column holds."""
    parts = [
        "# herald event dataset",
        "",
        "Written by `herald export`. Each table comes as Parquet (typed) and CSV (same columns).",
        "Events follow PLOVER; the capitalised columns repeat them in GDELT's names for",
        "comparison (CAMEO EventCode, QuadClass, GoldsteinScale). One row of `events` is one",
        "real-world event; `mentions` lists every document sentence that reports it.",
        "",
        "Rows: " + ", ".join(f"{name} {n}" for name, n in counts.items()) + ".",
    ]
    for name, columns in (
        ("events", EVENT_COLUMNS),
        ("mentions", MENTION_COLUMNS),
        ("documents", DOCUMENT_COLUMNS),
        ("skipped", SKIPPED_COLUMNS),
    ):
        parts += ["", f"## {name}.parquet / {name}.csv", "", columns_markdown(columns)]
    return "\n".join(parts) + "\n"
