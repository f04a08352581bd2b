"""The Spark job behind `herald spark`: inputs in, a Parquet dataset of events out.

How the work is split:

* `.jsonl`/`.ndjson` files (also gzipped) are read with `textFile`, so a large file
  is split across tasks; each line keeps its line number, so a record without
  `id` or `url` gets the same document id as under `herald code` (`path:line`).
* Parquet files are read by Spark; each row is a record with the JSONL fields
  (`id`, `text` or `html`, `url`, `title`, `pub_date`, `source`).
* Everything else (`.warc`, `.warc.gz`, `.txt`, `.html`, directories of them) is
  read by herald's own readers inside the executors, one task per file; the files
  must be reachable from the executors (a local or shared filesystem).

Each partition builds one `herald.pipeline.Pipeline` and codes its documents in
chunks exactly as `herald code` does; the spaCy model, the knowledge base and the
lexicon are loaded once per Python worker and reused by later partitions. Events
are written with the columns of `herald.writers.flat_row` (the columns of
`herald events --format parquet`); skipped inputs and notes come back to the
driver, to be reported as `herald code` reports them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from herald.errors import HeraldError, ModelError
from herald.readers import JSONL_SUFFIXES, document_from_record, read_path
from herald.schema import Document, Event, Skipped
from herald.settings import Settings
from herald.writers import flat_row

PARQUET_SUFFIXES = (".parquet", ".parq")
# Column types for Spark; a column flat_row gains later is written as a string.
_LONG_COLUMNS = {"span_start", "span_end", "mentions"}
_DOUBLE_COLUMNS = {"lat", "lon", "confidence", "goldstein"}
_BOOL_COLUMNS = {"negated"}
_REPORT_LIMIT = 10_000  # skipped/note lines brought back to the driver

JAVA_MISSING = (
    "herald's Spark job needs Java 17 or later (pyspark starts a JVM), and none was found; "
    "install a JDK (e.g. `apt-get install openjdk-17-jre-headless`) or set JAVA_HOME"
)


@dataclass
class SparkResult:
    """What a Spark run did: counts, and the skipped inputs and notes to report."""

    out: str
    documents: int = 0
    events: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    skipped_count: int = 0
    notes: list[tuple[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------- columns


def event_columns() -> list[str]:
    """The output columns: those of `flat_row` for a coded event, in its order."""
    probe = Event(doc_id="", event_type="CONSULT", source=(), target=(), sentence="", span=(0, 0))
    return list(flat_row(probe.to_dict()))


def _spark_schema(columns: list[str]) -> Any:
    from pyspark.sql import types as T

    def kind(name: str) -> Any:
        if name in _LONG_COLUMNS:
            return T.LongType()
        if name in _DOUBLE_COLUMNS:
            return T.DoubleType()
        if name in _BOOL_COLUMNS:
            return T.BooleanType()
        return T.StringType()

    return T.StructType([T.StructField(name, kind(name), True) for name in columns])


def _coerce(name: str, value: Any) -> Any:
    """A flat_row value in the column's Spark type (KB coordinates may be YAML ints)."""
    if value is None:
        return None
    if name in _LONG_COLUMNS:
        return int(value)
    if name in _DOUBLE_COLUMNS:
        return float(value)
    if name in _BOOL_COLUMNS:
        return bool(value)
    return value if isinstance(value, str) else str(value)


def _row(event: Event, columns: list[str]) -> tuple[Any, ...]:
    flat = flat_row(event.to_dict())
    return tuple(_coerce(name, flat.get(name)) for name in columns)


# ---------------------------------------------------------------- executors

_NLP: dict[tuple[str, bool], Any] = {}


def _shared_nlp(settings: Settings) -> Any:
    """The spaCy pipeline, loaded once per Python worker and reused across partitions."""
    from herald.pipeline import load_nlp

    key = (settings.model, settings.gpu)
    if key not in _NLP:
        _NLP[key] = load_nlp(settings)
    return _NLP[key]


def _jsonl_item(where: str, line: str, settings: Settings) -> Document | Skipped | None:
    """One JSONL line as `herald code` reads it (None for a blank line)."""
    if not line.strip():
        return None
    size = len(line.encode("utf-8", "replace"))
    if size > settings.max_doc_bytes:
        return Skipped(
            where,
            f"{size / 1e6:.1f} MB is over the {settings.max_doc_bytes / 1e6:.1f} MB limit "
            "(raise max_doc_bytes in a settings file to code it)",
        )
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return Skipped(where, f"not valid JSON ({err})")
    return document_from_record(record, where)


def _items(
    sources: Iterable[tuple[Any, ...]], settings: Settings, pub_date: str | None
) -> Iterator[Any]:
    for source in sources:
        kind = source[0]
        if kind == "line":
            items: Iterable[Any] = [_jsonl_item(source[1], source[2], settings)]
        elif kind == "record":
            items = [document_from_record(source[2], source[1])]
        else:
            items = read_path(Path(source[1]), settings)
        for item in items:
            if item is None:
                continue
            if isinstance(item, Document) and pub_date and not item.pub_date:
                item.pub_date, item.pub_date_origin = pub_date, "option"
            yield item


def code_partition(
    sources: Iterable[tuple[Any, ...]],
    settings: Settings,
    columns: list[str],
    pub_date: str | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Code one partition: ("e", row) per event, ("d", doc_id) per document,
    ("s", source, reason) per skipped input, ("n", doc_id, note) per note."""
    from herald.pipeline import Pipeline

    pipeline = Pipeline(settings, nlp=_shared_nlp(settings))
    for item in pipeline.run(_items(sources, settings, pub_date)):
        if isinstance(item, Skipped):
            yield ("s", item.source, item.reason)
            continue
        yield ("d", item.doc_id)
        for note in item.notes:
            yield ("n", item.doc_id, note)
        for event in item.events:
            yield ("e", _row(event, columns))


# ---------------------------------------------------------------- driver


def check_java() -> None:
    """Raise a HeraldError with an install hint when no Java runtime is found."""
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").exists():
        return
    if shutil.which("java") is None:
        raise HeraldError(JAVA_MISSING)


def session_active() -> bool:
    """Whether this process already has a SparkSession (one `local_session` would reuse)."""
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession() is not None


def local_session(master: str = "local[*]", *, app_name: str = "herald") -> Any:
    """A SparkSession for one machine, quiet, whose Python workers run this interpreter."""
    from pyspark.sql import SparkSession

    check_java()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _expand(inputs: Iterable[str]) -> list[str]:
    """Local directories become their files, named and ordered as `herald code` walks them
    (hidden files and Spark's `_SUCCESS` markers left out); URIs stay as they are."""
    out: list[str] = []
    for raw in inputs:
        if raw == "-":
            raise HeraldError("herald spark cannot read standard input; give files or directories")
        if "://" in raw:
            out.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames.sort()
                out.extend(
                    str(Path(dirpath) / n)
                    for n in sorted(filenames)
                    if not n.startswith(".") and n != "_SUCCESS"
                )
        else:
            out.append(str(path))
    return out


def _suffix(name: str) -> str:
    lower = name.lower()
    return lower[:-3] if lower.endswith(".gz") else lower


def _sources(spark: Any, inputs: list[str]) -> Any:
    """One RDD of ("line", where, text) | ("record", where, dict) | ("path", path) tuples."""
    sc = spark.sparkContext
    rdds = []
    others: list[str] = []
    for name in _expand(inputs):
        suffix = _suffix(name)
        local_missing = "://" not in name and not Path(name).exists()
        if local_missing:
            others.append(name)  # read_path reports it as skipped, as `herald code` does
        elif suffix.endswith(tuple(JSONL_SUFFIXES)):
            rdds.append(
                sc.textFile(name)
                .zipWithIndex()
                .map(lambda pair, name=name: ("line", f"{name}:{pair[1] + 1}", pair[0]))
            )
        elif suffix.endswith(PARQUET_SUFFIXES):
            rdds.append(
                spark.read.parquet(name)
                .rdd.zipWithIndex()
                .map(
                    lambda pair, name=name: (
                        "record",
                        f"{name}:{pair[1] + 1}",
                        pair[0].asDict(recursive=True),
                    )
                )
            )
        elif "://" in name:
            raise HeraldError(
                f"{name}: herald spark reads JSONL and Parquet from URIs; other files "
                "(WARC, text, HTML) must be on a filesystem the executors can read as local paths"
            )
        else:
            others.append(name)
    if others:
        slices = max(1, min(len(others), sc.defaultParallelism * 4))
        rdds.append(sc.parallelize([("path", name) for name in others], slices))
    if not rdds:
        raise HeraldError(
            "no input files found; give JSONL, Parquet, WARC, text or HTML files or directories"
        )
    return rdds[0] if len(rdds) == 1 else sc.union(rdds)


def code_to_parquet(
    spark: Any,
    inputs: Iterable[str],
    out: str,
    *,
    settings: Settings | None = None,
    partitions: int | None = None,
    pub_date: str | None = None,
    overwrite: bool = False,
) -> SparkResult:
    """Code every input on Spark and write the events to the Parquet dataset `out`.

    Args:
        spark: a SparkSession (`local_session()` for one machine).
        inputs: files, directories or (for JSONL/Parquet) URIs Spark can read.
        out: the output directory (a Parquet dataset, one file per partition).
        settings: herald settings, passed to the pipeline in every partition.
        partitions: repartition the documents into this many tasks.
        pub_date: the publication date of documents that carry none (YYYY-MM-DD).
        overwrite: replace `out` if it exists (otherwise an existing `out` is an error).

    Returns:
        A SparkResult with counts and the skipped inputs and notes.

    Just over 60 lines: the checks on `out`, the Spark plan and the counts it
    returns are one job, run once.
    """
    from pyspark import StorageLevel

    settings = settings or Settings()
    inputs = list(inputs)
    if "://" not in out and Path(out).exists() and not overwrite:
        raise HeraldError(
            f"{out} exists; choose another --out directory or pass --overwrite to replace it"
        )
    if "://" not in out and Path(out).exists() and not Path(out).is_dir():
        raise HeraldError(
            f"{out} is a file; --out needs a directory (the Parquet dataset is written there)"
        )
    columns = event_columns()
    sources = _sources(spark, inputs)
    if partitions:
        sources = sources.repartition(partitions)
    coded = sources.mapPartitions(
        lambda part: code_partition(part, settings, columns, pub_date)
    ).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        rows = coded.filter(lambda t: t[0] == "e").map(lambda t: t[1])
        frame = spark.createDataFrame(rows, _spark_schema(columns))
        frame.write.mode("overwrite" if overwrite else "errorifexists").parquet(out)
        result = SparkResult(out=out)
        counts = dict(coded.map(lambda t: (t[0], 1)).reduceByKey(lambda a, b: a + b).collect())
        result.documents = counts.get("d", 0)
        result.events = counts.get("e", 0)
        result.skipped_count = counts.get("s", 0)
        result.skipped = [
            Skipped(t[1], t[2]) for t in coded.filter(lambda t: t[0] == "s").take(_REPORT_LIMIT)
        ]
        result.notes = [
            (t[1], t[2]) for t in coded.filter(lambda t: t[0] == "n").take(_REPORT_LIMIT)
        ]
    except Exception as err:
        model = _model_error(err)
        if model is not None:
            raise ModelError(model) from err
        raise
    finally:
        coded.unpersist()
    return result


def _model_error(err: Exception) -> str | None:
    """The ModelError message inside an executor failure, if that is what it was."""
    text = str(err)
    marker = "herald.errors.ModelError: "
    if marker in text:
        return text.split(marker, 1)[1].splitlines()[0]
    return None
