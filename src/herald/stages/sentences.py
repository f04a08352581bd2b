"""Sentence splitting by rule, before any parsing.

Splitting comes before the parser so that the pre-filter can drop sentences that
cannot hold an event and the parser sees only candidates. Every paragraph (a line
of the cleaned text) ends a sentence; inside a paragraph a sentence ends at . ! ?
followed by a capital or a quote, except after common abbreviations and initials.
"""

from __future__ import annotations

import re

from herald.schema import Document, Sentence

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "cpt",
    "sgt",
    "adm",
    "sen",
    "rep",
    "gov",
    "pres",
    "st",
    "jr",
    "sr",
    "no",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mt",
    "ft",
    "rev",
    "hon",
    "sheikh",
    "u.s",
    "u.n",
    "u.k",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
    "fig",
    "approx",
    "dept",
    "est",
    "al",
}
# Matches only from the first mark of a run, possessively: a long run of dots or
# quotes ("........") would otherwise be rescanned from every position (quadratic).
_BOUNDARY = re.compile(r"(?<![.!?…])([.!?…]++[\"'”’)\]]*+)\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def split_paragraph(text: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph."""
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end(1)
        # Only the last word matters; look at a bounded window so that a long run of
        # abbreviations ("Mr. A Mr. B ...") is not rescanned from `start` each time.
        before = text[max(start, m.start(1) - 64) : m.start(1)]
        last_word = re.split(r"[\s(]", before)[-1].lower() if before else ""
        if m.group(1) == "." and (
            last_word.rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word)
        ):
            continue
        if end - start > 1:
            spans.append((offset + start, offset + end))
        start = m.end()
    if start < len(text):
        spans.append((offset + start, offset + len(text.rstrip())))
    return [(s, e) for s, e in spans if e > s]


def split_sentences(doc: Document) -> Document:
    """Fill `doc.sentences` from `doc.text`; the title's paragraph gets zone 'title'."""
    sentences: list[Sentence] = []
    pos = 0
    text = doc.text
    first = True
    for para in text.split("\n"):
        if para.strip():
            lead = len(para) - len(para.lstrip())
            zone = "title" if first and doc.title and para.strip() == doc.title.strip() else "body"
            for start, end in split_paragraph(para.strip(), pos + lead):
                sentences.append(Sentence(start, end, text[start:end], zone))
            first = False
        pos += len(para) + 1
    doc.sentences = sentences
    return doc


class SplitSentences:
    name = "sentences"
    reads = ("text", "title")
    writes = ("sentences",)

    def __call__(self, doc: Document) -> Document:
        return split_sentences(doc)
