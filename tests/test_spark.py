"""`herald spark`: the Spark job codes what `herald code` codes, with the same event ids.

Runs pyspark in local mode on a few articles written here (JSONL, Parquet and WARC
input). Skipped when pyspark or Java is missing; the install-hint test runs always.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from herald.cli import main
from herald.errors import HeraldError

ARTICLES = [
    {
        "id": "spark-1",
        "pub_date": "2023-11-28",
        "title": "Erdogan and Raisi discuss Gaza in Ankara",
        "text": (
            "Erdogan and Raisi discuss Gaza in Ankara\n\n"
            "Turkish President Recep Tayyip Erdogan met Iranian President Ebrahim Raisi in "
            "Ankara on Tuesday to discuss the war in Gaza and trade between the two countries.\n\n"
            "The two leaders agreed to expand cooperation in energy and transport, according to a "
            "statement from the Turkish presidency.\n\n"
            "Erdogan accused Israel of committing war crimes in Gaza and called for an immediate "
            "ceasefire."
        ),
    },
    {
        "id": "spark-2",
        "pub_date": "2024-06-25",
        "text": (
            "Home | World | Africa | Sport\n"
            "Thousands of protesters marched through Nairobi on Tuesday demanding the "
            "withdrawal of the finance bill.\n\n"
            "Kenyan police fired tear gas and water cannon at the demonstrators near "
            "parliament, and at least 20 people were arrested, a rights group said.\n\n"
            "Related\nKenya's president vows to sign the bill\n"
        ),
    },
    {
        "id": "spark-3",
        "pub_date": "2024-02-23",
        "text": (
            "The European Union imposed new sanctions on Russia on Friday, targeting nearly 200 "
            "companies and individuals accused of helping Moscow acquire weapons.\n\n"
            "Russian Foreign Minister Sergei Lavrov said the sanctions were illegal and warned "
            "that Russia would retaliate.\n\n"
            "Germany pledged 500 million euros in humanitarian aid to Ukraine on the same day."
        ),
    },
    {"id": "spark-4", "text": "Nothing here names an actor; the weather was mild."},
]


def _java_available() -> bool:
    home = os.environ.get("JAVA_HOME")
    return bool(home and Path(home, "bin", "java").exists()) or shutil.which("java") is not None


spark_only = [
    pytest.mark.spark,
    pytest.mark.slow,
    pytest.mark.skipif(not _java_available(), reason="Spark needs Java 17 or later; none found"),
]


def test_spark_import_without_pyspark_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # makes `import pyspark` fail
    for name in [m for m in sys.modules if m == "herald.spark" or m.startswith("herald.spark.")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(HeraldError, match=r"pip install 'herald\[spark\]'"):
        importlib.import_module("herald.spark")


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    if not _java_available():
        pytest.skip("Spark needs Java 17 or later; none found")
    from herald.spark import local_session

    session = local_session("local[2]", app_name="herald-tests")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("spark-inputs")
    jsonl = root / "articles.jsonl"
    jsonl.write_text(
        "".join(json.dumps(a) + "\n" for a in ARTICLES) + "not json\n", encoding="utf-8"
    )
    parquet = root / "articles.parquet"
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.Table.from_pylist(
            [{k: a.get(k) for k in ("id", "text", "pub_date", "title")} for a in ARTICLES]
        ),
        parquet,
    )
    warc = root / "articles.warc.gz"
    _write_warc(warc)
    return {"jsonl": jsonl, "parquet": parquet, "warc": warc}


def _write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for article in ARTICLES[:3]:
            paragraphs = "".join(
                f"<p>{p}</p>" for p in article["text"].split("\n\n")[1:] or [article["text"]]
            )
            html = (
                f"<html><head><title>{article['id']}</title>"
                "<meta property='article:published_time' "
                f"content='{article.get('pub_date')}'></head><body><nav>Home | World</nav>"
                f"<article><h1>{article['id']}</h1>{paragraphs}</article>"
                "<footer>All rights reserved</footer></body></html>"
            )
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            body = html.encode()
            record = writer.create_warc_record(
                f"https://news.example/{article['id']}",
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
            writer.write_record(record)


def _herald_code(path: Path) -> list[tuple[str, str, str]]:
    result = CliRunner().invoke(main, ["code", "--format", "jsonl", str(path)])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return sorted((e["event_id"], e["doc_id"], e["event_type"]) for e in events)


def _parquet_events(out: Path) -> list[tuple[str, str, str]]:
    import pyarrow.parquet as pq

    rows = pq.read_table(out).to_pylist()
    return sorted((r["event_id"], r["doc_id"], r["event_type"]) for r in rows)


@pytest.mark.parametrize("kind", ["jsonl", "parquet", "warc"])
@pytest.mark.spark
@pytest.mark.slow
def test_spark_events_match_herald_code(spark, inputs, tmp_path: Path, kind: str) -> None:
    from herald.spark import code_to_parquet, event_columns

    out = tmp_path / "events"
    result = code_to_parquet(spark, [str(inputs[kind])], str(out), partitions=2)
    expected = _herald_code(inputs["warc" if kind == "warc" else "jsonl"])
    assert expected, "the test articles must hold events"
    assert _parquet_events(out) == expected
    assert result.events == len(expected)
    import pyarrow.parquet as pq

    assert pq.read_schema(next(out.glob("*.parquet"))).names == event_columns()
    if kind == "jsonl":
        assert [s.source for s in result.skipped] == [f"{inputs['jsonl']}:5"]
        assert result.documents == 4


@pytest.mark.spark
@pytest.mark.slow
def test_spark_command_writes_parquet_and_reports_skips(spark, inputs, tmp_path: Path) -> None:
    out = tmp_path / "cli-events"
    result = CliRunner().invoke(
        main, ["spark", str(inputs["jsonl"]), "--out", str(out), "--partitions", "3"]
    )
    assert result.exit_code == 0, result.output
    assert f"herald: skipped {inputs['jsonl']}:5: not valid JSON" in result.stderr
    assert _parquet_events(out) == _herald_code(inputs["jsonl"])
    again = CliRunner().invoke(main, ["spark", str(inputs["jsonl"]), "--out", str(out)])
    assert again.exit_code == 1
    assert f"{out} exists; choose another --out directory or pass --overwrite" in again.stderr
