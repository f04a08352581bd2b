"""Hostile inputs through `herald code`: bad ones are skipped with a reason, good ones coded.

The tests write their own corpus of nasty files (empty, NUL bytes, invalid UTF-8,
UTF-16, Latin-1, a 100 MB file, gzip named .txt, symlink loops, a file removed
during the run, foreign languages, broken HTML, a page of menus...) and run the
CLI over it with click's CliRunner. The contract: exit status 0, one stderr line
`herald: skipped PATH: REASON` per bad input, every good input coded, and nothing
lost (each input is either coded or reported). The limits of `Settings`
(max_doc_bytes, max_doc_chars, max_sentence_chars, doc_time_limit_s) are set
through `--settings FILE` and what they cut is reported as `herald: note ...`.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import herald.parallel
import herald.readers
from herald.cli import main
from herald.pipeline import Pipeline
from herald.readers import iter_inputs
from herald.schema import Document, Skipped
from herald.settings import Settings
from tests.schema_check import assert_event

pytestmark = pytest.mark.slow  # the CLI codes with the spaCy model

ARTICLE = (
    "Erdogan and Raisi discuss Gaza in phone call\n\n"
    "Turkish President Recep Tayyip Erdogan held a phone call with Iranian President "
    "Ebrahim Raisi on Sunday to discuss the situation in Gaza.\n\n"
    "Israeli forces killed dozens of Palestinians in air strikes on the Gaza Strip on "
    "Saturday, the Palestinian health ministry said.\n"
)
LATIN1_ARTICLE = (
    "Türkiye's President Recep Tayyip Erdogan held a phone call with Iranian President "
    "Ebrahim Raisi on Sunday, the presidency said in a statement from Ankara.\n"
)
MIXED_ARTICLE = (  # UTF-8 with one Windows-1252 curly quote (0x92) pasted in
    "Turkish President Recep Tayyip Erdoğan held a phone call with Iranian President "
    "Ebrahim Raisi on Sunday, Türkiye\x92s presidency said.\n"
)
RTL_ARTICLE = (
    "Israeli forces killed dozens of Palestinians in air strikes on the Gaza Strip on "
    "Saturday, the Palestinian health ministry said.\n\n"
    "Mourners in the \u200fخان يونس\u200f (Khan Younis) camp chanted \u202bالله أكبر\u202c as the "
    "funerals began, witnesses told reporters on the scene.\n"
)
FRENCH = (
    "Le président turc Recep Tayyip Erdogan s'est entretenu dimanche par téléphone avec son "
    "homologue iranien Ebrahim Raïssi de la situation à Gaza. Les deux dirigeants ont appelé "
    "à un cessez-le-feu permanent et à l'acheminement de l'aide humanitaire.\n"
)
ARABIC = (
    "أجرى الرئيس التركي رجب طيب أردوغان اتصالا هاتفيا مع نظيره الإيراني إبراهيم رئيسي يوم "
    "الأحد لبحث الأوضاع في غزة. ودعا الزعيمان إلى وقف دائم لإطلاق النار.\n"
)
MENU_HTML = (
    "<html><head><title>Home</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
    "<li><a href='/world'>World</a></li><li><a href='/politics'>Politics</a></li></ul></nav>"
    "<footer>Copyright 2024 | Privacy policy | Contact us</footer></body></html>"
)
BROKEN_HTML = (  # truncated mid-tag, unclosed elements
    "<html><head><title>Erdogan and Raisi discuss Gaza</title></head><body><div><article>"
    "<h1>Erdogan and Raisi discuss Gaza</h1><p>" + ARTICLE.split("\n\n", 1)[1].replace("\n\n", "</p><p>")
    + "<p>Iran's foreign minister met his Qatari counterpart in Doha on Monday<div><span cla"
)  # fmt: skip
PAGE_AS_TXT = (
    "<!DOCTYPE html><html><body><article><p>"
    + ARTICLE.replace("\n\n", "</p><p>")
    + "</p></article></body></html>"
)
LINE_RE = re.compile(r"herald: (skipped|note) (.+?): (.+)")


@dataclass
class Run:
    exit_code: int
    events: list[dict[str, Any]]
    skipped: dict[str, str]  # path -> reason
    notes: dict[str, list[str]]
    stderr_lines: list[str]
    exception: BaseException | None = None
    by_doc: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, pipeline: Pipeline) -> Any:
    """Run `herald code --format jsonl ARGS`, reusing the session's spaCy model and KB."""

    def shared(settings: Settings) -> Pipeline:
        return Pipeline(settings, kb=pipeline.kb, lexicon=pipeline.lexicon, nlp=pipeline.nlp)

    monkeypatch.setattr(herald.parallel, "Pipeline", shared)

    def run(*args: str, stdin: bytes | None = None) -> Run:
        result = CliRunner().invoke(main, ["code", "--format", "jsonl", *args], input=stdin)
        events = [json.loads(line) for line in result.stdout.splitlines()]
        lines = result.stderr.splitlines()
        skipped: dict[str, str] = {}
        notes: dict[str, list[str]] = {}
        for line in lines:
            m = LINE_RE.fullmatch(line)
            assert m, f"stderr line not in the `herald: skipped PATH: REASON` format: {line!r}"
            if m[1] == "skipped":
                assert m[2] not in skipped, f"{m[2]} reported twice"
                skipped[m[2]] = m[3]
            else:
                notes.setdefault(m[2], []).append(m[3])
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for event in events:
            assert_event(event)
            by_doc.setdefault(event["doc_id"], []).append(event)
        return Run(result.exit_code, events, skipped, notes, lines, result.exception, by_doc)

    return run


def _write_settings(tmp_path: Path, **values: Any) -> str:
    path = tmp_path / "settings.toml"
    path.write_text(
        "".join(f"{key} = {json.dumps(value)}\n" for key, value in values.items()), "utf-8"
    )
    return str(path)


# ------------------------------------------------------------------ the corpus
GOOD = {  # name -> a piece of text an event sentence must contain (decoded right)
    "good.txt": "Israeli forces",
    "utf16_bom.txt": "Israeli forces",
    "utf16_no_bom.txt": "Israeli forces",
    "latin1.txt": "Türkiye's President",
    "mixed_encoding.txt": "Erdoğan held",
    "truncated_utf8.txt": "Israeli forces",
    "stray_nul.txt": "Israeli forces",
    "crlf.txt": "Israeli forces",
    "rtl_marks.txt": "Israeli forces",
    "broken.html": "Israeli forces",
    "page_saved_as.txt": "Israeli forces",
    "articles.jsonl:1": "Israeli forces",
    "articles.jsonl:5": "Israeli forces",
    "articles.jsonl:6": "Israeli forces",
    "caf\\xe9.txt": "Israeli forces",  # a file name that is not valid UTF-8
}
JSONL_IDS = {"articles.jsonl:5": "17"}  # a record with an "id" keeps it as doc_id
BAD = {  # name -> the reason printed
    "empty.txt": r"empty file",
    "whitespace.txt": r"no text \(only whitespace\)",
    "nul.txt": r"binary content \(100% NUL bytes\), not text",
    "controls.txt": r"binary content \(control characters\), not text",
    "invalid_utf8.txt": r"not valid UTF-8 text \(byte 0x80 at offset 0\); re-encode it as UTF-8",
    "huge.txt": r"104\.9 MB is over the 5\.0 MB limit \(raise max_doc_bytes in a settings file to code it\)",
    "gzip.txt": r"binary content \(gzip-compressed data\), not text",
    "image.txt": r"binary content \(a PNG image\), not text",
    "french.txt": r"not English \(detected 'fr' with probability \d\.\d\d\); herald codes English text only",
    "arabic.txt": r"not English \(detected 'ar' with probability \d\.\d\d\); herald codes English text only",
    "menu.html": r"no article text found \(the page is all menus, links or captions\)",
    "garbage.warc": r"not a readable WARC file: .+",
    "self_loop.txt": r"symbolic link loop \(the link leads back to itself\)",
    "dangling.txt": r"broken symbolic link \(its target does not exist\)",
    "sub/loop": r"symbolic link loop \(it points back to .+, which contains it\); not followed",
    "articles.jsonl:2": r"not valid JSON \(.+\)",
    "articles.jsonl:3": r"a JSON line must be an object with a 'text' or 'html' field",
    "articles.jsonl:4": r"empty 'text'",
}


def write_corpus(root: Path) -> None:
    """Every nasty input of the issue, good and bad, under `root`."""
    root.mkdir()
    (root / "good.txt").write_text(ARTICLE, "utf-8")
    (root / "utf16_bom.txt").write_text(ARTICLE, "utf-16")  # with a BOM
    (root / "utf16_no_bom.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    (root / "latin1.txt").write_bytes(LATIN1_ARTICLE.encode("latin-1"))
    (root / "mixed_encoding.txt").write_bytes(
        b"\x92".join(part.encode() for part in MIXED_ARTICLE.split("\x92"))
    )
    (root / "truncated_utf8.txt").write_bytes(ARTICLE.encode("utf-8") + "Erdoğan".encode()[:5])
    (root / "stray_nul.txt").write_bytes(ARTICLE.encode("utf-8").replace(b"Sunday", b"Sun\x00day"))
    (root / "crlf.txt").write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    (root / "rtl_marks.txt").write_text(RTL_ARTICLE, "utf-8")
    (root / "broken.html").write_text(BROKEN_HTML, "utf-8")
    (root / "page_saved_as.txt").write_text(PAGE_AS_TXT, "utf-8")
    (root / os.fsdecode(b"caf\xe9.txt")).write_text(ARTICLE, "utf-8")
    lines = [
        json.dumps({"text": ARTICLE}),
        '{"text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"text": "   ", "html": "  "}),
        '{"id": 17, "text": "'
        + ARTICLE.replace("\n", "\\n").replace("Erdogan", "Erdogan\\ud800")
        + '"}',
        json.dumps(
            {"html": "<html><body><p>" + ARTICLE.replace("\n\n", "</p><p>") + "</p></body></html>"}
        ),
    ]
    (root / "articles.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "whitespace.txt").write_text(" \n\t\r\n \u3000\n", "utf-8")
    (root / "nul.txt").write_bytes(b"\x00" * 4096)
    (root / "controls.txt").write_bytes(bytes(range(1, 9)) * 200 + b"some text")
    (root / "invalid_utf8.txt").write_bytes(bytes(range(0x80, 0x100)) * 40)
    with (root / "huge.txt").open("wb") as fh:  # 100 MiB, sparse: nothing is written to disk
        fh.truncate(100 * 1024 * 1024)
    (root / "gzip.txt").write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (root / "french.txt").write_text(FRENCH, "utf-8")
    (root / "arabic.txt").write_text(ARABIC, "utf-8")
    (root / "menu.html").write_text(MENU_HTML, "utf-8")
    (root / "garbage.warc").write_bytes(b"this is not a WARC record\r\n" * 10)
    (root / "self_loop.txt").symlink_to("self_loop.txt")
    (root / "dangling.txt").symlink_to("nowhere.txt")
    (root / "sub").mkdir()
    (root / "sub" / "loop").symlink_to("..", target_is_directory=True)
    (root / ".hidden.txt").write_text(ARTICLE, "utf-8")  # hidden files are not inputs


def test_hostile_corpus_bad_inputs_skipped_good_ones_coded(cli: Any, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write_corpus(root)
    run = cli(str(root))
    assert run.exit_code == 0, run.exception
    prefix = str(root) + os.sep
    skipped = {path.removeprefix(prefix): reason for path, reason in run.skipped.items()}
    for name, reason in BAD.items():
        assert name in skipped, f"{name} was not reported as skipped"
        assert re.fullmatch(reason, skipped[name]), f"{name}: {skipped[name]!r}"
    for name, must_contain in GOOD.items():
        doc_id = JSONL_IDS.get(name, prefix + name)
        assert name not in skipped, f"{name} skipped: {skipped.get(name)}"
        events = run.by_doc.get(doc_id, [])
        assert events, f"{name} coded no event"
        assert any(must_contain in event["sentence"] for event in events), (name, events)
    # Nothing lost: every input was either coded or reported.
    assert set(skipped) == set(BAD)
    assert set(run.by_doc) == {JSONL_IDS.get(name, prefix + name) for name in GOOD}
    assert not run.notes


def test_hostile_decoding_keeps_the_characters(cli: Any, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write_corpus(root)
    run = cli(
        str(root / "latin1.txt"), str(root / "mixed_encoding.txt"), str(root / "rtl_marks.txt")
    )
    assert run.exit_code == 0 and not run.skipped
    sentences = {event["doc_id"].rsplit(os.sep, 1)[-1]: event["sentence"] for event in run.events}
    assert "Türkiye's President Recep Tayyip Erdogan" in sentences["latin1.txt"]
    assert (
        "Erdoğan" in sentences["mixed_encoding.txt"] and "Ã" not in sentences["mixed_encoding.txt"]
    )


def test_hostile_lone_surrogate_in_jsonl_is_written_as_valid_utf8(cli: Any, tmp_path: Path) -> None:
    """Regression: a `\\ud800` escape reached the writer and crashed the run."""
    path = tmp_path / "a.jsonl"
    path.write_text(
        '{"id": "s", "text": "'
        + ARTICLE.replace("\n", "\\n").replace("Israeli", "Israeli\\udc00")
        + '"}\n'
    )
    run = cli(str(path))
    assert run.exit_code == 0, run.exception
    assert run.events and all(
        "\ufffd" in e["sentence"] for e in run.events if "Israeli" in e["sentence"]
    )


def test_hostile_file_removed_while_the_directory_is_walked(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "walk"
    (root / "c_dir").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "c_dir/d.txt"):
        (root / name).write_text(ARTICLE, "utf-8")
    original = herald.readers.read_path

    def read_and_remove(path: Path, settings: Settings) -> Any:
        if path.name == "a.txt":  # os.walk has listed b.txt and c_dir already
            (root / "b.txt").unlink()
            shutil.rmtree(root / "c_dir")
        return original(path, settings)

    monkeypatch.setattr(herald.readers, "read_path", read_and_remove)
    run = cli(str(root))
    assert run.exit_code == 0, run.exception
    assert set(run.by_doc) == {str(root / "a.txt")}
    assert run.skipped == {
        str(root / "b.txt"): "no such file (it was removed or renamed before it could be read)",
        str(root / "c_dir"): "cannot read directory: No such file or directory",
    }


def test_hostile_missing_input_path(cli: Any, tmp_path: Path) -> None:
    run = cli(str(tmp_path / "nope.txt"), str(tmp_path / "also-nope"))
    assert run.exit_code == 0
    gone = "no such file (it was removed or renamed before it could be read)"
    assert run.skipped == {str(tmp_path / "nope.txt"): gone, str(tmp_path / "also-nope"): gone}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input"),
        (b"  \n\t ", "empty input"),
        (gzip.compress(b"hello"), "binary content (gzip-compressed data), not text"),
        (b"\x00" * 100, "binary content (100% NUL bytes), not text"),
        (FRENCH.encode(), None),
    ],
)
def test_hostile_stdin(cli: Any, data: bytes, reason: str | None) -> None:
    run = cli("-", stdin=data)
    assert run.exit_code == 0, run.exception
    assert not run.events
    if reason:
        assert run.skipped == {"<stdin>": reason}
    else:
        assert run.skipped["<stdin>"].startswith("not English (detected 'fr'")


def test_hostile_stdin_article_is_coded(cli: Any) -> None:
    run = cli("-", stdin=ARTICLE.encode("utf-16"))
    assert run.exit_code == 0 and not run.skipped
    assert {e["doc_id"] for e in run.events} == {"<stdin>"}


# ------------------------------------------------------------------ the 100 MB file
def test_hostile_100mb_file_rejected_by_size_before_reading(cli: Any, tmp_path: Path) -> None:
    txt, jsonl = tmp_path / "huge.txt", tmp_path / "huge.jsonl"
    for path in (txt, jsonl):
        with path.open("wb") as fh:  # sparse: instant, and takes no disk space
            fh.truncate(100 * 1024 * 1024)
    tracemalloc.start()
    try:
        items = list(iter_inputs([str(txt), str(jsonl)], Settings()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000, f"{peak / 1e6:.0f} MB held in memory: the file was read whole"
    assert [type(item) for item in items] == [Skipped, Skipped]
    run = cli(str(txt), str(jsonl))
    assert run.exit_code == 0
    limit = "is over the 5.0 MB limit (raise max_doc_bytes in a settings file to code it)"
    assert run.skipped == {str(txt): f"104.9 MB {limit}", str(jsonl) + ":1": f"104.9 MB {limit}"}


def test_hostile_long_jsonl_line_skipped_and_the_next_line_still_read(tmp_path: Path) -> None:
    """Regression: a jsonl line was read whole into memory before its size was checked."""
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"id": "ok", "text": ARTICLE}) + "\n"
    )
    items = list(iter_inputs([str(path)], Settings(max_doc_bytes=1000)))
    assert isinstance(items[0], Skipped) and items[0].source == f"{path}:1"
    assert items[0].reason.startswith("5,013 bytes is over the 1,000 bytes limit")
    assert isinstance(items[1], Document) and items[1].doc_id == "ok"


# ------------------------------------------------------------------ limits, set by --settings
def test_hostile_limit_max_doc_bytes(cli: Any, tmp_path: Path) -> None:
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text(ARTICLE[:200], "utf-8")
    big.write_text(ARTICLE, "utf-8")
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(
        json.dumps({"id": "long", "text": ARTICLE})
        + "\n"
        + json.dumps({"id": "short", "text": "x"})
    )
    run = cli(
        "--settings", _write_settings(tmp_path, max_doc_bytes=250), str(small), str(big), str(jsonl)
    )
    assert run.exit_code == 0
    size = len(ARTICLE.encode())
    reason = "is over the 250 bytes limit (raise max_doc_bytes in a settings file to code it)"
    assert run.skipped[str(big)] == f"{size} bytes {reason}"
    assert run.skipped[f"{jsonl}:1"].endswith(reason)
    assert str(small) not in run.skipped
    stdin = cli(
        "--settings", _write_settings(tmp_path, max_doc_bytes=250), "-", stdin=ARTICLE.encode()
    )
    assert stdin.skipped == {"<stdin>": f"it {reason}"}


def test_hostile_limit_max_sentence_chars(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    long_sentence = ARTICLE.split("\n\n")[2].strip()  # the 128-character air strike
    path.write_text("Gaza strikes\n\n" + long_sentence + "\n", "utf-8")
    default = cli(str(path))
    limited = cli("--settings", _write_settings(tmp_path, max_sentence_chars=100), str(path))
    assert not default.notes
    assert [e["sentence"] for e in default.events] == [long_sentence]
    assert limited.exit_code == 0
    assert limited.notes == {str(path): ["1 sentence(s) over 100 characters not parsed"]}
    assert not limited.events


def test_hostile_limit_max_doc_chars(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    run = cli("--settings", _write_settings(tmp_path, max_doc_chars=200), str(path))
    assert run.exit_code == 0
    assert run.notes == {str(path): ["text cut at 200 characters"]}
    assert all(e["span"][1] <= 200 for e in run.events)


def test_hostile_limit_doc_time_limit_s(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    run = cli("--settings", _write_settings(tmp_path, doc_time_limit_s=0.0), str(path), str(path))
    assert run.exit_code == 0
    note = "stopped after 0 s (doc_time_limit_s); later sentences not coded"
    assert run.stderr_lines == [f"herald: note {path}: {note}"] * 2
    assert not run.events


def test_hostile_doc_time_limit_stops_preparing_and_coding(
    monkeypatch: pytest.MonkeyPatch, pipeline: Pipeline
) -> None:
    """The limit covers the pre-filter as well as coding (a fake clock: tests never time things)."""
    import herald.pipeline as pipeline_module

    ticks = iter(range(0, 10_000, 2))
    monkeypatch.setattr(pipeline_module.time, "perf_counter", lambda: float(next(ticks)))
    limited = Pipeline(
        Settings(doc_time_limit_s=5.0), kb=pipeline.kb, lexicon=pipeline.lexicon, nlp=pipeline.nlp
    )
    text = " ".join(f"Kenyan police arrested {n} protesters in Nairobi." for n in range(40))
    [doc] = list(limited.run([Document(doc_id="x", raw=text)]))
    assert any("stopped after 5 s (doc_time_limit_s)" in note for note in doc.notes)
    assert len(doc.events) < 40


def test_hostile_long_capitalised_run_is_not_parsed(pipeline: Pipeline) -> None:
    text = "Turkish President Recep Tayyip " * 3000  # one 93,000-character sentence
    [doc] = list(pipeline.run([Document(doc_id="x", raw=text)]))
    assert any("over 1000 characters not parsed" in note for note in doc.notes)
    assert doc.events == []


def test_hostile_settings_file_errors_are_clean(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text("max_doc_byte = 5\n")
    run = CliRunner().invoke(main, ["code", "--settings", str(bad), str(path)])
    assert run.exit_code == 1
    assert "unknown setting(s) max_doc_byte" in run.stderr
    bad.write_text("max_doc_bytes = \n")
    run = CliRunner().invoke(main, ["code", "--settings", str(bad), str(path)])
    assert run.exit_code == 1 and run.stderr.startswith("Error: cannot read settings file")


def test_hostile_settings_file_with_a_wrong_type(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, "utf-8")
    run = CliRunner().invoke(
        main, ["code", "--settings", _write_settings(tmp_path, max_doc_bytes="big"), str(path)]
    )
    assert run.exit_code == 1
    assert (
        "setting max_doc_bytes" in run.stderr and "must be a whole number, got 'big'" in run.stderr
    )
    assert "Traceback" not in run.stderr


def test_full_temporary_folder_at_start_up_is_one_clear_error(monkeypatch) -> None:
    """py3langid unpacks its model through a temporary file: a full /tmp is said in one line."""
    import errno
    import tempfile

    from herald.errors import ModelError
    from herald.stages import language

    def no_space(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    language.load_identifier.cache_clear()
    monkeypatch.setattr(tempfile, "TemporaryFile", no_space)
    try:
        with pytest.raises(ModelError) as err:
            language.load_identifier()
        assert str(err.value).startswith(
            "cannot load the language identifier: No space left on device (it unpacks its model "
            f"into the temporary folder {tempfile.gettempdir()}"
        )
    finally:
        monkeypatch.undo()
        language.load_identifier.cache_clear()
