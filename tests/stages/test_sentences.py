from __future__ import annotations

from herald.schema import Document
from herald.stages.sentences import split_sentences


def test_sentences_split_respects_abbreviations_and_keeps_offsets() -> None:
    text = 'Leaders meet in U.S. capital\n\nMr. Smith met Gen. Jones on Monday. They discussed aid. "We agree," he said.'
    doc = split_sentences(
        Document(doc_id="s", raw=text, text=text, title="Leaders meet in U.S. capital")
    )
    got = [s.text for s in doc.sentences]
    assert got == [
        "Leaders meet in U.S. capital",
        "Mr. Smith met Gen. Jones on Monday.",
        "They discussed aid.",
        '"We agree," he said.',
    ]
    assert doc.sentences[0].zone == "title"
    assert all(text[s.start : s.end] == s.text for s in doc.sentences)
