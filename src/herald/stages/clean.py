"""Page cleaning: keep the title and the article body, drop the page furniture.

Text pages scraped from news sites carry menus, breaking-news tickers, "Related"
and "Most read" lists, photo captions, share buttons and footers. Events in those
are not the article's and must not be coded. The approach is the one of jusText
and trafilatura, on lines instead of DOM nodes:

1. classify every line as *prose* (long, ends like a sentence), *furniture*
   (markers, captions, bylines, tickers, tweet attributions) or *short*;
2. take the densest run of prose as the article core and extend it over nearby
   prose, stopping at end-of-article markers ("Most Read", "Read Next", ...);
3. keep short lines inside the body only when they look like sub-headings or
   bullet points, and pick the title from the lines just above the body.

HTML goes through trafilatura first (article extraction) and htmldate (its
publication date); the line pass then removes what trafilatura left.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from herald.schema import Document
from herald.stages.dates import find_date_in_line

log = logging.getLogger(__name__)

# Lines that open a block of furniture lasting until the next prose line.
_SOFT_MARKERS = re.compile(
    r"^(related( articles| news| stories| content| posts| coverage| topics)?|recommended|"
    r"read more|read also|also read|see also|more on this|more:|advertisement|"
    r"sponsored|share( this)?( article| story)?|follow us.*|listen to (this|the) article.*|"
    r"watch:?|watch the video.*|photos?|gallery|video|explainer|opinion|live|"
    r"subscribe.*|sign up.*|newsletter.*)\s*:?$",
    re.IGNORECASE,
)
# Lines after which nothing is article text any more.
_HARD_MARKERS = re.compile(
    r"^(most (read|popular|viewed|shared)|read next|more from .*|more stories|"
    r"you (may|might) also like.*|trending( now)?|popular( now| stories)?|latest( news)?|"
    r"top stories|editor'?s picks?|recommended for you|coverage|tags?:?|topics:?|explore|"
    r"back to top.*|all rights reserved.*|copyright.*|©.*|privacy policy|terms of (use|service)|"
    r"about us|contact us|comments?|leave a (comment|reply)|related topics)\s*:?$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^(source|sources|via|credit|credits|edited by|reporting by)\s*:", re.I)
_BYLINE = re.compile(
    r"^(by\s+[A-Z][\w.' -]{1,60}|\d+\s+min(ute)?s?\s+read|updated:?.*|published:?.*|"
    r"posted:?.*|last updated.*|share on .*|print|email|facebook|twitter|whatsapp|telegram|x)$",
    re.IGNORECASE,
)
_BREAKING = re.compile(r"^(breaking( news)?|just in|live updates?|news ?ticker|ticker)\s*:?$", re.I)
_TICKER_ITEM = re.compile(r"^[A-Z][\w'’.\- ]{1,60}:\s+\S")
_CAPTION_END = re.compile(
    r"\((?:[^()]{0,60}?\b(?:photo|photos|afp|ap|reuters|getty|epa|images?|media|archive|file|"
    r"xinhua|anadolu|aa|irna|wana|sana|handout|courtesy|screengrab|screenshot|via)\b[^()]{0,60})\)\s*$",
    re.IGNORECASE,
)
_CAPTION_ANY = re.compile(
    r"(/\s*photo\s*:|^photo\s*:|^image\s*:|^photograph\s*:|^picture\s*:|\bfile photo\b|"
    r"^\(?photo credit|\bphoto by\b)",
    re.IGNORECASE,
)
_TWEET_ATTRIBUTION = re.compile(r"^[—–-]\s*.{1,80}\(@\w{1,30}\).{0,40}$")
# Starts only at the first space of a run: "\s*" tried from every space of a long
# run of spaces would make this quadratic.
_URLS = re.compile(r"(?<!\s)\s*+(pic\.twitter\.com/\S+|https?://\S+)")
_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-–—•·*▪►]|\d{1,2}[.)])\s+")
# Control characters (other than whitespace, which becomes a space) and stray
# byte-order marks never belong to an article's text.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[.!?][\"'”’]?\s*\(\w[^)]{0,30}\)$")


@dataclass
class _Line:
    text: str
    kind: str  # prose | short | furniture | marker-soft | marker-hard | meta | breaking
    words: int


def clean_document(doc: Document) -> Document:
    """Fill `doc.text`, `doc.title` and (if still unknown) `doc.pub_date` from the page."""
    if doc.html is not None and not doc.raw:
        _extract_html(doc)
    if doc.title is not None:
        doc.title = _one_line(doc.title) or None
    raw = doc.raw.replace("\r\n", "\n").replace("\r", "\n")
    header = _DATE_HEADER.match(raw)
    if header:
        raw = raw[header.end() :]
        if not doc.pub_date:
            doc.pub_date, doc.pub_date_origin = header.group(1), "header"
    lines = [_classify(line) for line in _split_lines(raw)]
    title, body, meta = _select(lines, known_title=doc.title)
    if not doc.pub_date:
        for text in meta:
            found = find_date_in_line(text)
            if found:
                doc.pub_date, doc.pub_date_origin = found, "dateline"
                break
    doc.title = title
    if doc.html is not None and not body:
        # A page with no article body is all menus: its <title> alone is not an article.
        doc.text = ""
        return doc
    parts = ([title] if title else []) + body
    doc.text = "\n\n".join(parts)
    return doc


def _one_line(text: str) -> str:
    """Whitespace runs (newlines included) as one space, control characters removed."""
    return _CONTROLS.sub("", re.sub(r"\s+", " ", text)).strip()


def _extract_html(doc: Document) -> None:
    """Article text, title and date from HTML (trafilatura + htmldate)."""
    import trafilatura
    from htmldate import find_date

    html = doc.html or ""
    text, title, date = "", None, None
    try:
        result = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, with_metadata=True
        )
    except Exception as err:  # trafilatura raises many kinds on broken markup
        log.debug("trafilatura failed on %s: %s", doc.doc_id, err)
        result = None
    if result is not None:
        get = result.get if isinstance(result, dict) else (lambda k: getattr(result, k, None))
        text = get("text") or ""
        title = get("title")
        date = get("date")
    if not doc.pub_date:
        if not date:
            try:
                date = find_date(html, original_date=True, extensive_search=False)
            except Exception as err:  # htmldate is defensive but not on every input
                log.debug("htmldate failed on %s: %s", doc.doc_id, err)
                date = None
        if date:
            doc.pub_date, doc.pub_date_origin = str(date)[:10], "html"
    doc.raw = text
    if title and not doc.title:
        doc.title = title.strip()


def _split_lines(raw: str) -> list[str]:
    out: list[str] = []
    for line in raw.split("\n"):
        line = _one_line(_URLS.sub("", line))
        if line and out and _continues(out[-1], line):
            out[-1] = f"{out[-1]} {line}"  # a hard-wrapped sentence, one line again
        elif line:
            out.append(line)
    return out


def _continues(prev: str, line: str) -> bool:
    """'...said that the' + 'Cuban exile group's statement...': a sentence wrapped over
    lines (wire copy, e-mail, text pasted from PDF). Menus and lists are not joined: their
    lines are short or end in punctuation, and the next item starts with a capital."""
    words = prev.split()
    if len(words) < 4 or prev[-1] in _LINE_END_MARKS:
        return False
    return line[0].islower() or words[-1].lower() in _DANGLING


_LINE_END_MARKS = frozenset(".!?:;|\"”’')]»…")
# words a sentence cannot end with: the line goes on
_DANGLING = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "to",
        "that",
        "by",
        "in",
        "for",
        "with",
        "as",
        "at",
        "on",
        "from",
        "his",
        "her",
        "its",
        "their",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "be",
        "been",
        "will",
        "would",
    ]
)


def _classify(line: str) -> _Line:
    plain = _BULLET.sub("", line)
    words = len(plain.split())
    lower = plain.lower().strip()
    if _BREAKING.match(lower):
        kind = "breaking"
    elif _HARD_MARKERS.match(lower):
        kind = "marker-hard"
    elif _SOFT_MARKERS.match(lower) or (
        re.match(r"^(related|read more|also read)\s*:?\s*\S", lower)
        and (not _SENTENCE_END.search(plain) or lower.startswith(("read more", "also read")))
    ):
        kind = "marker-soft"
    elif _SOURCE_LINE.match(plain) or _BYLINE.match(plain):
        kind = "meta"
    elif _CAPTION_END.search(plain) or _CAPTION_ANY.search(plain) or _TWEET_ATTRIBUTION.match(line):
        kind = "furniture"
    elif (
        (words >= 8 and _SENTENCE_END.search(plain))
        or words >= 20
        or (words >= 5 and _SENTENCE_END.search(plain) and not plain.isupper())
    ):
        kind = "prose"
    else:
        kind = "short"
    if kind == "short" and find_date_in_line(plain) and words <= 8:
        kind = "meta"
    return _Line(
        plain if kind in ("prose", "short") and not _BULLET.match(line) else line, kind, words
    )


def _select(
    lines: list[_Line], *, known_title: str | None
) -> tuple[str | None, list[str], list[str]]:
    """(title, body lines, meta lines before the body) of a classified page.

    Over 60 lines: one pass over the page's lines whose title, body and meta
    decisions depend on one another (a title ends the meta lines, the body ends at
    the first furniture after it).
    """
    n = len(lines)
    in_ticker = False
    usable = [False] * n
    hard_stop = n
    for i, line in enumerate(lines):
        if line.kind == "breaking":
            in_ticker = True
            continue
        if in_ticker:
            if _TICKER_ITEM.match(line.text) or line.kind == "meta":
                lines[i] = _Line(line.text, "furniture", line.words)
                continue
            in_ticker = False
        usable[i] = line.kind == "prose"

    # The article core: the run of prose with the most words, where a run tolerates
    # short lines and soft furniture between prose lines but not hard markers.
    best_start = best_end = -1
    best_score = 0
    i = 0
    while i < n:
        if not usable[i]:
            i += 1
            continue
        start, end, score, gap = i, i, 0, 0
        j = i
        while j < n:
            kind = lines[j].kind
            if kind == "marker-hard":
                break
            if usable[j]:
                end, score, gap = j, score + lines[j].words, 0
            else:
                gap += 1
                if gap > 8:
                    break
            j += 1
        if score > best_score:
            best_start, best_end, best_score = start, end, score
        i = end + 1
    if best_start < 0:
        short = [ln.text for ln in lines if ln.kind == "short" and ln.words >= 4]
        return (known_title or (short[0] if short else None)), [], [ln.text for ln in lines]
    hard_stop = next((k for k in range(best_end, n) if lines[k].kind == "marker-hard"), n)

    body: list[str] = []
    skip_soft = False
    for k in range(best_start, min(best_end + 1, hard_stop)):
        line = lines[k]
        if line.kind == "marker-soft":
            skip_soft = True
            continue
        if usable[k]:
            skip_soft = False
            body.append(line.text)
        elif line.kind == "short" and not skip_soft and line.words >= 4:
            body.append(line.text)

    title = known_title
    meta: list[str] = []
    for k in range(best_start - 1, max(-1, best_start - 15), -1):
        line = lines[k]
        if line.kind in ("meta", "short"):
            meta.append(line.text)
        if (
            title is None
            and line.kind == "short"
            and 3 <= line.words <= 30
            and not line.text.endswith(":")
        ) and not find_date_in_line(line.text):
            title = line.text
    meta.extend(ln.text for ln in lines[best_start : best_end + 1] if ln.kind == "meta")
    seen: set[str] = set()
    if title:
        seen.add(_norm(title))
    unique = []
    for text in body:
        key = _norm(text)
        if key in seen:
            continue
        seen.add(key)
        unique.append(text)
    return title, unique, meta


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


class Clean:
    """Pipeline stage wrapper for `clean_document`."""

    name = "clean"
    reads = ("raw", "html", "title", "pub_date")
    writes = ("text", "title", "pub_date")

    def __call__(self, doc: Document) -> Document:
        return clean_document(doc)
