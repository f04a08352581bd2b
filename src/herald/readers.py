"""Turn inputs (files, directories, stdin) into `Document`s or `Skipped` records.

Readers never raise for a bad input: they yield `Skipped(path, reason)` so the
CLI can print one line and go on. Supported: `.txt` pages, `.html`/`.htm`,
`.jsonl` (one article a line), `.warc`/`.warc.gz`, directories (walked
recursively, in sorted order) and `-` for standard input.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import gzip
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from herald.schema import Document, Skipped
from herald.settings import Settings

Item = Document | Skipped

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = (".warc", ".warc.gz")

_MAGIC = {
    b"\x1f\x8b": "gzip-compressed data",
    b"PK\x03\x04": "a zip archive",
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "an executable",
}


def iter_inputs(paths: Iterable[str], settings: Settings | None = None) -> Iterator[Item]:
    """Every document (or skip record) of every input, in order."""
    settings = settings or Settings()
    for path in paths:
        if path == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>", settings)
        elif os.path.isdir(path):
            yield from _walk(Path(path), settings)
        else:
            yield from read_path(Path(path), settings)


def _walk(root: Path, settings: Settings) -> Iterator[Item]:
    """Files under `root`, sorted, following no symlinked directories (no loops).

    A symlinked directory is reported as skipped rather than dropped in silence.
    """
    seen_dirs: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=False):
        try:
            st = os.stat(dirpath)
            if (st.st_dev, st.st_ino) in seen_dirs:
                dirnames[:] = []
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
        except OSError as err:
            yield Skipped(display_path(dirpath), f"cannot read directory: {err.strerror or err}")
            continue
        linked = sorted(name for name in dirnames if os.path.islink(os.path.join(dirpath, name)))
        dirnames[:] = sorted(name for name in dirnames if name not in linked)
        for name in linked:
            link = os.path.join(dirpath, name)
            yield Skipped(display_path(link), _dir_link_reason(dirpath, link))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            yield from read_path(Path(dirpath) / name, settings)
    for err in errors:
        where = display_path(str(err.filename or root))
        yield Skipped(where, f"cannot read directory: {err.strerror or err}")


def _dir_link_reason(dirpath: str, link: str) -> str:
    target = os.path.realpath(link)
    here = os.path.realpath(dirpath)
    if here == target or here.startswith(target.rstrip(os.sep) + os.sep):
        return (
            f"symbolic link loop (it points back to {display_path(target)}, which contains it); "
            "not followed"
        )
    return "symbolic link to a directory; not followed (give its target as an input to code it)"


def display_path(name: str) -> str:
    """A path as printable text: undecodable bytes in file names are shown as \\xNN escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _stat_problem(path: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symbolic link loop (the link leads back to itself)"
    if err.errno == errno.ENOENT:
        if path.is_symlink():
            return "broken symbolic link (its target does not exist)"
        return "no such file (it was removed or renamed before it could be read)"
    return f"cannot read file: {err.strerror or err}"


def read_path(path: Path, settings: Settings) -> Iterator[Item]:
    """The documents in one file, by its suffix.

    The size is checked before anything is read, and at most `max_doc_bytes + 1`
    bytes of a page are ever held in memory (the file may grow while it is read).
    """
    name = display_path(str(path))
    lower = name.lower()
    try:
        st = path.stat()
    except OSError as err:
        yield Skipped(name, _stat_problem(path, err))
        return
    if not stat.S_ISREG(st.st_mode):
        yield Skipped(name, "not a regular file")
        return
    if st.st_size == 0 and lower.endswith((*WARC_SUFFIXES, *JSONL_SUFFIXES)):
        yield Skipped(name, "empty file")
        return
    if lower.endswith(WARC_SUFFIXES):
        yield from _read_warc(path, settings)
        return
    if lower.endswith(tuple(JSONL_SUFFIXES)):
        yield from _read_jsonl(path, settings)
        return
    if st.st_size > settings.max_doc_bytes:
        yield Skipped(name, _too_big(st.st_size, settings))
        return
    try:
        with path.open("rb") as fh:
            data = fh.read(settings.max_doc_bytes + 1)
    except OSError as err:
        yield Skipped(name, _stat_problem(path, err))
        return
    if not data:
        yield Skipped(name, "empty file")
        return
    if len(data) > settings.max_doc_bytes:
        yield Skipped(name, _too_big(None, settings) + "; it grew while it was read")
        return
    html = Path(lower).suffix in HTML_SUFFIXES or _looks_like_html(data)
    yield _document_from_bytes(data, name, settings, html=html)


def _too_big(size: int | None, settings: Settings) -> str:
    """The skip reason for an input over max_doc_bytes (size None: only known to be over)."""
    what = _mb(size) if size is not None else "it"
    return (
        f"{what} is over the {_mb(settings.max_doc_bytes)} limit "
        "(raise max_doc_bytes in a settings file to code it)"
    )


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def _read_stream(stream: IO[bytes], name: str, settings: Settings) -> Iterator[Item]:
    """Standard input: JSON lines when the first character is `{`, else one text page."""
    data = stream.read(settings.max_doc_bytes + 1)
    if len(data) > settings.max_doc_bytes:
        yield Skipped(name, _too_big(None, settings))
        return
    if not data.strip():
        yield Skipped(name, "empty input")
        return
    if data.lstrip()[:1] == b"{":
        yield from _jsonl_lines(io.BytesIO(data), name, settings)
    else:
        yield _document_from_bytes(data, name, settings, html=_looks_like_html(data))


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def decode(data: bytes) -> str:
    """Bytes to text: BOMs honoured, UTF-8 first, then Windows-1252 for plain legacy text.

    Raises ValueError with a readable reason for binary or undecodable content.
    """
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ValueError(f"binary content ({what}), not text")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode_as(
                data, encoding, f"starts with a {encoding} byte-order mark but is not {encoding}"
            )
    sample = data[:65536]
    nuls = sample.count(0)
    if nuls:
        utf16 = _utf16_without_bom(sample)
        if utf16:
            return _decode_as(
                data, utf16, f"looks like {utf16} without a byte-order mark but is not"
            )
        if nuls > len(sample) // 100:
            raise ValueError(f"binary content ({nuls / len(sample):.0%} NUL bytes), not text")
        data = data.replace(b"\x00", b"")  # a few stray NULs in a text page
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        high = sum(1 for b in sample if b >= 0x80)
        if high / max(len(sample), 1) < 0.3:
            # Legacy text, or UTF-8 mixed with Windows-1252 / Latin-1 pieces, or UTF-8
            # cut inside a character: keep every valid UTF-8 sequence and read the
            # rest as Windows-1252.
            return _check_text(data.decode("utf-8", _LEGACY_FALLBACK))
        raise ValueError(
            f"not valid UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "re-encode it as UTF-8"
        ) from err


def _legacy_fallback(err: UnicodeError) -> tuple[str, int]:
    """codecs error handler: undecodable UTF-8 bytes read as Windows-1252 (else Latin-1)."""
    if not isinstance(err, UnicodeDecodeError):  # registered for decoding only
        raise err
    bad = err.object[err.start : err.end]
    if err.reason == "unexpected end of data" and len(bad) > 1:
        return "", err.end  # a UTF-8 character cut off by truncation
    return "".join(_CP1252_BYTE[b] for b in bad), err.end


_CP1252_BYTE = [bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(256)]
_LEGACY_FALLBACK = "herald-utf8-cp1252"
codecs.register_error(_LEGACY_FALLBACK, _legacy_fallback)


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NULs fill every other byte, as in UTF-16 of Latin text."""
    head = sample[:4096]
    even, odd = head[0::2], head[1::2]
    if len(odd) < 8:
        return None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decode_as(data: bytes, encoding: str, failure: str) -> str:
    """`data` decoded as `encoding`, or ValueError(failure) when it is not."""
    try:
        return _check_text(data.decode(encoding))
    except UnicodeDecodeError as err:
        raise ValueError(failure) from err


def _check_text(text: str) -> str:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if sample and controls / len(sample) > 0.05:
        raise ValueError("binary content (control characters), not text")
    return text


def _document_from_bytes(data: bytes, name: str, settings: Settings, *, html: bool) -> Item:
    try:
        text = decode(data)
    except ValueError as err:
        return Skipped(name, str(err))
    if not text.strip():
        return Skipped(name, "no text (only whitespace)")
    if html:
        return Document(doc_id=name, raw="", html=text)
    return Document(doc_id=name, raw=text)


def _read_jsonl(path: Path, settings: Settings) -> Iterator[Item]:
    try:
        with path.open("rb") as fh:
            yield from _jsonl_lines(fh, str(path), settings)
    except OSError as err:
        yield Skipped(str(path), f"cannot read file: {err.strerror or err}")


def _jsonl_lines(fh: IO[bytes], name: str, settings: Settings) -> Iterator[Item]:
    """One document per line; a line over max_doc_bytes is skipped without being held in memory."""
    limit = settings.max_doc_bytes
    number = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        number += 1
        where = f"{name}:{number}"
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while line and not line.endswith(b"\n"):  # drain the rest of the long line
                line = fh.readline(1 << 20)
                size += len(line)
            yield Skipped(where, _too_big(size, settings))
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            yield Skipped(where, f"not valid JSON ({err})")
            continue
        except RecursionError:
            yield Skipped(where, "not valid JSON (nested too deeply)")
            continue
        yield document_from_record(record, where)


def document_from_record(record: Any, where: str) -> Item:
    """A jsonl record `{"id", "text" | "html", "url", "title", "pub_date", "source"}`."""
    if not isinstance(record, dict):
        return Skipped(where, "a JSON line must be an object with a 'text' or 'html' field")
    text, html = _text(record.get("text")), _text(record.get("html"))
    if text is None and html is None:
        return Skipped(where, "no 'text' or 'html' string field")
    if text is not None and text.strip():
        html = None
    elif html is not None and html.strip():
        text = ""
    else:
        return Skipped(where, "empty 'text'")
    doc_id = _scalar(record.get("id")) or _text(record.get("url")) or where
    pub = record.get("pub_date") or record.get("date")
    return Document(
        doc_id=doc_id,
        raw=text or "",
        html=html,
        title=_text(record.get("title")),
        url=_text(record.get("url")),
        source=_text(record.get("source")),
        pub_date=(_scalar(pub) or "")[:10] or None,
        pub_date_origin="metadata" if _scalar(pub) else None,
    )


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _text(value: Any) -> str | None:
    """A JSON string field, with lone surrogates (from `\\ud800` escapes) made U+FFFD; else None.

    A lone surrogate cannot be written out as UTF-8, so it must not reach the output.
    """
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else None


def _scalar(value: Any) -> str | None:
    """A JSON string or number as text (an `id` of 17 is "17"); None for anything else or empty."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _text(value) or None


def _read_warc(path: Path, settings: Settings) -> Iterator[Item]:
    """HTML responses of a WARC file (Common Crawl News), one document each.

    warcio writes its warnings about malformed records straight to stderr; they are
    caught here (never across a `yield`) and reported as one skip line instead.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = display_path(str(path))
    warnings = io.StringIO()
    found = 0
    try:
        with path.open("rb") as fh:
            records = ArchiveIterator(fh)
            while True:
                with contextlib.redirect_stderr(warnings):
                    record = next(records, None)
                    item = _warc_item(record, name, settings) if record is not None else None
                if record is None:
                    break
                if item is not None:
                    found += 1
                    yield item
    except (ArchiveLoadFailed, OSError, EOFError, gzip.BadGzipFile, ValueError) as err:
        yield Skipped(name, f"not a readable WARC file: {err}")
        return
    malformed = warnings.getvalue().count("WARNING")
    if malformed:
        what = "WARC file partly unreadable" if found else "not a readable WARC file"
        yield Skipped(name, f"{what}: {malformed} malformed record(s) (invalid Content-Length?)")
    elif not found:
        yield Skipped(name, "no HTML responses in this WARC file")


def _warc_item(record: Any, name: str, settings: Settings) -> Item | None:
    """The document of one WARC record, or None when it is not an HTML response."""
    if record.rec_type != "response":
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
    if "html" not in ctype.lower():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or name
    data = record.content_stream().read(settings.max_doc_bytes + 1)
    if len(data) > settings.max_doc_bytes:
        return Skipped(url, _too_big(None, settings))
    item = _document_from_bytes(data, url, settings, html=True)
    if isinstance(item, Document):
        item.url = url
    return item
