"""Turn inputs (files, directories, stdin) into `Document`s or `Skipped` records.

Readers never raise for a bad input: they yield `Skipped(path, reason)` so the
CLI can print one line and go on. Supported: `.txt` pages, `.html`/`.htm`,
`.jsonl` (one article a line), `.warc`/`.warc.gz`, directories (walked
recursively, in sorted order) and `-` for standard input.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
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
    """Files under `root`, sorted, following no symlinked directories (no loops)."""
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
            yield Skipped(dirpath, f"cannot read directory: {err.strerror or err}")
            continue
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            yield from read_path(Path(dirpath) / name, settings)
    for err in errors:
        yield Skipped(str(err.filename or root), f"cannot read directory: {err.strerror or err}")


def read_path(path: Path, settings: Settings) -> Iterator[Item]:
    """The documents in one file, by its suffix."""
    name = str(path)
    lower = name.lower()
    try:
        if path.is_symlink() and not path.exists():
            yield Skipped(name, "broken symbolic link (its target does not exist)")
            return
        if not path.is_file():
            yield Skipped(name, "not a regular file")
            return
        size = path.stat().st_size
    except OSError as err:
        yield Skipped(name, f"cannot read file: {err.strerror or err}")
        return
    if lower.endswith(WARC_SUFFIXES):
        yield from _read_warc(path, settings)
        return
    if size == 0:
        yield Skipped(name, "empty file")
        return
    if lower.endswith(tuple(JSONL_SUFFIXES)):
        yield from _read_jsonl(path, settings)
        return
    if size > settings.max_doc_bytes:
        yield Skipped(name, _too_big(size, settings))
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield Skipped(name, f"cannot read file: {err.strerror or err}")
        return
    yield _document_from_bytes(data, name, settings, html=Path(lower).suffix in HTML_SUFFIXES)


def _too_big(size: int, settings: Settings) -> str:
    return (
        f"{size / 1e6:.1f} MB is over the {settings.max_doc_bytes / 1e6:.1f} MB limit "
        "(raise max_doc_bytes in a settings file to code it)"
    )


def _read_stream(stream: IO[bytes], name: str, settings: Settings) -> Iterator[Item]:
    """Standard input: JSON lines when the first character is `{`, else one text page."""
    data = stream.read(settings.max_doc_bytes + 1)
    if len(data) > settings.max_doc_bytes:
        yield Skipped(name, _too_big(len(data), settings))
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
            try:
                return _check_text(data.decode(encoding))
            except UnicodeDecodeError as err:
                raise ValueError(f"starts with a {encoding} byte-order mark but is not {encoding}") from err
    if b"\x00" in data[:65536]:
        raise ValueError("binary content (contains NUL bytes), not text")
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        high = sum(1 for b in data[:65536] if b >= 0x80)
        sample = min(len(data), 65536)
        if high / max(sample, 1) < 0.3:
            try:
                return _check_text(data.decode("cp1252"))
            except UnicodeDecodeError:
                pass
        raise ValueError(
            f"not valid UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "re-encode it as UTF-8"
        ) from err


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
    for number, line in enumerate(fh, 1):
        where = f"{name}:{number}"
        if not line.strip():
            continue
        if len(line) > settings.max_doc_bytes:
            yield Skipped(where, _too_big(len(line), settings))
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            yield Skipped(where, f"not valid JSON ({err})")
            continue
        yield document_from_record(record, where)


def document_from_record(record: Any, where: str) -> Item:
    """A jsonl record `{"id", "text" | "html", "url", "title", "pub_date", "source"}`."""
    if not isinstance(record, dict):
        return Skipped(where, "a JSON line must be an object with a 'text' or 'html' field")
    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return Skipped(where, "no 'text' or 'html' string field")
    if not (text or html or "").strip():
        return Skipped(where, "empty 'text'")
    doc_id = record.get("id") or record.get("url") or where
    pub = record.get("pub_date") or record.get("date")
    return Document(
        doc_id=str(doc_id),
        raw=text if isinstance(text, str) else "",
        html=html if isinstance(html, str) and not text else None,
        title=record.get("title") if isinstance(record.get("title"), str) else None,
        url=record.get("url") if isinstance(record.get("url"), str) else None,
        source=record.get("source") if isinstance(record.get("source"), str) else None,
        pub_date=str(pub)[:10] if pub else None,
        pub_date_origin="metadata" if pub else None,
    )


def _read_warc(path: Path, settings: Settings) -> Iterator[Item]:
    """HTML responses of a WARC file (Common Crawl News), one document each."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                if "html" not in ctype.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or str(path)
                data = record.content_stream().read(settings.max_doc_bytes + 1)
                if len(data) > settings.max_doc_bytes:
                    yield Skipped(url, _too_big(len(data), settings))
                    continue
                item = _document_from_bytes(data, url, settings, html=True)
                if isinstance(item, Document):
                    item.url = url
                yield item
    except (ArchiveLoadFailed, OSError, EOFError, gzip.BadGzipFile, ValueError) as err:
        yield Skipped(str(path), f"not a readable WARC file: {err}")
