"""`herald ingest`, `events`, `stats` and `export` through the command line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from herald.cli import main
from herald.store import open_store
from tests.test_store import PHONE_CALL_A, PHONE_CALL_B, two_outlets

ROOT = Path(__file__).resolve().parents[1]
STORE_COMMANDS = ("ingest", "events", "stats", "export")


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "events.duckdb"
    with open_store(path) as store:
        store.write(two_outlets())
    return str(path)


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_commands_store_registered():
    assert set(STORE_COMMANDS) <= set(main.commands)


def test_commands_store_events_jsonl(db):
    result = run("events", "--db", db, "--format", "jsonl")
    assert result.exit_code == 0
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["event_type"], e["mentions"], e["sources"]) for e in events] == [
        ("CONSULT", 2, ["aa-1", "sabah-7"]),
        ("ACCUSE", 1, ["aa-1"]),
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--dyad", "TUR-IRN"), ["CONSULT"]),
        (("--dyad", "ISR>TUR"), []),
        (("--type", "accuse"), ["ACCUSE"]),
        (("--actor", "ISR"), ["ACCUSE"]),
        (("--min-mentions", "2"), ["CONSULT"]),
        (("--source", "dailysabah"), ["CONSULT"]),
        (("--since", "2023-11-27"), []),
    ],
)
def test_commands_store_events_filters(db, args, expected):
    result = run("events", "--db", db, "--format", "jsonl", *args)
    assert result.exit_code == 0
    assert [json.loads(line)["event_type"] for line in result.stdout.splitlines()] == expected


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_commands_store_events_to_a_full_disk_is_one_clear_error(db):
    # /dev/full answers every write with ENOSPC, like a disk with no space left
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "herald.cli", "events", "--db", db, "--format", "jsonl"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: cannot write the output: No space left on device; "
        "what was written before is incomplete"
    ]


def test_commands_store_events_csv_and_table(db):
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--format", "csv").stdout)))
    assert rows[0]["mentions"] == "2" and rows[0]["sources"] == "aa-1;sabah-7"
    table = run("events", "--db", db, "--format", "table").stdout
    assert "CONSULT" in table and "ACCUSE" in table


def test_commands_store_events_parquet(db, tmp_path):
    import pyarrow.parquet as pq

    missing = run("events", "--db", db, "--format", "parquet")
    assert missing.exit_code == 2
    assert missing.stderr.splitlines()[-1] == (
        "Error: --format parquet needs --out FILE (Parquet is not written to a terminal)"
    )
    out = tmp_path / "events.parquet"
    result = run("events", "--db", db, "--format", "parquet", "--out", str(out))
    assert result.exit_code == 0
    assert result.stderr == f"herald: wrote 2 event(s) to {out}\n"
    assert pq.read_table(out).column("mentions").to_pylist() == [2, 1]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (
            ("--dyad", "IRN"),
            2,
            "Error: Invalid value for '--dyad': dyad 'IRN' is not two codes; use "
            "A-B (either direction, e.g. IRN-TUR) or A>B (A acting on B, e.g. TUR>IRN)",
        ),
        (
            ("--since", "yesterday"),
            2,
            "Error: Invalid value for '--since': 'yesterday' is not a date; "
            "use YYYY-MM-DD, e.g. 2023-11-26",
        ),
    ],
)
def test_commands_store_bad_options(db, args, status, message):
    result = run("events", "--db", db, *args)
    assert result.exit_code == status
    assert result.stderr.splitlines()[-1] == message


def test_commands_store_missing_store(tmp_path):
    path = tmp_path / "none.duckdb"
    result = run("stats", "--db", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: there is no store at {path}; create one with `herald ingest INPUT... --db {path}`\n"
    )


def test_commands_store_stats(db):
    stats = json.loads(run("stats", "--db", db, "--json").stdout)
    assert stats["totals"]["events"] == 2 and stats["totals"]["multi_source_events"] == 1
    text = run("stats", "--db", db).stdout
    assert text.startswith("2 documents, 0 skipped inputs, 2 events (1 reported by several")
    assert "IRN-TUR" in text and "2023-11" in text


def test_commands_store_export(db, tmp_path):
    out = tmp_path / "dataset"
    result = run("export", "--db", db, "--out", str(out))
    assert result.exit_code == 0
    assert result.stderr == f"herald: wrote {out}: 2 events, 3 mentions, 2 documents, 0 skipped\n"
    names = {p.name for p in out.iterdir()}
    assert {
        "README.md",
        "events.parquet",
        "events.csv",
        "mentions.csv",
        "documents.parquet",
    } <= names
    only = run("export", "--db", db, "--out", str(tmp_path / "accuse"), "--type", "ACCUSE")
    assert "1 events, 1 mentions" in only.stderr


def test_commands_store_options_are_documented():
    docs = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    for name in STORE_COMMANDS:
        assert f"herald {name}" in docs
        for param in main.commands[name].params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert f"`{opt}" in docs, f"{name} {opt} is not in docs/store.md"


@pytest.mark.slow
def test_commands_store_ingest_is_idempotent(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(PHONE_CALL_A, encoding="utf-8")
    (folder / "b.txt").write_text(PHONE_CALL_B, encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    stdin_text = "Le président turc a parlé avec son homologue iranien de la situation à Gaza."
    first = run("ingest", str(folder), "-", "--db", db, "--no-progress", input=stdin_text)
    assert first.exit_code == 0, first.output
    assert "herald: skipped stdin:" in first.stderr and "not English" in first.stderr
    assert "stored 2 document(s)" in first.stderr and ", 1 skipped;" in first.stderr
    with open_store(db, read_only=True) as store:
        counts = store.counts()
    again = run("ingest", str(folder), "-", "--db", db, "--no-progress", input=stdin_text)
    assert "stored 0 document(s)" in again.stderr and "2 already stored" in again.stderr
    with open_store(db, read_only=True) as store:
        assert store.counts() == counts
    calls = run("events", "--db", db, "--dyad", "IRN-TUR", "--type", "CONSULT", "--format", "jsonl")
    phone = [e for e in map(json.loads, calls.stdout.splitlines()) if e["mode"] == "phone"]
    assert len(phone) == 1 and len(phone[0]["sources"]) == 2
