"""Store faults: a full disk, a store locked by another process, a damaged store file.

Each fault must end in one clear line (what failed, the path, what to do) and lose
nothing that was committed: the store still opens, holds exactly the documents of the
batches committed before the fault, and the same job run again finishes it with the
tables an uninterrupted run writes. A damaged file is never changed or removed.

A full disk is simulated twice: in process, by a connection whose writes fail with
DuckDB's "No space left on device" at a chosen statement; and for real, in a child
process whose file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored) makes the operating
system refuse the write. docs/faults.md tabulates what was tried.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from herald.cli import main
from herald.errors import StoreError
from herald.schema import Actor, Document, Event
from herald.store import IN_USE, IngestReport, Store, open_store
from herald.store.export import export_dataset
from herald.store.query import query_events, store_stats

ROOT = Path(__file__).resolve().parents[1]
NO_SPACE = 'IO Error: Could not write file "herald.duckdb.wal": No space left on device'
FIX_DAMAGED = (
    "herald has left the file as it is; if it is damaged, restore it from a backup, "
    "or pass another --db"
)
FIX_WRITE = (
    "The documents stored before this batch are kept and nothing of this batch was written; "
    "fix the cause (a full disk?) and run the same command again to finish"
)
needs_rlimit = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE and SIGXFSZ as on Linux"
)


# ---------------------------------------------------------------- hand-written articles
def _state(code: str, text: str) -> Actor:
    return Actor(text=text, code=code, sector="GOV", name=text, kind="state")


TURKEY, IRAN = _state("TUR", "Turkey"), _state("IRN", "Iran")
ISRAEL, GAZA = _state("ISR", "Israel"), _state("PSE", "Gaza")


def _event(doc_id: str, text: str, sentence: str, trigger: str, **fields: Any) -> Event:
    start = text.index(sentence)
    return Event(
        doc_id=doc_id,
        sentence=sentence,
        span=(start, start + len(sentence)),
        trigger=trigger,
        trigger_span=(text.index(trigger, start), text.index(trigger, start) + len(trigger)),
        date_precision="day",
        confidence=0.7,
        **fields,
    )


def article(i: int, *, pad: int = 2) -> Document:
    """Report `i`: a Turkey-Iran phone call on one of four days (reports of a day merge),
    and every third report an accusation on one of seven days; `pad` sentences of filler
    make it longer."""
    day = f"2024-03-0{1 + i % 4}"
    call = f"The foreign ministers of Turkey and Iran spoke by telephone on March {1 + i % 4}."
    accuse = "Israel accused Gaza officials of breaking the truce."
    filler = f"Report {i} adds that the talks on trade and the border will go on. " * pad
    text = f"Wire report {i}. {call} {accuse if i % 3 == 0 else ''} {filler}".strip()
    doc_id = f"wire/report-{i:03d}"
    events = [
        _event(doc_id, text, call, "spoke by telephone", event_type="CONSULT", mode="phone",
               cameo="041", source=(TURKEY, IRAN), target=(), date=day),
    ]  # fmt: skip
    if i % 3 == 0:
        events.append(
            _event(doc_id, text, accuse, "accused", event_type="ACCUSE", cameo="112",
                   source=(ISRAEL,), target=(GAZA,), date=f"2024-03-0{1 + i % 7}")
        )  # fmt: skip
    doc = Document(
        doc_id=doc_id,
        raw=text,
        text=text,
        lang="en",
        source="Wire",
        url=f"https://news.example.org/wire/{i}",
        title=f"Wire report {i}",
        pub_date=day,
    )
    doc.events = events
    return doc


def articles(start: int, stop: int, *, pad: int = 2) -> list[Document]:
    return [article(i, pad=pad) for i in range(start, stop)]


# ---------------------------------------------------------------- what a store holds
def table_rows(store: Store, table: str, skip: tuple[str, ...] = ()) -> list[tuple]:
    names = [r[0] for r in store.con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in skip]
    return sorted(store.con.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall(), key=repr)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every table of a store, less the wall-clock columns."""
    with open_store(path, read_only=True) as store:
        return {
            "documents": table_rows(store, "documents", ("ingested_at",)),
            "events": table_rows(store, "events", ("first_seen",)),
            "mentions": table_rows(store, "mentions"),
            "skipped": table_rows(store, "skipped", ("skipped_at",)),
        }


def assert_whole_documents(path: Path) -> int:
    """No half documents: every document has all its mentions, every mention its document
    and its event, and each event counts its mentions. Returns the number of documents."""
    with open_store(path, read_only=True) as store:
        con = store.con
        assert con.execute(
            "SELECT count(*) FROM documents d WHERE n_events <> "
            "(SELECT count(*) FROM mentions m WHERE m.doc_id = d.doc_id)"
        ).fetchone() == (0,)
        assert con.execute(
            "SELECT count(*) FROM mentions m WHERE m.doc_id NOT IN (SELECT doc_id FROM documents) "
            "OR m.event_id NOT IN (SELECT event_id FROM events)"
        ).fetchone() == (0,)
        assert con.execute(
            "SELECT count(*) FROM events e WHERE mentions <> "
            "(SELECT count(*) FROM mentions m WHERE m.event_id = e.event_id)"
        ).fetchone() == (0,)
        return store.counts()["documents"]


def reference(tmp_path: Path, *writes: list[Document]) -> dict[str, list[tuple]]:
    """The tables of a store written without any fault."""
    path = tmp_path / "reference.duckdb"
    with open_store(path) as store:
        for docs in writes:
            store.write(docs, batch_docs=4)
    return snapshot(path)


def file_state(path: Path) -> dict[str, str]:
    """SHA-256 of the store file and of its WAL, if any."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (path, path.with_name(path.name + ".wal"))
        if p.exists()
    }


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# ---------------------------------------------------------------- full disk, in process
class FullDisk:
    """A DuckDB connection whose `nth` statement starting with `statement` fails as on a
    full disk. Everything else goes to the real connection."""

    def __init__(self, con: Any, statement: str, nth: int) -> None:
        self._con = con
        self.statement = statement
        self.nth = nth
        self.seen = 0
        self.armed = True

    def execute(self, sql: str, *args: Any) -> Any:
        if self.armed and sql.lstrip().upper().startswith(self.statement):
            self.seen += 1
            if self.seen == self.nth:
                raise duckdb.IOException(NO_SPACE)
        return self._con.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO DOCUMENTS",
        "INSERT INTO EVENTS",
        "INSERT INTO MENTIONS",
        "UPDATE EVENTS",
        "COMMIT",
    ],
)
def test_store_faults_full_disk_keeps_committed_batches_and_resumes(tmp_path, statement):
    path = tmp_path / "herald.duckdb"
    docs = articles(0, 24)
    with open_store(path) as store:
        disk = FullDisk(store.con, statement, nth=2)
        store.con = disk
        report = IngestReport()
        with pytest.raises(StoreError) as err:
            store.write(docs, report, batch_docs=4)
        assert str(err.value) == f"cannot write to the store {path}: {NO_SPACE}. {FIX_WRITE}"
        assert isinstance(err.value.__cause__, duckdb.IOException)
        assert 0 < report.documents < 24 and report.documents % 4 == 0
        assert store.counts()["documents"] == report.documents
        # the same open store goes on once the disk has room again
        disk.armed = False
        store.write(store.unseen(docs, IngestReport()), batch_docs=4)
    assert assert_whole_documents(path) == 24
    assert snapshot(path) == reference(tmp_path, docs)


def test_store_faults_full_disk_then_reopen_holds_exactly_the_committed_documents(tmp_path):
    path = tmp_path / "herald.duckdb"
    docs = articles(0, 20)
    with open_store(path) as store:
        store.con = FullDisk(store.con, "COMMIT", nth=3)
        report = IngestReport()
        with pytest.raises(StoreError):
            store.write(docs, report, batch_docs=4)
    assert report.documents == 8
    assert assert_whole_documents(path) == 8
    with open_store(path, read_only=True) as store:
        stored = {row[0] for row in store.con.execute("SELECT doc_id FROM documents").fetchall()}
    assert stored == {doc.doc_id for doc in docs[:8]}
    with open_store(path) as store:
        again = IngestReport()
        store.write(store.unseen(docs, again), again, batch_docs=4)
    assert (again.known, again.documents) == (8, 12)
    assert snapshot(path) == reference(tmp_path, docs)


# ---------------------------------------------------------------- full disk, for real
LIMITED_WRITE = """
import json, resource, signal, sys
from herald.errors import StoreError
from herald.store import IngestReport, open_store
from tests.test_store_faults import articles

path, limit = sys.argv[1], int(sys.argv[2])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
report, message = IngestReport(), None
with open_store(path) as store:
    try:
        store.write(articles(5, 45, pad=120), report, batch_docs=4)
    except StoreError as err:
        message = str(err)
print(json.dumps({"message": message, "stored": report.documents}))
"""

LIMITED_CLI = """
import resource, runpy, signal, sys

limit, warm = int(sys.argv[1]), sys.argv.pop(2) == "warm"
if warm:  # py3langid unpacks its model into a temporary file: let it, then fill the disk
    from herald.stages.language import detect_language

    detect_language("The ministers spoke by telephone on Monday.")
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv = ["herald", *sys.argv[2:]]
runpy.run_module("herald.cli", run_name="__main__", alter_sys=True)
"""


def herald_with_file_limit(
    limit: int, *args: str, warm: bool = False
) -> subprocess.CompletedProcess[str]:
    """`herald ARGS` in a child process that may not write files past `limit` bytes."""
    return subprocess.run(
        [sys.executable, "-c", LIMITED_CLI, str(limit), "warm" if warm else "cold", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


@needs_rlimit
def test_store_faults_file_size_limit_stops_the_write_and_loses_nothing(tmp_path):
    path = tmp_path / "herald.duckdb"
    with open_store(path) as store:
        store.write(articles(0, 5, pad=120), batch_docs=4)
    child = subprocess.run(
        [sys.executable, "-c", LIMITED_WRITE, str(path), "150000"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert child.returncode == 0, child.stderr
    result = json.loads(child.stdout)
    assert result["message"].startswith(f"cannot write to the store {path}: ")
    assert result["message"].endswith(f"File too large. {FIX_WRITE}")
    assert 0 < result["stored"] < 40
    assert assert_whole_documents(path) == 5 + result["stored"]
    with open_store(path) as store:
        store.write(store.unseen(articles(5, 45, pad=120), IngestReport()), batch_docs=4)
    assert snapshot(path) == reference(tmp_path, articles(0, 5, pad=120), articles(5, 45, pad=120))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pristine") / "herald.duckdb"
    with open_store(path) as store:
        store.write(articles(0, 40), batch_docs=8)
    return path


@pytest.fixture
def store_path(pristine: Path, tmp_path: Path) -> Path:
    """A store of 40 reports, this test's own copy."""
    path = tmp_path / "herald.duckdb"
    shutil.copyfile(pristine, path)
    return path


@needs_rlimit
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_store_faults_events_out_on_a_full_disk_is_one_line(store_path, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    before = file_state(store_path)
    child = herald_with_file_limit(
        2048, "events", "--db", str(store_path), "--format", fmt, "--out", str(out)
    )
    assert child.returncode == 1
    assert "Traceback" not in child.stderr
    assert child.stderr.startswith(f"Error: cannot write {out}: ")
    assert child.stderr.endswith("; free some space, or pass another --out\n")
    assert child.stderr.count("\n") == 1
    assert file_state(store_path) == before


@needs_rlimit
def test_store_faults_export_on_a_full_disk_is_one_line(store_path, tmp_path):
    out = tmp_path / "dataset"
    before = file_state(store_path)
    child = herald_with_file_limit(2048, "export", "--db", str(store_path), "--out", str(out))
    assert child.returncode == 1
    assert "Traceback" not in child.stderr
    assert child.stderr.startswith(f"Error: cannot write the export to {out}: ")
    assert child.stderr.endswith(
        "; the export is incomplete: free some space, or pass another --out, and export again\n"
    )
    assert child.stderr.count("\n") == 1
    assert not (out / "README.md").exists()
    assert file_state(store_path) == before
    assert run("export", "--db", str(store_path), "--out", str(out)).exit_code == 0
    assert (out / "README.md").exists()


# ---------------------------------------------------------------- locked by another process
@contextmanager
def held(path: Path, *, read_only: bool) -> Iterator[None]:
    """Another process holding the store open (for writing, or read-only as `herald serve`)."""
    code = (
        "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro'); "
        "print('ready', flush=True); sys.stdin.read(); c.close()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(path), "ro" if read_only else "rw"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield
    finally:
        holder.stdin.close()  # the holder closes the store and exits at end of input
        holder.wait(timeout=60)
        holder.stdout.close()


@pytest.mark.parametrize(
    ("holder_read_only", "read_only"),
    [(False, False), (False, True), (True, False)],
    ids=["writer-blocks-writer", "writer-blocks-reader", "server-blocks-ingest"],
)
def test_store_faults_locked_store_names_the_fix(store_path, holder_read_only, read_only):
    before = file_state(store_path)
    with held(store_path, read_only=holder_read_only):
        with pytest.raises(StoreError) as err:
            open_store(store_path, read_only=read_only)
        assert str(err.value) == IN_USE.format(db=store_path)
    assert file_state(store_path) == before
    with open_store(store_path, read_only=True) as store:
        assert store.counts()["documents"] == 40


def test_store_faults_two_readers_share_the_store(store_path):
    with held(store_path, read_only=True), open_store(store_path, read_only=True) as store:
        assert store.counts()["documents"] == 40


def test_store_faults_locked_store_from_the_command_line(store_path, tmp_path):
    article_file = tmp_path / "call.txt"
    article_file.write_text(article(99).text, encoding="utf-8")
    before = file_state(store_path)
    with held(store_path, read_only=False):
        for args in (
            ["events"],
            ["stats"],
            ["export", "--out", str(tmp_path / "dataset")],
            ["ingest", str(article_file), "--no-progress"],
        ):
            result = run(*args, "--db", str(store_path))
            assert result.exit_code == 1, args
            assert result.stderr == f"Error: {IN_USE.format(db=store_path)}\n", args
    assert file_state(store_path) == before


# ---------------------------------------------------------------- damaged store files
def _block_of(path: Path, table: str) -> int:
    """The storage block holding `table`'s first column, and no other table's data."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        blocks = {
            name: {
                row[0]
                for row in con.execute(
                    f"SELECT block_id FROM pragma_storage_info('{name}') WHERE block_id >= 0"
                ).fetchall()
            }
            for name in ("meta", "documents", "events", "mentions")
        }
    finally:
        con.close()
    others = set().union(*(ids for name, ids in blocks.items() if name != table))
    own = sorted(blocks[table] - others)
    if not own:
        pytest.skip(f"{table} shares its storage blocks with other tables in this DuckDB")
    return own[0]


def _overwrite_block(path: Path, table: str) -> None:
    block = _block_of(path, table)
    offset = 3 * 4096 + block * 262144 + 64  # three header blocks, then 256 KiB blocks
    with path.open("r+b") as fh:
        fh.seek(offset)
        fh.write(b"\xde\xad\xbe\xef" * 16)


def _with_damaged_wal(path: Path) -> None:
    with open_store(path) as store:  # leave the last batch in the WAL only
        store.con.execute("PRAGMA disable_checkpoint_on_shutdown")
        store.write(articles(40, 44))
    wal = path.with_name(path.name + ".wal")
    data = bytearray(wal.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 32] = b"\x00\xff" * 16
    wal.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "text-file": lambda p: p.write_text("these are my notes, not a database\n" * 20),
    "empty-file": lambda p: p.write_bytes(b""),
    "header-overwritten": lambda p: p.write_bytes(b"\xff" * 4096 + p.read_bytes()[4096:]),
    "truncated-half": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "truncated-4k": lambda p: p.write_bytes(p.read_bytes()[:4096]),
    "meta-block": lambda p: _overwrite_block(p, "meta"),
    "events-block": lambda p: _overwrite_block(p, "events"),
    "wal-entry": _with_damaged_wal,
}
# damage that DuckDB finds only when the damaged table is read, not when the file is opened
FOUND_ON_READ = {"events-block"}
COMMANDS = ("events", "stats", "export", "ingest")
CLI_CASES = [
    (kind, command)
    for kind in sorted(DAMAGE)
    for command in COMMANDS
    # a store that opens would make ingest load the spaCy model: the library test covers it
    if not (command == "ingest" and kind in FOUND_ON_READ)
]


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_store_faults_damaged_store_library_raises_store_error(store_path, kind):
    path = store_path
    DAMAGE[kind](path)
    before = file_state(path)
    if kind in FOUND_ON_READ:
        with open_store(path, read_only=True) as store:
            with pytest.raises(StoreError) as err:
                list(query_events(store))
            assert str(err.value).startswith(f"cannot read the store {path}: ")
            with pytest.raises(StoreError, match=r"^cannot read the store"):
                store_stats(store)
    else:
        for read_only in (True, False):
            with pytest.raises(StoreError) as err:
                open_store(path, read_only=read_only)
            assert str(err.value).startswith(f"cannot open the store {path}: ")
            assert str(err.value).endswith(f". {FIX_DAMAGED}")
            assert "\n" not in str(err.value)
    assert file_state(path) == before


@pytest.mark.parametrize(("kind", "command"), CLI_CASES)
def test_store_faults_damaged_store_command_line_is_one_line(store_path, kind, command, tmp_path):
    path = store_path
    DAMAGE[kind](path)
    article_file = tmp_path / "call.txt"
    article_file.write_text(article(99).text, encoding="utf-8")
    extra = {
        "export": ["--out", str(tmp_path / "dataset")],
        "ingest": [str(article_file), "--no-progress"],
    }.get(command, [])
    before = file_state(path)
    names = sorted(p.name for p in path.parent.iterdir())
    result = run(command, *extra, "--db", str(path))
    assert result.exit_code == 1
    action = "read" if kind in FOUND_ON_READ else "open"
    assert result.stderr.startswith(f"Error: cannot {action} the store {path}: ")
    assert result.stderr.endswith(f". {FIX_DAMAGED}\n")
    assert result.stderr.count("\n") == 1
    assert file_state(path) == before
    if command != "export":
        assert sorted(p.name for p in path.parent.iterdir()) == names


def test_store_faults_duckdb_file_that_is_not_a_store(tmp_path):
    path = tmp_path / "analysis.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE prices (day DATE, price DOUBLE)")
    con.close()
    before = file_state(path)
    result = run("stats", "--db", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path} is not a herald store (it has no meta table). herald has left the file "
        "as it is; pass the --db of a store made by `herald ingest`\n"
    )
    assert file_state(path) == before
    # the failed open let go of the file: this process can open it again for writing
    duckdb.connect(str(path)).close()


def test_store_faults_export_of_a_damaged_store_keeps_the_file(store_path, tmp_path):
    _overwrite_block(store_path, "events")
    before = file_state(store_path)
    with (
        open_store(store_path, read_only=True) as store,
        pytest.raises(StoreError, match=r"^cannot read the store"),
    ):
        export_dataset(store, tmp_path / "dataset")
    assert file_state(store_path) == before


# ---------------------------------------------------------------- through the coder (slow)
TEXTS = [
    "Turkish Foreign Minister Hakan Fidan met Iranian Foreign Minister Hossein "
    "Amir-Abdollahian in Ankara on Monday to discuss trade and border security.",
    "Iran accused Israel on Tuesday of attacking a convoy near the Syrian border.",
    "The United Nations called on both sides to agree to a ceasefire in Gaza.",
]


@pytest.mark.slow
@needs_rlimit
def test_store_faults_ingest_on_a_full_disk_then_rerun(tmp_path):
    inputs = tmp_path / "articles.jsonl"
    inputs.write_text(
        "".join(
            json.dumps({"id": f"mine-{i}", "text": text, "pub_date": "2024-03-04"}) + "\n"
            for i, text in enumerate(TEXTS)
        ),
        encoding="utf-8",
    )
    path = tmp_path / "herald.duckdb"
    with open_store(path) as store:  # a store that already holds earlier work
        store.write(articles(0, 8))
    kept = snapshot(path)
    child = herald_with_file_limit(
        1024, "ingest", str(inputs), "--db", str(path), "--no-progress", warm=True
    )
    assert child.returncode == 1
    assert "Traceback" not in child.stderr
    last = child.stderr.splitlines()[-1]
    assert last.startswith(f"Error: cannot write to the store {path}: ")
    assert last.endswith(f"File too large. {FIX_WRITE}")
    assert snapshot(path) == kept
    again = run("ingest", str(inputs), "--db", str(path), "--no-progress")
    assert again.exit_code == 0
    assert "stored 3 document(s)" in again.stderr
    assert assert_whole_documents(path) == 8 + 3
    documents = snapshot(path)["documents"]
    assert [row for row in documents if not row[0].startswith("mine-")] == kept["documents"]
