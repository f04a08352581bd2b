"""`herald serve`: every API endpoint, its errors, and the dashboard's files, over a real server.

The store is built from short articles written here (events placed on their
sentences by hand), served by uvicorn on a free port of 127.0.0.1 in a thread,
and read with httpx.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import uvicorn
from click.testing import CliRunner

from herald.cli.web import serve_command
from herald.schema import Actor, Document, Event, Location
from herald.store import open_store
from herald.store.query import EventFilter, query_events
from herald.web import create_app
from herald.web.app import STATIC_DIR

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------- a server on a free port
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(db: str | Path) -> Iterator[str]:
    """Serve the store at `db` on 127.0.0.1 in a thread; yields the base URL."""
    app = create_app(db)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_level="warning", ws="none", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


# ---------------------------------------------------------------- hand-written articles
def person(code: str, name: str, text: str, role: str = "head of state") -> Actor:
    return Actor(text=text, code=code, sector="GOV", name=name, role=role, kind="person")


def state(code: str, text: str, sector: str = "GOV") -> Actor:
    return Actor(text=text, code=code, sector=sector, name=text, kind="state")


ERDOGAN = person("TUR", "Recep Tayyip Erdoğan", "Turkish President Recep Tayyip Erdogan")
RAISI = person("IRN", "Ebrahim Raisi", "Iranian President Ebrahim Raisi")

TEXT_AA = (
    "Erdogan and Raisi discuss Gaza by phone\n\n"
    "Turkish President Recep Tayyip Erdogan and Iranian President Ebrahim Raisi spoke by phone "
    "on Sunday about Gaza. Erdogan accused Israel of war crimes in Gaza. The two leaders agreed "
    "to hold a high-level cooperation council in Ankara."
)
TEXT_SABAH = (
    "Erdogan, Raisi talk Gaza\n\n"
    "President Erdogan held a phone call with Iranian President Raisi on Sunday, his office "
    "said. Iran's foreign minister visited Ankara in January and met Hakan Fidan."
)
TEXT_IRNA = (
    "Tehran rejects Ankara's claims\n\n"
    "Iran rejected Turkish accusations on Friday. "
    "Iran threatened to recall its ambassador from Ankara."
)
TEXT_WIRE = "Israeli forces struck Gaza City on Monday. The United Nations called for a ceasefire."

DOC_AA = "feeds/aa/2023-11-26 phone.txt"  # slashes and a space
DOC_ODD = "irna odd?id#1&x=%2F"  # characters that must be escaped in a URL path


def on(text: str, doc_id: str, sentence: str, **fields) -> Event:
    """An event coded on `sentence`, which must occur in `text`."""
    start = text.index(sentence)
    trigger = fields.pop("trigger")
    trigger_start = text.index(trigger, start)
    return Event(
        doc_id=doc_id,
        sentence=sentence,
        span=(start, start + len(sentence)),
        trigger=trigger,
        trigger_span=(trigger_start, trigger_start + len(trigger)),
        confidence=fields.pop("confidence", 0.8),
        date_precision="day" if fields.get("date") else None,
        **fields,
    )


def article(doc_id: str, text: str, events: list[Event], **meta) -> Document:
    doc = Document(doc_id=doc_id, raw=text, text=text, lang="en", **meta)
    doc.events = events
    return doc


def articles() -> list[Document]:
    aa_call = (
        "Turkish President Recep Tayyip Erdogan and Iranian President Ebrahim Raisi spoke by "
        "phone on Sunday about Gaza."
    )
    sabah_call = "President Erdogan held a phone call with Iranian President Raisi on Sunday, his office said."
    return [
        article(
            DOC_AA,
            TEXT_AA,
            [
                on(TEXT_AA, DOC_AA, aa_call, event_type="CONSULT", mode="phone", cameo="041",
                   source=(ERDOGAN, RAISI), target=(), date="2023-11-26", trigger="spoke by phone",
                   contexts=("humanitarian",)),
                on(TEXT_AA, DOC_AA, "Erdogan accused Israel of war crimes in Gaza.",
                   event_type="ACCUSE", cameo="112", source=(ERDOGAN,),
                   target=(state("ISR", "Israel"),), date="2023-11-26", trigger="accused"),
                on(TEXT_AA, DOC_AA, "The two leaders agreed to hold a high-level cooperation council in Ankara.",
                   event_type="AGREE", source=(ERDOGAN, RAISI), target=(), date="2023-11-26",
                   trigger="agreed", location=Location("Ankara", "TUR", 39.92, 32.85)),
            ],
            url="https://www.aa.com.tr/en/politics/erdogan-raisi/1",
            source="Anadolu",
            title="Erdogan and Raisi discuss Gaza by phone",
            pub_date="2023-11-26",
        ),
        article(
            "sabah-7",
            TEXT_SABAH,
            [
                on(TEXT_SABAH, "sabah-7", sabah_call, event_type="CONSULT", mode="phone",
                   cameo="041", source=(person("TUR", "Recep Tayyip Erdoğan", "President Erdogan"),
                                        person("IRN", "Ebrahim Raisi", "Iranian President Raisi")),
                   target=(), date="2023-11-26", trigger="phone call"),
                on(TEXT_SABAH, "sabah-7",
                   "Iran's foreign minister visited Ankara in January and met Hakan Fidan.",
                   event_type="CONSULT", mode="visit", cameo="042",
                   source=(person("IRN", "Hossein Amir-Abdollahian", "Iran's foreign minister",
                                  "foreign minister"),),
                   target=(person("TUR", "Hakan Fidan", "Hakan Fidan", "foreign minister"),),
                   date="2024-01-10", trigger="visited"),
            ],
            url="https://www.dailysabah.com/politics/7",
            source="Daily Sabah",
            title="Erdogan, Raisi talk Gaza",
            pub_date="2023-11-27",
        ),
        article(
            DOC_ODD,
            TEXT_IRNA,
            [
                on(TEXT_IRNA, DOC_ODD, "Iran rejected Turkish accusations on Friday.",
                   event_type="REJECT", cameo="120", source=(state("IRN", "Iran"),),
                   target=(state("TUR", "Turkish"),), date="2024-01-12", trigger="rejected"),
                on(TEXT_IRNA, DOC_ODD, "Iran threatened to recall its ambassador from Ankara.",
                   event_type="THREATEN", cameo="130", source=(state("IRN", "Iran"),),
                   target=(state("TUR", "Ankara"),), date=None, trigger="threatened"),
            ],
            source="IRNA",
            title="Tehran rejects Ankara's claims",
        ),
        article(
            "wire/isr-pse-1",
            TEXT_WIRE,
            [
                on(TEXT_WIRE, "wire/isr-pse-1", "Israeli forces struck Gaza City on Monday.",
                   event_type="ASSAULT", mode="aerial", cameo="195",
                   source=(state("ISR", "Israeli forces", "MIL"),),
                   target=(state("PSE", "Gaza City", "CVL"),), date="2023-10-09",
                   trigger="struck"),
                on(TEXT_WIRE, "wire/isr-pse-1", "The United Nations called for a ceasefire.",
                   event_type="REQUEST", cameo="020", source=(state("UN", "The United Nations", "IGO"),),
                   target=(), date="2023-10-09", trigger="called for"),
            ],
            source="Wire",
            title=None,
            pub_date="2023-10-09",
        ),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("web") / "events.duckdb"
    with open_store(path) as store:
        store.write(articles())
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[httpx.Client]:
    with running_server(db) as base_url, httpx.Client(base_url=base_url, timeout=20) as http:
        yield http


def get(client: httpx.Client, url: str, **params) -> dict:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def event_key(event: dict) -> tuple:
    return (
        event["date"],
        event["event_type"],
        tuple(a["code"] for a in event["source"]),
        tuple(a["code"] for a in event["target"]),
    )


# ---------------------------------------------------------------- summary and events
def test_api_summary(client):
    data = get(client, "/api/summary")
    assert data["totals"] == {"documents": 4, "skipped": 0, "events": 8, "mentions": 9}
    assert (data["first_date"], data["last_date"], data["undated_events"]) == (
        "2023-10-09",
        "2024-01-12",
        1,
    )
    by_type = {t["event_type"]: t["events"] for t in data["event_types"]}
    assert len(by_type) == 16
    assert by_type["CONSULT"] == 2 and by_type["COERCE"] == 0
    assert data["quad_classes"]["4"] == "Material Conflict"


def test_api_events_lists_stored_events_oldest_first(client):
    data = get(client, "/api/events")
    assert (data["total"], data["limit"], data["offset"], data["next_offset"]) == (8, 50, 0, None)
    assert [event_key(e) for e in data["events"]] == [
        ("2023-10-09", "ASSAULT", ("ISR",), ("PSE",)),
        ("2023-10-09", "REQUEST", ("UN",), ()),
        ("2023-11-26", "CONSULT", ("TUR", "IRN"), ()),
        ("2023-11-26", "ACCUSE", ("TUR",), ("ISR",)),
        ("2023-11-26", "AGREE", ("TUR", "IRN"), ()),
        ("2024-01-10", "CONSULT", ("IRN",), ("TUR",)),
        ("2024-01-12", "REJECT", ("IRN",), ("TUR",)),
        (None, "THREATEN", ("IRN",), ("TUR",)),
    ]
    call = data["events"][2]
    assert (call["mentions"], call["sources"]) == (2, [DOC_AA, "sabah-7"])
    assert (call["quad_class"], call["goldstein"], call["dyads"]) == (1, 1.0, ["IRN-TUR"])
    newest = get(client, "/api/events", order="desc", limit=1)["events"][0]
    assert event_key(newest) == ("2024-01-12", "REJECT", ("IRN",), ("TUR",))


def test_api_events_pages(client):
    first = get(client, "/api/events", limit=3)
    second = get(client, "/api/events", limit=3, offset=first["next_offset"])
    last = get(client, "/api/events", limit=3, offset=6)
    assert (first["next_offset"], second["next_offset"], last["next_offset"]) == (3, 6, None)
    ids = [e["event_id"] for page in (first, second, last) for e in page["events"]]
    assert ids == [e["event_id"] for e in get(client, "/api/events")["events"]]
    assert get(client, "/api/events", offset=100)["events"] == []


FILTERS = [
    ({"dyad": "IRN-TUR"}, EventFilter(dyad="IRN-TUR")),
    ({"dyad": "tur-irn"}, EventFilter(dyad="tur-irn")),
    ({"dyad": "IRN>TUR"}, EventFilter(dyad="IRN>TUR")),
    ({"dyad": "TUR>IRN"}, EventFilter(dyad="TUR>IRN")),
    ({"actor": "isr"}, EventFilter(actor="ISR")),
    ({"type": ["CONSULT", "reject"]}, EventFilter(event_types=("CONSULT", "REJECT"))),
    ({"type": "CONSULT,AGREE"}, EventFilter(event_types=("CONSULT", "AGREE"))),
    ({"since": "2023-11-26", "until": "2024-01-10"}, EventFilter(since="2023-11-26", until="2024-01-10")),
    ({"source": "dailysabah"}, EventFilter(source="dailysabah")),
    ({"source": "irna"}, EventFilter(source="irna")),
    ({"min_mentions": 2}, EventFilter(min_mentions=2)),
    ({"actor": "IRN", "type": "CONSULT", "since": "2024-01-01"},
     EventFilter(actor="IRN", event_types=("CONSULT",), since="2024-01-01")),
]  # fmt: skip


@pytest.mark.parametrize(("params", "flt"), FILTERS)
def test_api_events_filter_as_herald_events(client, db, params, flt):
    served = get(client, "/api/events", **params)
    with open_store(db, read_only=True) as store:
        stored = list(query_events(store, flt))
    assert served["total"] == len(stored)
    assert [e["event_id"] for e in served["events"]] == [e["event_id"] for e in stored]
    assert [{k: e[k] for k in s} for e, s in zip(served["events"], stored, strict=True)] == stored


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"dyad": "IRN-TUR"}, 5),
        ({"dyad": "IRN>TUR"}, 5),  # the symmetric call and council count both ways
        ({"dyad": "TUR>IRN"}, 2),
        ({"dyad": "ISR-PSE", "type": "ASSAULT"}, 1),
        ({"actor": "UN"}, 1),
        ({"min_mentions": 2}, 1),
        ({"source": "Anadolu"}, 3),
    ],
)
def test_api_events_filter_counts(client, params, expected):
    assert get(client, "/api/events", **params)["total"] == expected


def test_api_event_with_its_mentions(client):
    call = get(client, "/api/events", min_mentions=2)["events"][0]
    data = get(client, f"/api/events/{call['event_id']}")
    assert data["event_type"] == "CONSULT" and data["mentions"] == 2
    reports = data["mention_list"]
    assert [(m["doc_id"], m["outlet"], m["title"]) for m in reports] == [
        (DOC_AA, "Anadolu", "Erdogan and Raisi discuss Gaza by phone"),
        ("sabah-7", "Daily Sabah", "Erdogan, Raisi talk Gaza"),
    ]
    texts = {DOC_AA: TEXT_AA, "sabah-7": TEXT_SABAH}
    for mention in reports:
        start, end = mention["span"]
        assert texts[mention["doc_id"]][start:end] == mention["sentence"]
    assert reports[1]["trigger"] == "phone call"


# ---------------------------------------------------------------- actors
@pytest.mark.parametrize(
    ("q", "codes"),
    [
        (None, ["TUR", "IRN", "ISR", "PSE", "UN"]),
        ("erdog", ["TUR"]),  # a person's name seen in the events
        ("fidan", ["TUR"]),
        ("iran", ["IRN"]),  # the KB name of the code
        ("un", ["UN"]),
        ("nobody", []),
    ],
)
def test_api_actors_search(client, q, codes):
    params = {"q": q} if q else {}
    assert [a["code"] for a in get(client, "/api/actors", **params)["actors"]] == codes


def test_api_actors_counts_and_names(client):
    turkey = get(client, "/api/actors", q="TUR")["actors"][0]
    assert turkey == {
        "code": "TUR",
        "label": "Turkey",
        "events": 6,
        "as_source": 3,
        "as_target": 3,
        "names": ["Recep Tayyip Erdoğan", "Ankara", "Hakan Fidan", "Turkish"],  # ties by name
    }
    in_january = get(client, "/api/actors", since="2024-01-01", limit=1)["actors"]
    assert [(a["code"], a["events"]) for a in in_january] == [("IRN", 2)]


# ---------------------------------------------------------------- charts
def test_api_timeseries_of_a_dyad_by_month_and_type(client):
    data = get(client, "/api/timeseries", dyad="IRN-TUR")
    assert (data["interval"], data["split"]) == ("month", "type")
    assert data["periods"] == ["2023-11-01", "2023-12-01", "2024-01-01"]  # December filled in
    assert {s["key"]: (s["counts"], s["undated"]) for s in data["series"]} == {
        "AGREE": ([1, 0, 0], 0),
        "CONSULT": ([1, 0, 1], 0),
        "REJECT": ([0, 0, 1], 0),
        "THREATEN": ([0, 0, 0], 1),
    }
    assert [s["key"] for s in data["series"]] == ["AGREE", "CONSULT", "REJECT", "THREATEN"]
    assert (data["totals"], data["undated"], data["events"]) == ([2, 0, 2], 1, 5)


@pytest.mark.parametrize(
    ("split", "expected"),
    [
        ("coop", {"cooperation": [2, 0, 1], "conflict": [0, 0, 1]}),
        ("quad", {"1": [2, 0, 1], "2": [0, 0, 0], "3": [0, 0, 1], "4": [0, 0, 0]}),
    ],
)
def test_api_timeseries_cooperation_vs_conflict(client, split, expected):
    data = get(client, "/api/timeseries", dyad="IRN-TUR", split=split)
    assert {s["key"]: s["counts"] for s in data["series"]} == expected
    labels = [s["label"] for s in data["series"]]
    assert labels[0] == ("Cooperation" if split == "coop" else "Verbal Cooperation")


@pytest.mark.parametrize(
    ("interval", "first", "last", "count", "last_total"),
    [
        ("year", "2023-01-01", "2024-01-01", 2, 2),
        ("month", "2023-10-01", "2024-01-01", 4, 2),
        ("week", "2023-10-09", "2024-01-08", 14, 2),  # weeks start on Monday
        ("day", "2023-10-09", "2024-01-12", 96, 1),
    ],
)
def test_api_timeseries_intervals(client, interval, first, last, count, last_total):
    data = get(client, "/api/timeseries", interval=interval)
    assert (data["periods"][0], data["periods"][-1], len(data["periods"])) == (first, last, count)
    assert data["totals"][-1] == last_total
    assert (sum(data["totals"]), data["undated"], data["events"]) == (7, 1, 8)


def test_api_top_dyads(client):
    dyads = get(client, "/api/dyads")["dyads"]
    assert [(d["dyad"], d["events"], d["cooperation"], d["conflict"]) for d in dyads] == [
        ("IRN-TUR", 5, 3, 2),
        ("ISR-PSE", 1, 0, 1),
        ("ISR-TUR", 1, 0, 1),
    ]
    assert (dyads[0]["a_label"], dyads[0]["b_label"]) == ("Iran", "Turkey")
    assert [d["dyad"] for d in get(client, "/api/dyads", limit=1, actor="ISR")["dyads"]] == [
        "ISR-PSE"
    ]


def test_api_network(client):
    data = get(client, "/api/network")
    assert [(n["code"], n["events"]) for n in data["nodes"]] == [
        ("TUR", 6),
        ("IRN", 5),
        ("ISR", 2),
        ("PSE", 1),
    ]
    assert {e["dyad"] for e in data["edges"]} == {"IRN-TUR", "ISR-PSE", "ISR-TUR"}
    only = get(client, "/api/network", type="ASSAULT")
    assert [n["code"] for n in only["nodes"]] == ["ISR", "PSE"]


# ---------------------------------------------------------------- documents
def test_api_documents_list_and_search(client):
    data = get(client, "/api/documents")
    assert data["total"] == 4
    assert [d["doc_id"] for d in data["documents"]] == [
        "sabah-7",
        DOC_AA,
        "wire/isr-pse-1",
        DOC_ODD,
    ]
    found = get(client, "/api/documents", q="DAILYSABAH")["documents"]
    assert [(d["doc_id"], d["outlet"], d["n_events"]) for d in found] == [
        ("sabah-7", "Daily Sabah", 2)
    ]
    assert get(client, "/api/documents", limit=1, offset=3)["documents"][0]["doc_id"] == DOC_ODD


@pytest.mark.parametrize(
    ("doc_id", "text"),
    [(DOC_AA, TEXT_AA), (DOC_ODD, TEXT_IRNA), ("sabah-7", TEXT_SABAH)],
)
def test_api_document_text_with_event_spans(client, doc_id, text):
    data = get(client, "/api/documents/" + quote(doc_id, safe=""))
    assert (data["doc_id"], data["text"]) == (doc_id, text)
    assert len(data["events"]) == data["n_events"] > 0
    for span in data["events"]:
        start, end = span["span"]
        assert text[start:end] == span["sentence"]
        assert span["trigger"] in span["sentence"]
    event_ids = {e["event_id"] for e in get(client, "/api/events")["events"]}
    assert {s["event_id"] for s in data["events"]} <= event_ids


def test_api_document_fields_are_those_coded_in_it(client):
    data = get(client, "/api/documents/" + quote(DOC_AA, safe=""))
    agree = next(s for s in data["events"] if s["event_type"] == "AGREE")
    assert agree["location"] == {"name": "Ankara", "country": "TUR", "lat": 39.92, "lon": 32.85}
    assert [a["code"] for a in agree["source"]] == ["TUR", "IRN"]
    assert (agree["quad_class"], agree["mentions"], agree["negated"]) == (1, 1, False)


# ---------------------------------------------------------------- errors
def error_of(response: httpx.Response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert response.headers["content-type"] == "application/json"
    return body["error"]


BAD_REQUESTS = [
    ("/api/events?limit=0", 400, "bad_parameter",
     "limit=0: Input should be greater than or equal to 1; use an integer from 1 to 500"),
    ("/api/events?limit=501", 400, "bad_parameter",
     "limit=501: Input should be less than or equal to 500; use an integer from 1 to 500"),
    ("/api/events?limit=ten", 400, "bad_parameter",
     "limit=ten: Input should be a valid integer, unable to parse string as an integer; use an integer from 1 to 500"),
    ("/api/events?offset=-1", 400, "bad_parameter",
     "offset=-1: Input should be greater than or equal to 0; use an integer of 0 or more"),
    ("/api/events?min_mentions=0", 400, "bad_parameter",
     "min_mentions=0: Input should be greater than or equal to 1; use an integer of 1 or more"),
    ("/api/events?type=PARLEY", 400, "bad_parameter",
     "type='PARLEY' is not a PLOVER event type; use one of AGREE, CONSULT, SUPPORT, CONCEDE, "
     "COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, "
     "COERCE, ASSAULT"),
    ("/api/events?since=26/11/2023", 400, "bad_parameter",
     "since='26/11/2023' is not a date; use YYYY-MM-DD, e.g. 2023-11-26"),
    ("/api/timeseries?until=2023-02-30", 400, "bad_parameter",
     "until='2023-02-30' is not a date; use YYYY-MM-DD, e.g. 2023-11-26"),
    ("/api/events?since=2024-01-01&until=2023-01-01", 400, "bad_parameter",
     "since=2024-01-01 is after until=2023-01-01; swap them or drop one"),
    ("/api/events?dyad=IRN", 400, "bad_parameter",
     "dyad 'IRN' is not two codes; use A-B (either direction, e.g. IRN-TUR) or A>B (A acting on B, e.g. TUR>IRN)"),
    ("/api/events?typ=ACCUSE", 400, "bad_parameter",
     "unknown query parameter 'typ'; this endpoint accepts: actor, dyad, limit, min_mentions, "
     "offset, order, since, source, type, until"),
    ("/api/events?order=sideways", 400, "bad_parameter",
     "order=sideways: Input should be 'asc' or 'desc'"),
    ("/api/timeseries?interval=fortnight", 400, "bad_parameter",
     "interval=fortnight: Input should be 'day', 'week', 'month' or 'year'"),
    ("/api/timeseries?split=colour", 400, "bad_parameter",
     "split=colour: Input should be 'type', 'coop' or 'quad'; type gives a series per PLOVER type, "
     "coop cooperation vs conflict, quad the QuadClasses"),
    ("/api/actors?actor=" + "X" * 33, 400, "bad_parameter",
     "actor=" + "X" * 33 + ": String should have at most 32 characters; use an actor code such as IRN or UN (at most 32 characters)"),
    ("/api/dyads?limit=-3", 400, "bad_parameter",
     "limit=-3: Input should be greater than or equal to 1; use an integer from 1 to 500"),
    ("/api/network?q=x", 400, "bad_parameter",
     "unknown query parameter 'q'; this endpoint accepts: actor, dyad, limit, min_mentions, since, source, type, until"),
    ("/api/documents?limit=0", 400, "bad_parameter",
     "limit=0: Input should be greater than or equal to 1; use an integer from 1 to 500"),
    ("/api/summary?verbose=1", 400, "bad_parameter",
     "unknown query parameter 'verbose'; this endpoint accepts: none"),
    ("/api/events/0000", 404, "not_found", "no event '0000'; list events with /api/events"),
    ("/api/documents/nope%2Fnothing.txt", 404, "not_found",
     "no document 'nope/nothing.txt'; list documents with /api/documents"),
    ("/api/nothing", 404, "not_found",
     "nothing at /api/nothing; the API lives under /api (see /api/openapi.json)"),
    ("/static/missing.js", 404, "not_found",
     "nothing at /static/missing.js; the API lives under /api (see /api/openapi.json)"),
]  # fmt: skip


@pytest.mark.parametrize(("url", "status", "code", "message"), BAD_REQUESTS)
def test_api_error_shape(client, url, status, code, message):
    response = client.get(url)
    assert response.status_code == status
    assert error_of(response) == {"code": code, "message": message}


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("url", ["/api/events", "/api/documents/sabah-7", "/"])
def test_api_is_read_only(client, method, url):
    response = client.request(method, url, json={"event_type": "ASSAULT"})
    assert response.status_code == 405
    assert error_of(response) == {
        "code": "method_not_allowed",
        "message": f"{method} is not allowed on {url}; the API is read-only (GET)",
    }
    assert get(client, "/api/summary")["totals"]["events"] == 8


def test_api_store_opened_read_only(db):
    app = create_app(db)
    try:
        assert app.state.store.read_only
    finally:
        app.state.store.close()


@pytest.mark.parametrize(
    "params",
    [
        {"actor": "IRN' OR '1'='1"},
        {"actor": "IRN) OR (1=1"},
        {"dyad": "IRN-TUR' OR 1=1 --"},
        {"dyad": "IRN-TUR'); DROP TABLE events; --"},
        {"source": "%' OR '1'='1"},
        {"source": "x')) OR TRUE --"},
        {"since": "2023-01-01' OR '1'='1"},
        {"type": "CONSULT' OR '1'='1"},
    ],
)
def test_api_filters_reach_sql_as_parameters_only(client, params):
    response = client.get("/api/events", params=params)
    if response.status_code == 200:
        assert response.json()["total"] == 0
    else:
        assert error_of(response)["code"] == "bad_parameter"
    for endpoint in ("/api/timeseries", "/api/dyads", "/api/network", "/api/actors"):
        response = client.get(endpoint, params=params)
        assert response.status_code in (200, 400)
    assert get(client, "/api/summary")["totals"]["events"] == 8  # nothing was dropped


def test_api_search_text_is_not_sql(client):
    for q in ("%", "_", "' OR 1=1 --", "\\"):
        assert get(client, "/api/actors", q=q)["actors"] == []
    for q in ("_", "' OR 1=1 --", "\\"):
        assert get(client, "/api/documents", q=q)["documents"] == []
    literal = get(client, "/api/documents", q="%2F")["documents"]  # a character, not a wildcard
    assert [d["doc_id"] for d in literal] == [DOC_ODD]


def test_api_never_reads_files_outside_the_store(client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Iran threatened Turkey. top secret", encoding="utf-8")
    attempts = [
        "/api/documents/" + quote(str(secret), safe=""),
        "/api/documents/" + str(secret),
        "/static/..%2F..%2F..%2Fschema.py",
        "/static/%2e%2e/%2e%2e/app.py",
        "/static/..%5C..%5Capp.py",
        "/static/" + quote(str(secret), safe=""),
        "/api/events/..%2F..%2Fsecret.txt",
    ]
    for url in attempts:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "top secret" not in response.text
        assert error_of(response)["code"] == "not_found"


# ---------------------------------------------------------------- OpenAPI and the dashboard files
def test_api_openapi_schema(client):
    schema = get(client, "/api/openapi.json")
    paths = set(schema["paths"])
    assert paths == {
        "/api/summary",
        "/api/events",
        "/api/events/{event_id}",
        "/api/actors",
        "/api/timeseries",
        "/api/dyads",
        "/api/network",
        "/api/documents",
        "/api/documents/{doc_id}",
    }
    events = schema["paths"]["/api/events"]["get"]
    assert {p["name"] for p in events["parameters"]} == {
        "actor", "dyad", "type", "since", "until", "source", "min_mentions", "limit", "offset", "order",
    }  # fmt: skip
    assert events["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ErrorResponse"
    )
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_api_docs_cover_every_endpoint(client):
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for path in get(client, "/api/openapi.json")["paths"]:
        assert f"GET {path.replace('{doc_id}', '{doc_id}')}" in text, path
    for name in ("actor", "dyad", "type", "since", "until", "source", "min_mentions"):
        assert f"`{name}`" in text
    assert '{"error": {"code"' in text


def test_api_dashboard_is_served_with_its_files(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert set(assets) == {
        "/static/favicon.svg",
        "/static/app.css",
        "/static/charts.js",
        "/static/app.js",
    }
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200 and response.content, asset
    assert client.get("/", params={"utm_source": "mail"}).status_code == 200


def test_api_dashboard_needs_no_network():
    """No file of the dashboard points outside the server (no CDN, no web fonts)."""
    allowed = {"http://www.w3.org/2000/svg"}
    total = 0
    for path in STATIC_DIR.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            total += len(text.encode("utf-8"))
            urls = set(re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"')]*", text))
            assert urls <= allowed, (path.name, urls - allowed)
            assert "@import" not in text and "url(http" not in text
    assert total < 150_000  # modest: no framework


# ---------------------------------------------------------------- the command
def test_commands_web_serve_without_store(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = CliRunner().invoke(serve_command, ["--db", str(missing)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: there is no store at {missing}; create one with "
        f"`herald ingest INPUT... --db {missing}`\n"
    )
    assert not missing.exists()


def test_commands_web_serve_options_documented():
    from herald.cli import main

    assert main.commands["serve"] is serve_command
    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for param in serve_command.params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert f"`{opt}" in docs, f"serve {opt} is not in docs/api.md"


def test_commands_web_serve_bad_port():
    result = CliRunner().invoke(serve_command, ["--port", "70000"])
    assert result.exit_code == 2
    assert "70000 is not in the range 1<=x<=65535" in result.output


def test_commands_web_serve_runs_the_server(db):
    port = free_port()
    command = [sys.executable, "-m", "herald.cli", "serve", "--db", db, "--port", str(port),
               "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/summary", timeout=5)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(proc.communicate()[1]) from None
                time.sleep(0.2)
        assert response.json()["totals"]["events"] == 8
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert f"herald: serving {db} at http://127.0.0.1:{port}/" in err


# ---------------------------------------------------------------- the real coder
ARTICLE = """Erdogan and Raisi talk by phone

ANKARA, Nov 26 (Herald) - Turkish President Recep Tayyip Erdogan and Iranian President Ebrahim Raisi held a phone call on Sunday to discuss the war in Gaza.

Erdogan accused Israel of committing war crimes in Gaza.
"""


@pytest.mark.slow
def test_api_serves_what_herald_ingest_stored(tmp_path):
    """Spans of a coded article (the spaCy pipeline) point at their sentences in the served text."""
    from herald.settings import Settings
    from herald.store import ingest

    source = tmp_path / "article.jsonl"
    source.write_text(
        json.dumps({"id": "herald-1", "text": ARTICLE, "pub_date": "2023-11-26"}) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "coded.duckdb"
    with open_store(db) as store:
        ingest([str(source)], store, Settings())
    with running_server(db) as base_url, httpx.Client(base_url=base_url) as http:
        doc = http.get("/api/documents/herald-1").json()
        assert doc["events"]
        for span in doc["events"]:
            start, end = span["span"]
            assert doc["text"][start:end] == span["sentence"]
        kinds = {
            (s["event_type"], tuple(sorted({a["code"] for a in s["source"]})))
            for s in doc["events"]
        }
        assert ("CONSULT", ("IRN", "TUR")) in kinds
        series = http.get("/api/timeseries", params={"dyad": "IRN-TUR"}).json()
        assert series["periods"] == ["2023-11-01"] and series["totals"][0] >= 1


def test_api_app_serves_again_after_a_shutdown_and_restart(tmp_path) -> None:
    """Regression: the shutdown closed the store for good, so a restarted app answered 500."""
    import asyncio

    from herald.web import create_app

    path = tmp_path / "restart.duckdb"
    with open_store(path) as store:
        store.write(articles())
    app = create_app(path)

    async def start_and_stop() -> None:
        async with app.router.lifespan_context(app):
            pass

    asyncio.run(start_and_stop())
    assert app.state.store is None

    async def start_and_count() -> int:
        async with app.router.lifespan_context(app):
            return app.state.store.counts()["events"]

    assert asyncio.run(start_and_count()) > 0  # a second start reopens the store
