"""The event store: idempotent ingest, crash safety, cross-document merge, queries, export."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from herald.compat import cameo_root, compat_for, goldstein, goldstein_table, quad_class
from herald.errors import StoreError
from herald.schema import Actor, Document, Event, Location, Skipped
from herald.store import IngestReport, Store, ingest, open_store, stable_id
from herald.store.export import (
    DOCUMENT_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    SKIPPED_COLUMNS,
    export_dataset,
)
from herald.store.query import EventFilter, query_events, store_stats

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- hand-built documents
def state(code: str | None, sector: str | None = "GOV") -> Actor:
    return Actor(text=code or "someone", code=code, sector=sector, name=code, kind="state")


def person(code: str, name: str) -> Actor:
    return Actor(text=name, code=code, sector="GOV", name=name, role="minister", kind="person")


def make_event(
    doc_id: str,
    *,
    event_type: str = "CONSULT",
    source: tuple[Actor, ...] = (),
    target: tuple[Actor, ...] = (),
    date: str | None = "2023-11-26",
    mode: str | None = "phone",
    start: int = 0,
    negated: bool = False,
    confidence: float = 0.7,
    location: Location | None = None,
    contexts: tuple[str, ...] = (),
    precision: str = "day",
) -> Event:
    source = source or (state("TUR"), state("IRN"))
    return Event(
        doc_id=doc_id,
        event_type=event_type,
        source=source,
        target=target,
        sentence=f"sentence {start} of {doc_id}",
        span=(start, start + 20),
        mode=mode,
        cameo="041" if mode == "phone" else None,
        date=date,
        date_precision=precision if date else None,
        location=location,
        contexts=contexts,
        negated=negated,
        confidence=confidence,
        trigger="talked",
    )


def make_doc(
    doc_id: str,
    events: list[Event] | None = None,
    *,
    text: str | None = None,
    url: str | None = None,
    source: str | None = None,
) -> Document:
    body = text if text is not None else f"The full text of {doc_id}."
    doc = Document(
        doc_id=doc_id,
        raw=body,
        text=body,
        url=url,
        source=source,
        lang="en",
        pub_date="2023-11-26",
        title=f"Title {doc_id}",
    )
    doc.events = list(events or [])
    return doc


def phone_call(doc_id: str, date: str = "2023-11-26", **changes) -> Document:
    return make_doc(doc_id, [make_event(doc_id, date=date, **changes)])


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "herald.duckdb") as opened:
        yield opened


def table_rows(store: Store, table: str, skip: tuple[str, ...] = ()) -> list[tuple]:
    names = [r[0] for r in store.con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in skip]
    return sorted(store.con.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall(), key=repr)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every table of a store, less the wall-clock columns."""
    with open_store(path, read_only=True) as opened:
        return {
            "documents": table_rows(opened, "documents", ("ingested_at",)),
            "events": table_rows(opened, "events", ("first_seen",)),
            "mentions": table_rows(opened, "mentions"),
            "skipped": table_rows(opened, "skipped", ("skipped_at",)),
        }


# ---------------------------------------------------------------- idempotence
def test_store_ingest_twice_stores_once(store):
    docs = [phone_call("a"), phone_call("b", date="2023-11-27"), make_doc("c")]
    first = store.write(docs)
    counts = store.counts()
    second = store.write([phone_call("a"), phone_call("b", date="2023-11-27"), make_doc("c")])
    assert (first.documents, second.documents, second.duplicates) == (3, 0, 3)
    assert store.counts() == counts == {"documents": 3, "skipped": 0, "events": 1, "mentions": 2}


@pytest.mark.parametrize(
    "twin",
    [
        make_doc("same-id", text="Another text entirely."),
        make_doc("other-id", text="The full text of same-id."),
        make_doc("third-id", text="A third text.", url="https://example.org/a"),
    ],
    ids=["same id", "same text", "same url"],
)
def test_store_duplicate_by_id_text_or_url_is_stored_once(store, twin):
    store.write([make_doc("same-id", url="https://example.org/a")])
    report = store.write([twin])
    assert (report.documents, report.duplicates) == (0, 1)
    assert store.counts()["documents"] == 1


def test_store_duplicate_within_one_batch(store):
    report = store.write([make_doc("x", text="Same words."), make_doc("y", text="Same words.")])
    assert (report.documents, report.duplicates) == (1, 1)


def test_store_skipped_recorded_once_with_reason(store):
    item = Skipped("articles/fr.txt", "not English (detected 'fr' with probability 0.99)")
    store.write([item, item])
    store.write([item])
    rows = store.con.execute("SELECT source, reason FROM skipped").fetchall()
    assert rows == [("articles/fr.txt", item.reason)]


def test_store_unseen_drops_stored_ids(store):
    store.write([make_doc("old")])
    report = IngestReport()
    items = [make_doc("old"), make_doc("new"), Skipped("bad.txt", "empty file")]
    kept = list(store.unseen(items, report))
    assert [getattr(i, "doc_id", None) or i.source for i in kept] == ["new", "bad.txt"]
    assert report.known == 1


def test_stable_id_names_stdin_documents_by_content():
    one = stable_id(Document(doc_id="<stdin>", raw="Some article."))
    two = stable_id(Document(doc_id="<stdin>", raw="Another article."))
    assert one.doc_id.startswith("stdin:") and one.doc_id != two.doc_id
    assert stable_id(Document(doc_id="<stdin>", raw="Some article.")).doc_id == one.doc_id
    assert stable_id(Document(doc_id="a.txt", raw="x")).doc_id == "a.txt"


# ---------------------------------------------------------------- cross-document merge
def test_store_merges_two_reports_of_one_event(store):
    symmetric = phone_call("outlet-a", date="2023-11-26")
    directed = phone_call(
        "outlet-b", date="2023-11-27", source=(state("TUR"),), target=(state("IRN"),)
    )
    report = store.write([symmetric, directed])
    assert (report.new_events, report.merged) == (1, 1)
    (event,) = list(query_events(store))
    assert event["mentions"] == 2
    assert event["sources"] == ["outlet-a", "outlet-b"]
    assert event["event_id"] == symmetric.events[0].event_id  # the id of its first mention
    assert event["date"] == "2023-11-26"


@pytest.mark.parametrize(
    "other",
    [
        {"date": "2023-11-28"},
        {"date": None},
        {"mode": "visit"},
        {"event_type": "ACCUSE", "mode": None},
        {"negated": True},
        {"source": (state("TUR"), state("IRN"), state("ISR"))},
        {"source": (state("TUR"),), "target": (state("IRN"),), "_first_directed": True},
        {"date": "2023-11", "precision": "month"},
    ],
    ids=[
        "two days apart",
        "no date",
        "other mode",
        "other type",
        "negated",
        "other parties",
        "opposite direction",
        "coarser date",
    ],
)
def test_store_keeps_different_events_apart(store, other):
    other = dict(other)
    if other.pop("_first_directed", False):
        first = phone_call("a", source=(state("IRN"),), target=(state("TUR"),))
    else:
        first = phone_call("a")
    if other.get("date") == "2023-11":
        other["date"] = "2023-11-01"
    store.write([first, phone_call("b", **other)])
    assert store.counts()["events"] == 2


def test_store_people_must_not_contradict(store):
    fidan = phone_call("a", source=(person("TUR", "Hakan Fidan"), state("IRN")))
    erdogan = phone_call("b", source=(person("TUR", "Recep Tayyip Erdoğan"), state("IRN")))
    unnamed = phone_call("c", source=(state("TUR"), state("IRN")))
    store.write([fidan, erdogan, unnamed])
    rows = store.con.execute("SELECT mentions FROM events ORDER BY seq").fetchall()
    assert rows == [(2,), (1,)]  # the unnamed report joins the first event


def test_store_places_in_two_countries_are_two_events(store):
    ankara, tehran = Location("Ankara", "TUR"), Location("Tehran", "IRN")
    store.write(
        [
            phone_call("a", location=ankara),
            phone_call("b", location=tehran),
            phone_call("c", location=Location("Presidential Complex", "TUR")),
        ]
    )
    rows = store.con.execute("SELECT mentions FROM events ORDER BY seq").fetchall()
    assert rows == [(2,), (1,)]


def test_store_no_merge_without_any_code(store):
    crowd = (state(None, "CVL"),)
    store.write(
        [
            phone_call("a", event_type="PROTEST", mode=None, source=crowd),
            phone_call("b", event_type="PROTEST", mode=None, source=crowd),
        ]
    )
    assert store.counts()["events"] == 2


def test_store_event_fills_mode_place_and_contexts_from_later_mentions(store):
    ankara = Location("Ankara", "TUR", 39.92, 32.85)
    store.write(
        [
            phone_call("a", mode=None, contexts=("ceasefire",), confidence=0.6),
            phone_call("b", location=ankara, contexts=("humanitarian",), confidence=0.8),
        ]
    )
    (event,) = list(query_events(store))
    assert event["mode"] == "phone" and event["cameo"] == "041"
    assert event["location"]["name"] == "Ankara"
    assert event["contexts"] == ["ceasefire", "humanitarian"]
    assert event["confidence"] == pytest.approx(0.85)


def test_store_counts_agree_with_mentions_table(store):
    docs = [phone_call(f"d{i}", date=f"2023-11-{20 + i % 3}") for i in range(12)]
    docs.append(make_doc("two", [make_event("two"), make_event("two", start=50)]))
    store.write(docs, batch_docs=5)
    bad = store.con.execute(
        "SELECT count(*) FROM events e WHERE mentions != (SELECT count(*) FROM mentions m "
        "WHERE m.event_id = e.event_id) OR n_sources != (SELECT count(DISTINCT doc_id) "
        "FROM mentions m WHERE m.event_id = e.event_id)"
    ).fetchone()[0]
    assert bad == 0
    assert store.counts()["mentions"] == 14


def test_store_merge_groups_do_not_depend_on_arrival_order(tmp_path):
    docs = [phone_call(f"d{i}", date=f"2023-11-{10 + (i % 4) * 3}") for i in range(8)]
    groups = []
    for name, order in (("forward", docs), ("backward", docs[::-1])):
        with open_store(tmp_path / f"{name}.duckdb") as opened:
            opened.write(order)
            rows = opened.con.execute(
                "SELECT list(doc_id ORDER BY doc_id) FROM mentions GROUP BY event_id"
            ).fetchall()
            groups.append(sorted(tuple(r[0]) for r in rows))
    assert groups[0] == groups[1]


# ---------------------------------------------------------------- crash safety
def _interrupting(items, after: int):
    for number, item in enumerate(items):
        if number == after:
            raise KeyboardInterrupt
        yield item


def _docs(count: int) -> list[Document]:
    out = []
    for i in range(count):
        out.append(phone_call(f"doc-{i}", date=f"2023-11-{1 + i % 20:02d}"))
        if i % 7 == 3:
            out.append(Skipped(f"bad-{i}.txt", "empty file"))
    return out


def test_store_interrupted_write_keeps_whole_documents_and_resumes(tmp_path):
    with open_store(tmp_path / "whole.duckdb") as opened:
        opened.write(_docs(40), batch_docs=8)
    with open_store(tmp_path / "cut.duckdb") as opened:
        report = IngestReport()
        with pytest.raises(KeyboardInterrupt):
            opened.write(_interrupting(_docs(40), 19), report, batch_docs=8)
        assert report.interrupted
        assert opened.counts()["documents"] + opened.counts()["skipped"] == 19
    with open_store(tmp_path / "cut.duckdb") as opened:
        fresh = opened.unseen(_docs(40), IngestReport())
        opened.write(fresh, batch_docs=8)
    assert snapshot(tmp_path / "cut.duckdb") == snapshot(tmp_path / "whole.duckdb")


def test_store_failure_inside_a_batch_writes_nothing_of_it(tmp_path, monkeypatch):
    path = tmp_path / "fail.duckdb"
    with open_store(path) as opened:
        opened.write(_docs(10), batch_docs=4)
        before = opened.counts()
        original = Store._stage
        calls = {"n": 0}

        def failing(self, doc, pending):
            calls["n"] += 1
            if calls["n"] == 3:
                raise RuntimeError("disk on fire")
            return original(self, doc, pending)

        monkeypatch.setattr(Store, "_stage", failing)
        with pytest.raises(RuntimeError):
            opened.write([phone_call(f"new-{i}") for i in range(4)], batch_docs=4)
        assert opened.counts() == before
        monkeypatch.setattr(Store, "_stage", original)
        opened.write([phone_call(f"new-{i}") for i in range(4)], batch_docs=4)
        assert opened.counts()["documents"] == before["documents"] + 4


# ---------------------------------------------------------------- opening
def test_store_in_use_by_another_process(tmp_path):
    path = tmp_path / "busy.duckdb"
    open_store(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(60)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as err:
            open_store(path)
        assert str(err.value) == (
            f"the store {path} is in use by another process (an ingest still running?); "
            "wait for it to finish, or pass another --db"
        )
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_store_read_only_needs_an_existing_store(tmp_path):
    path = tmp_path / "none.duckdb"
    with pytest.raises(StoreError) as err:
        open_store(path, read_only=True)
    assert (
        str(err.value)
        == f"there is no store at {path}; create one with `herald ingest INPUT... --db {path}`"
    )
    assert not path.exists()


def test_store_postgres_error_hides_the_password():
    with pytest.raises(StoreError) as err:
        open_store("postgresql://herald:s3cret@127.0.0.1:1/events")
    assert "s3cret" not in str(err.value)
    assert "postgresql://herald:***@127.0.0.1:1/events" in str(err.value)


# ---------------------------------------------------------------- queries
def two_outlets() -> list[Document]:
    """Two outlets' articles: a phone call reported by both (one in Ankara), one accusation."""
    ankara = Location("Ankara", "TUR", 39.92, 32.85)
    return [
        make_doc(
            "aa-1",
            [
                make_event("aa-1"),
                make_event(
                    "aa-1",
                    event_type="ACCUSE",
                    mode=None,
                    source=(state("TUR"),),
                    target=(state("ISR"),),
                    start=40,
                ),
            ],
            source="aa",
        ),
        make_doc(
            "sabah-7",
            [make_event("sabah-7", date="2023-11-27", location=ankara)],
            url="https://www.dailysabah.com/politics/7",
        ),
    ]


@pytest.fixture
def filled(store):
    store.write(
        [
            *two_outlets(),
            make_doc(
                "irna-3",
                [
                    make_event(
                        "irna-3",
                        event_type="ASSAULT",
                        mode=None,
                        date="2023-12-05",
                        source=(state("ISR"),),
                        target=(state("PSE"),),
                    )
                ],
                source="IRNA",
            ),
        ]
    )
    return store


def _ids(store, **filters) -> list[str]:
    return [(e["event_type"], e["mentions"]) for e in query_events(store, EventFilter(**filters))]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [("CONSULT", 2), ("ACCUSE", 1), ("ASSAULT", 1)]),
        ({"actor": "isr"}, [("ACCUSE", 1), ("ASSAULT", 1)]),
        ({"dyad": "IRN-TUR"}, [("CONSULT", 2)]),
        ({"dyad": "ISR-TUR"}, [("ACCUSE", 1)]),
        ({"dyad": "TUR>ISR"}, [("ACCUSE", 1)]),
        ({"dyad": "ISR>TUR"}, []),
        ({"event_types": ("ASSAULT", "ACCUSE")}, [("ACCUSE", 1), ("ASSAULT", 1)]),
        ({"since": "2023-12-01"}, [("ASSAULT", 1)]),
        ({"until": "2023-11-26"}, [("CONSULT", 2), ("ACCUSE", 1)]),
        ({"source": "dailysabah.com"}, [("CONSULT", 2)]),
        ({"source": "irna"}, [("ASSAULT", 1)]),
        ({"min_mentions": 2}, [("CONSULT", 2)]),
        ({"limit": 1}, [("CONSULT", 2)]),
    ],
)
def test_store_query_filters(filled, filters, expected):
    assert _ids(filled, **filters) == expected


def test_store_query_event_schema_is_code_schema_plus_mentions_and_sources(filled):
    event = next(query_events(filled))
    expected = [*make_event("x").to_dict(), "mentions", "sources"]
    assert list(event) == expected
    assert event["sources"] == ["aa-1", "sabah-7"]
    assert event["location"] == {"name": "Ankara", "country": "TUR", "lat": 39.92, "lon": 32.85}
    json.dumps(event)  # plain JSON types only


@pytest.mark.parametrize(
    ("flt", "message"),
    [
        (
            EventFilter(dyad="IRN"),
            "dyad 'IRN' is not two codes; use A-B (either direction, e.g. "
            "IRN-TUR) or A>B (A acting on B, e.g. TUR>IRN)",
        ),
        (
            EventFilter(event_types=("MEET",)),
            "unknown event type 'MEET'; choose from AGREE, CONSULT, SUPPORT, CONCEDE, "
            "COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, "
            "MOBILIZE, COERCE, ASSAULT",
        ),
        (
            EventFilter(since="26/11/2023"),
            "'26/11/2023' is not a date; use YYYY-MM-DD, e.g. 2023-11-26",
        ),
    ],
)
def test_store_query_bad_filter_messages(filled, flt, message):
    with pytest.raises(StoreError) as err:
        list(query_events(filled, flt))
    assert str(err.value) == message


def test_store_stats_counts_by_type_dyad_and_month(filled):
    stats = store_stats(filled)
    assert stats["totals"] == {
        "documents": 3,
        "skipped": 0,
        "events": 3,
        "mentions": 4,
        "multi_source_events": 1,
    }
    assert {"event_type": "CONSULT", "events": 1, "mentions": 2} in stats["by_type"]
    assert {"dyad": "IRN-TUR", "events": 1} in stats["by_dyad"]
    assert stats["by_month"] == [
        {"month": "2023-11", "events": 2},
        {"month": "2023-12", "events": 1},
    ]


def test_store_export_writes_documented_parquet_and_csv(filled, tmp_path):
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    out = tmp_path / "dataset"
    counts = export_dataset(filled, out)
    assert counts == {"events": 3, "mentions": 4, "documents": 3, "skipped": 0}
    for name, columns in (
        ("events", EVENT_COLUMNS),
        ("mentions", MENTION_COLUMNS),
        ("documents", DOCUMENT_COLUMNS),
        ("skipped", SKIPPED_COLUMNS),
    ):
        names = [c[0] for c in columns]
        assert pq.read_table(out / f"{name}.parquet").column_names == names
        assert pacsv.read_csv(out / f"{name}.csv").column_names == names
    events = pq.read_table(out / "events.parquet").to_pylist()
    consult = events[0]
    assert (consult["EventCode"], consult["EventRootCode"], consult["QuadClass"]) == (
        "041",
        "04",
        1,
    )
    assert consult["GoldsteinScale"] == 1.0 and consult["NumSources"] == 2
    assert consult["SQLDATE"] == 20231126 and consult["sources"] == "aa-1;sabah-7"
    assert events[2]["EventCode"] == "18" and events[2]["QuadClass"] == 4  # from the PLOVER type
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name, _, _ in EVENT_COLUMNS + MENTION_COLUMNS)


def test_store_docs_describe_every_exported_column():
    docs = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    columns = EVENT_COLUMNS + MENTION_COLUMNS + DOCUMENT_COLUMNS + SKIPPED_COLUMNS
    missing = [name for name, _, _ in columns if f"`{name}`" not in docs]
    assert missing == []


# ---------------------------------------------------------------- compatibility columns
@pytest.mark.parametrize(
    ("cameo", "root", "quad", "score"),
    [
        ("041", "04", 1, 1.0),
        ("0234", "02", 1, 3.4),
        ("0874", "08", 2, 10.0),
        ("112", "11", 3, -2.0),
        ("1823", "18", 4, -10.0),
        ("19", "19", 4, -10.0),
        ("0469", "04", 1, 7.0),
        (None, None, None, None),
        ("X1", None, None, None),
    ],
)
def test_compat_cameo_quad_class_and_goldstein(cameo, root, quad, score):
    assert (cameo_root(cameo), quad_class(cameo), goldstein(cameo)) == (root, quad, score)


def test_compat_table_covers_every_root_and_falls_back_to_the_plover_type():
    table = goldstein_table()
    assert all(f"{n:02d}" in table for n in range(1, 21))
    assert all(-10.0 <= v <= 10.0 for v in table.values())
    assert compat_for(None, "SANCTION").to_dict() == {
        "cameo_code": "16",
        "cameo_root": "16",
        "quad_class": 4,
        "goldstein": -4.0,
    }


# ---------------------------------------------------------------- with the coder (slow)
PHONE_CALL_A = (
    "Erdogan and Raisi discuss Gaza by phone\n\nNovember 26, 2023\n\n"
    "Turkish President Recep Tayyip Erdogan and Iranian President Ebrahim Raisi discussed the war "
    "in Gaza in a phone call on Sunday, according to the Turkish presidency.\n\n"
    "The two leaders also talked about humanitarian aid for Palestinians and a lasting ceasefire.\n"
)
PHONE_CALL_B = (
    "Raisi, Erdogan talk over the phone about Gaza truce\n\nTEHRAN, November 26, 2023\n\n"
    "Iranian President Ebrahim Raisi held a telephone conversation with Turkish President Recep "
    "Tayyip Erdogan on Sunday about the temporary truce in Gaza.\n\n"
    "Raisi said the Islamic countries should act together to stop the killing of civilians.\n"
)
FRENCH = """Le président turc s'est entretenu dimanche au téléphone avec son homologue iranien.
Les deux dirigeants ont discuté de la situation à Gaza et de l'aide humanitaire aux Palestiniens.
"""


@pytest.mark.slow
def test_store_two_outlets_one_event_with_both_sources(pipeline, tmp_path):
    for name, text in (
        ("outlet_a.txt", PHONE_CALL_A),
        ("outlet_b.txt", PHONE_CALL_B),
        ("fr.txt", FRENCH),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
    inputs = [str(tmp_path / n) for n in ("outlet_a.txt", "outlet_b.txt", "fr.txt")]
    with open_store(tmp_path / "s.duckdb") as opened:
        first = ingest(inputs, opened, pipeline=pipeline)
        counts = opened.counts()
        again = ingest(inputs, opened, pipeline=pipeline)
        assert opened.counts() == counts
        calls = list(query_events(opened, EventFilter(dyad="IRN-TUR", event_types=("CONSULT",))))
        skipped = opened.con.execute("SELECT source, reason FROM skipped").fetchall()
    assert (first.documents, first.skipped, again.documents, again.known) == (2, 1, 0, 2)
    phone = [e for e in calls if e["mode"] == "phone"]
    assert len(phone) == 1, calls
    assert phone[0]["mentions"] >= 2
    assert set(phone[0]["sources"]) == set(inputs[:2])
    assert skipped[0][0] == inputs[2] and skipped[0][1].startswith("not English (detected 'fr'")


# ---------------------------------------------------------------- SIGKILL and resume (slow)
PEOPLE = [
    ("Turkish President Recep Tayyip Erdogan", "TUR"),
    ("Egyptian President Abdel Fattah al-Sisi", "EGY"),
    ("Russian President Vladimir Putin", "RUS"),
    ("French President Emmanuel Macron", "FRA"),
    ("German Chancellor Olaf Scholz", "DEU"),
    ("Japanese Prime Minister Fumio Kishida", "JPN"),
]
TEMPLATES = [
    "{a} met {b} in {city} on Monday to discuss trade.",
    "{a} held a phone call with {b} on Tuesday.",
    "{a} condemned {b} over its military operations.",
    "{a} signed a cooperation agreement with {b}.",
]
NOT_ENGLISH = [
    "Le président a rencontré son homologue à Paris pour discuter de la sécurité régionale.",
    "El presidente se reunió con su homólogo en Madrid para hablar del comercio bilateral.",
]


def synthetic_articles(count: int, seed: int = 7) -> list[dict]:
    """Short jsonl articles: repeated events across outlets, some non-English, some copies."""
    rng = random.Random(seed)
    out: list[dict] = []
    for i in range(count):
        if i % 50 == 49:
            out.append({"id": f"doc-{i}", "text": NOT_ENGLISH[i % 2], "pub_date": "2024-03-01"})
        elif i % 40 == 39:
            out.append({**out[i - 7], "id": f"doc-{i}"})
        else:
            (a, _), (b, _) = rng.sample(PEOPLE, 2)
            body = rng.choice(TEMPLATES).format(
                a=a, b=b, city=rng.choice(["Cairo", "Paris", "Tokyo"])
            )
            out.append(
                {
                    "id": f"doc-{i}",
                    "text": f"{body} Report {i}.",
                    "pub_date": f"2024-03-{rng.randint(1, 12):02d}",
                    "source": rng.choice(["wire-a", "wire-b"]),
                }
            )
    return out


def _ingest_cmd(inputs: Path, db: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "herald.cli",
        "ingest",
        str(inputs),
        "--db",
        str(db),
        "--workers",
        "1",
        "--no-progress",
    ]


def _documents(db: Path) -> int:
    if not db.exists():
        return 0
    with open_store(db, read_only=True) as opened:
        return opened.counts()["documents"]


@pytest.mark.slow
def test_store_sigkill_then_rerun_equals_uninterrupted_run(tmp_path):
    articles = tmp_path / "articles.jsonl"
    with articles.open("w", encoding="utf-8") as fh:
        for record in synthetic_articles(1000):
            fh.write(json.dumps(record) + "\n")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    whole = tmp_path / "whole.duckdb"
    subprocess.run(_ingest_cmd(articles, whole), check=True, env=env, capture_output=True)
    expected = snapshot(whole)
    assert len(expected["documents"]) > 900 and expected["skipped"]

    # Kill right after a commit the run has reported: a skipped article's line is printed
    # once its batch is committed, so progress is observed instead of guessed from timing.
    rng = random.Random(2024)
    cut = tmp_path / "cut.duckdb"
    partial = []
    reported: set[str] = set()
    for _ in range(3):  # kill at a random commit, three times in a row, then finish
        proc = subprocess.Popen(
            _ingest_cmd(articles, cut),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wanted = rng.randint(1, 4)
        fresh = 0
        assert proc.stderr is not None
        for line in proc.stderr:
            if "not English" in line and line not in reported:
                reported.add(line)
                fresh += 1
                if fresh >= wanted:
                    break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
        partial.append(_documents(cut))
    subprocess.run(_ingest_cmd(articles, cut), check=True, env=env, capture_output=True)
    assert any(0 < n < len(expected["documents"]) for n in partial), partial
    got = snapshot(cut)
    differ = {k: (len(expected[k]), len(got[k])) for k in expected if got[k] != expected[k]}
    assert differ == {}, f"tables differ (uninterrupted rows, resumed rows): {differ}"
