"""Property-based tests: no input makes cleaning, dating, splitting or coding raise.

Every property runs twice: `[fast]` in the default run (a fixed, derandomized budget
so CI is stable) and `[long]` under `-m slow_fuzz` (many more examples). The
outputs are checked against their contracts: the cleaned text's shape, ISO dates,
sentence offsets, and every coded event against `tests/schema_check.py`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from herald.pipeline import Pipeline
from herald.readers import decode, document_from_record
from herald.schema import Document, Skipped
from herald.stages.clean import clean_document
from herald.stages.dates import find_date_in_line, parse_iso, resolve_event_date
from herald.stages.sentences import split_paragraph, split_sentences
from tests.schema_check import assert_event, event_problems

FAST = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
LONG = settings(max_examples=1500, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
BUDGETS = [
    pytest.param(FAST, id="fast"),
    pytest.param(LONG, id="long", marks=pytest.mark.slow_fuzz),
]


def fuzz(budget: settings, strategy: st.SearchStrategy[Any], check: Callable[[Any], None]) -> None:
    """Run `check` on examples of `strategy` under `budget`."""
    budget(given(strategy)(check))()


# ---------------------------------------------------------------- strategies
# Characters that break naive text code: controls, NUL, BOM, bidi marks and
# overrides, zero-width joiners, line/paragraph separators, combining marks,
# surrogate-free astral characters, right-to-left scripts.
NASTY_CHARS = list(
    "\x00\x01\x07\x0b\x0c\x1b\x7f\x85\xa0\xad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202e"
    "\u2066\u2069\u2028\u2029\ufeff\ufffd\u0301\u0649\u05d0\u0627\u06cc\U0001f600\U0001d400"
    "\r\t\n<>&;\"'’“”.!?…()[]{}#@/\\|*-–—•"
)
nasty_text = st.text(
    alphabet=st.sampled_from(NASTY_CHARS) | st.characters(codec="utf-8"), max_size=300
)
any_text = st.text(max_size=2000) | nasty_text

ACTORS = ["Turkish President Recep Tayyip Erdogan", "Iranian President Ebrahim Raisi", "Israeli forces",
          "Hamas", "the United Nations", "Iran's foreign minister", "Qatar", "Hezbollah", "He",
          "Türkiye", "the Zionist regime", "Erdoğan", "\u200fRaisi\u200f", "Tehran"]  # fmt: skip
VERBS = ["met", "held talks with", "condemned", "accused", "attacked", "called on", "praised",
         "threatened", "rejected", "imposed sanctions on", "arrested", "visited", "refused to meet",
         "did not attack", "will visit", "spoke by phone with", "killed", "sent aid to"]  # fmt: skip
TAILS = ["", " on Sunday", " on November 4", " last week", " 3 days ago", " 5000 years ago",
         " 99999999999999999999 days ago", " in March 2024", " on 2023-13-45", " yesterday",
         " two days after the talks", " in Ankara", " in Gaza", " next Monday", " last year",
         " on Feb 30", " in 1999", " since October 7"]  # fmt: skip


@st.composite
def news_sentences(draw: st.DrawFn) -> str:
    """A sentence made of real actors, triggers and date phrases, with noise spliced in."""
    parts = [
        draw(st.sampled_from(ACTORS)),
        draw(st.sampled_from(VERBS)),
        draw(st.sampled_from(ACTORS)),
    ]
    sentence = (
        " ".join(parts)
        + draw(st.sampled_from(TAILS))
        + draw(st.sampled_from([".", "!", "", "..."]))
    )
    if draw(st.booleans()):
        at = draw(st.integers(0, len(sentence)))
        sentence = sentence[:at] + draw(nasty_text.filter(lambda t: len(t) < 8)) + sentence[at:]
    return sentence


@st.composite
def news_texts(draw: st.DrawFn) -> str:
    sentences = draw(st.lists(news_sentences(), min_size=1, max_size=8))
    seps = draw(st.lists(st.sampled_from([" ", "\n", "\n\n", "\r\n", "\u2028", "  \t"]),
                         min_size=len(sentences), max_size=len(sentences)))  # fmt: skip
    return "".join(s + sep for s, sep in zip(sentences, seps, strict=True))


TAGS = ["div", "p", "span", "a", "nav", "article", "script", "style", "table", "td", "ul", "li", "h1",
        "header", "footer", "br", "img", "!--", "![CDATA[", "svg", "iframe", "title", "html", "body"]  # fmt: skip


@st.composite
def html_fragments(draw: st.DrawFn) -> str:
    """Random, often broken markup: unclosed and mismatched tags, attributes, entities, text."""
    pieces: list[str] = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 5))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            pieces.append(f"<{tag}>")
        elif kind == 1:
            pieces.append(f"</{tag}>")
        elif kind == 2:
            attr = draw(st.text(max_size=20)).replace('"', "")
            pieces.append(f"<{tag} class=\"{attr}\" data-x='{attr}'")  # often left unclosed
        elif kind == 3:
            pieces.append(
                draw(st.sampled_from(["&amp;", "&#0;", "&#x110000;", "&nbsp;", "&bogus;", "&#"]))
            )
        elif kind == 4:
            pieces.append(draw(news_sentences()))
        else:
            pieces.append(draw(any_text))
    return "".join(pieces)


def _nested(depth: int, tag: str = "div") -> str:
    return (
        f"<{tag}>" * depth
        + "<p>Israeli forces attacked Gaza on Sunday, officials said.</p>"
        + f"</{tag}>" * depth
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values, "text": st.text(max_size=200) | json_values, "html": html_fragments() | json_values,
        "url": json_values, "title": st.text(max_size=50) | json_values, "pub_date": json_values,
        "date": json_values, "source": json_values,
    },
)  # fmt: skip


# ---------------------------------------------------------------- checks
def _check_cleaned(doc: Document) -> None:
    assert isinstance(doc.text, str)
    assert "\r" not in doc.text
    assert not re.search(r"[\x00-\x08\x0e-\x1f\x7f]", doc.text), (
        "control characters left in the text"
    )
    if doc.text:
        for paragraph in doc.text.split("\n\n"):
            assert paragraph == paragraph.strip() != "", repr(paragraph)
            assert "\n" not in paragraph, repr(paragraph)
    assert doc.title is None or (
        isinstance(doc.title, str) and doc.title == doc.title.strip() and doc.title
    )
    assert doc.title is None or "\n" not in doc.title
    if doc.title and doc.text:
        assert doc.text.split("\n\n")[0] == doc.title
    assert doc.pub_date is None or parse_iso(doc.pub_date) is not None, doc.pub_date


def _check_sentences(doc: Document) -> None:
    previous_end = 0
    for sentence in doc.sentences:
        assert previous_end <= sentence.start < sentence.end <= len(doc.text)
        assert doc.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text != ""
        assert sentence.zone in ("title", "body")
        previous_end = sentence.end


def _check_resolved(resolved: Any, sentence: str) -> None:
    if resolved.date is None:
        assert resolved.precision is None
    else:
        assert date.fromisoformat(resolved.date).isoformat() == resolved.date
        assert resolved.precision in ("day", "month", "year")
    assert resolved.phrase is None or resolved.phrase in sentence


# ---------------------------------------------------------------- readers
@pytest.mark.parametrize("budget", BUDGETS)
def test_properties_decode_random_bytes_gives_text_or_a_reason(budget: settings) -> None:
    def check(data: bytes) -> None:
        try:
            text = decode(data)
        except ValueError as err:
            assert str(err) and "\n" not in str(err)
            return
        assert isinstance(text, str)
        text.encode("utf-8")  # no lone surrogates

    mixed = st.lists(
        st.binary(max_size=50) | st.text(max_size=50).map(str.encode), max_size=10
    ).map(b"".join)
    fuzz(budget, st.binary(max_size=3000) | mixed, check)


@pytest.mark.parametrize("budget", BUDGETS)
def test_properties_decode_reads_any_text_in_any_common_encoding(budget: settings) -> None:
    def check(args: tuple[str, str]) -> None:
        text, encoding = args
        data = text.encode(encoding)
        if encoding == "utf-16":  # with BOM: exactly the text back
            assert decode(data) == text
        else:
            assert decode(data) == text.replace("\x00", "")

    printable = st.text(st.characters(codec="latin-1", exclude_categories=["Cc"]) | st.sampled_from("\n\t"),
                        min_size=1, max_size=500)  # fmt: skip
    fuzz(budget, st.tuples(printable, st.sampled_from(["utf-8", "utf-16"])), check)


@pytest.mark.parametrize("budget", BUDGETS)
def test_properties_jsonl_records_never_raise(budget: settings) -> None:
    def check(record: Any) -> None:
        item = document_from_record(record, "f.jsonl:1")
        assert isinstance(item, Document | Skipped)
        if isinstance(item, Document):
            fields = (item.doc_id, item.raw, item.html, item.title, item.url, item.source)
            for value in (*fields, item.pub_date):
                assert value is None or isinstance(value, str)
                if value is not None:
                    value.encode("utf-8")  # a lone surrogate here would crash the writer

    fuzz(budget, records | json_values, check)


# ---------------------------------------------------------------- cleaning
@pytest.mark.parametrize("budget", BUDGETS)
def test_properties_clean_any_text(budget: settings) -> None:
    def check(text: str) -> None:
        _check_cleaned(clean_document(Document(doc_id="t", raw=text)))

    fuzz(budget, any_text | news_texts(), check)


@pytest.mark.parametrize("budget", BUDGETS)
def test_properties_clean_any_html(budget: settings) -> None:
    def check(html: str) -> None:
        _check_cleaned(clean_document(Document(doc_id="t", raw="", html=html)))

    fuzz(budget, html_fragments(), check)


@pytest.mark.parametrize("budget", BUDGETS)
def test_properties_clean_with_hostile_title(budget: settings) -> None:
    def check(args: tuple[str, str]) -> None:
        title, text = args
        _check_cleaned(clean_document(Document(doc_id="t", raw=text, title=title)))

    fuzz(budget, st.tuples(any_text, news_texts()), check)


@pytest.mark.parametrize("depth", [50, 300, 5000])
def test_properties_clean_deeply_nested_markup(depth: int) -> None:
    html = "<html><body>" + _nested(depth) + _nested(depth, "span") + "</body></html>"
    doc = clean_document(Document(doc_id="t", raw="", html=html))
    _check_cleaned(doc)


# ---------------------------------------------------------------- sentences
@pytest.mark.parametrize("budget", BUDGETS)
def test_properties_sentence_offsets_point_into_the_text(budget: settings) -> None:
    def check(text: str) -> None:
        doc = clean_document(Document(doc_id="t", raw=text))
        _check_sentences(split_sentences(doc))
        raw = Document(doc_id="t", raw="", text=text)  # unclean text too
        for sentence in split_sentences(raw).sentences:
            assert text[sentence.start : sentence.end] == sentence.text

    fuzz(budget, any_text | news_texts(), check)


# ---------------------------------------------------------------- dates
pub_dates = (
    st.none()
    | st.dates().map(date.isoformat)
    | st.sampled_from(["0001-01-01", "9999-12-31", "garbage"])
)


@pytest.mark.parametrize("budget", BUDGETS)
def test_properties_event_dates_are_iso_or_null(budget: settings) -> None:
    def check(args: tuple[str, int, str | None, bool]) -> None:
        sentence, offset, pub, future = args
        _check_resolved(resolve_event_date(sentence, offset, pub, future=future), sentence)
        found = find_date_in_line(sentence)
        assert found is None or date.fromisoformat(found).isoformat() == found

    sentences = news_sentences() | any_text
    fuzz(budget, st.tuples(sentences, st.integers(-5, 400), pub_dates, st.booleans()), check)


@pytest.mark.parametrize("budget", BUDGETS)
def test_properties_parse_iso_never_raises(budget: settings) -> None:
    def check(value: Any) -> None:
        assert parse_iso(value) is None or isinstance(parse_iso(value), date)

    fuzz(budget, st.text(max_size=30) | st.none() | st.dates().map(str), check)


@pytest.mark.parametrize(
    "sentence",
    [
        "Israel attacked Gaza 5000 years ago.",  # regression: OverflowError
        "Israel attacked Gaza 99999999999 days ago.",  # regression: OverflowError
        "Israel attacked Gaza " + "9" * 5000 + " days ago.",  # regression: int() digit limit
        "Iran attacked 400000 days after the talks, 3 days after 9999999 days after the war.",
        "They met next Monday, on Dec 31, in March, last month and last year.",
    ],
)
@pytest.mark.parametrize("pub", ["0001-01-01", "0001-02-03", "9999-12-31", "2023-11-26", None])
def test_properties_dates_near_the_ends_of_the_calendar(sentence: str, pub: str | None) -> None:
    for offset in (0, len(sentence) // 2, len(sentence)):
        for future in (False, True):
            _check_resolved(resolve_event_date(sentence, offset, pub, future=future), sentence)


# ---------------------------------------------------------------- linear time on long lines
PATHOLOGICAL = {
    "dots": "Iran said" + "." * 200_000 + "x It met Turkey.",  # regression: quadratic split
    "abbreviations": "Mr. X " * 40_000,  # regression: quadratic abbreviation check
    "closers": "Iran said" + "." * 50_000 + ")" * 50_000 + " x",
    "one-long-word": "a" * 300_000,
    "spaces": "may" + " " * 200_000 + "x",  # regression: quadratic URL pattern in clean
    "spaces-url": "Iran" + " \t" * 100_000 + "https://example.com/x",
    "parens": "(" * 100_000 + "photo" + ")" * 100_000,
    "digits": "1" * 100_000 + " days ago",
    "initials": "A. " * 60_000 + "Iran met Turkey.",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_properties_pathological_long_lines_are_handled(name: str) -> None:
    """Inputs that once made a pattern quadratic: each stage still returns well-formed output.

    Speed is measured in bench/, not asserted here; a regression shows as a suite that runs
    for minutes on these few lines.
    """
    text = PATHOLOGICAL[name]
    doc = clean_document(Document(doc_id="t", raw=text))
    spans = split_paragraph(text, 0)
    assert all(0 <= start < end <= len(text) for start, end in spans)
    _check_resolved(resolve_event_date(text, len(text) // 2, "2023-11-26"), text)
    split_sentences(doc)
    assert all(doc.text[s.start : s.end] == s.text for s in doc.sentences)


# ---------------------------------------------------------------- coding (spaCy)
def _code(pipeline: Pipeline, doc: Document) -> Document | Skipped:
    results = list(pipeline.run([doc]))
    assert len(results) == 1
    item = results[0]
    if isinstance(item, Document):
        for event in item.events:
            assert_event(event.to_dict(), text=item.text)
            assert event.doc_id == doc.doc_id
        json.dumps([e.to_dict() for e in item.events], ensure_ascii=False).encode("utf-8")
    else:  # a reason about the input, never a crash turned into a skip
        assert item.reason and "\n" not in item.reason
        assert not item.reason.startswith(("internal error", "could not clean")), item.reason
    return item


@pytest.mark.slow
@pytest.mark.parametrize("budget", BUDGETS)
def test_properties_coding_news_like_text_meets_the_schema(
    budget: settings, pipeline: Pipeline
) -> None:
    def check(args: tuple[str, str | None]) -> None:
        text, pub = args
        _code(pipeline, Document(doc_id="fuzz", raw=text, pub_date=pub))

    fuzz(budget, st.tuples(news_texts(), pub_dates), check)


@pytest.mark.slow
@pytest.mark.parametrize("budget", BUDGETS)
def test_properties_coding_random_input_never_raises(budget: settings, pipeline: Pipeline) -> None:
    def check(args: tuple[str, bool]) -> None:
        text, as_html = args
        doc = (
            Document(doc_id="fuzz", raw="", html=text)
            if as_html
            else Document(doc_id="fuzz", raw=text)
        )
        _code(pipeline, doc)

    fuzz(budget, st.tuples(any_text | html_fragments(), st.booleans()), check)


@pytest.mark.slow
def test_properties_coded_events_found_at_all(pipeline: Pipeline) -> None:
    """The news-like strategy does reach the coder (else the schema property proves little)."""
    item = _code(
        pipeline, Document(doc_id="x", raw=f"{ACTORS[0]} {VERBS[0]} {ACTORS[1]}{TAILS[1]}.")
    )
    assert isinstance(item, Document) and item.events
    assert not event_problems(item.events[0].to_dict(), text=item.text)


# ---------------------------------------------------------------- the checker itself
VALID_EVENT: dict[str, Any] = {
    "event_id": "0" * 40,
    "doc_id": "d1",
    "event_type": "CONSULT",
    "mode": "phone",
    "cameo": "041",
    "source": [{"text": "Erdogan", "name": "Recep Tayyip Erdoğan", "code": "TUR",
                "sector": "GOV", "role": "head of state"}],
    "target": [{"text": "the UN", "name": None, "code": "UN", "sector": "IGO", "role": None}],
    "date": "2023-11-26",
    "date_precision": "day",
    "location": {"name": "Ankara", "country": "TUR", "lat": 39.92, "lon": 32.85},
    "contexts": ["ceasefire"],
    "negated": False,
    "sentence": "Erdogan called the UN.",
    "span": [4, 26],
    "confidence": 0.9,
}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"event_id": "abc"}, "event_id"),
        ({"event_type": "MEET"}, "event_type"),
        ({"cameo": 41}, "cameo"),
        ({"source": {"text": "x"}}, "source"),
        (
            {
                "target": [
                    {"text": "x", "name": None, "code": "Turkey", "sector": None, "role": None}
                ]
            },
            "code",
        ),
        (
            {"target": [{"text": "x", "name": None, "code": None, "sector": "ARMY", "role": None}]},
            "sector",
        ),
        ({"date": "2023-02-30"}, "calendar"),
        ({"date": "26/11/2023"}, "YYYY-MM-DD"),
        ({"date": None}, "both"),
        ({"date_precision": "week"}, "date_precision"),
        ({"location": {"name": "X", "country": None, "lat": 91.0, "lon": 0.0}}, "location.lat"),
        ({"contexts": "ceasefire"}, "contexts"),
        ({"negated": "no"}, "negated"),
        ({"span": [4, 5]}, "span"),
        ({"span": (4, 26)}, "span"),
        ({"confidence": 1.5}, "confidence"),
        ({"confidence": float("nan")}, "confidence"),
        ({"sentence": "Erdogan called the UN\ud800"}, "UTF-8"),
    ],
)
def test_properties_schema_check_flags_each_broken_field(
    change: dict[str, Any], problem: str
) -> None:
    assert event_problems(VALID_EVENT, text="xxx Erdogan called the UN.") == []
    broken = {**VALID_EVENT, **change}
    assert any(problem in p for p in event_problems(broken)), event_problems(broken)
    missing = {k: v for k, v in VALID_EVENT.items() if k != "negated"}
    assert event_problems(missing) == ["missing key 'negated'"]
    assert event_problems(VALID_EVENT, text="Erdogan called the UN. ....") == [
        "span: text[4:26] is not the sentence"
    ]
