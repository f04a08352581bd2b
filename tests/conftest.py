"""Shared fixtures. Tests that load the spaCy model use `pipeline` and are marked slow."""

from __future__ import annotations

import pytest

from herald.kb import KnowledgeBase, load_kb
from herald.pipeline import Pipeline
from herald.schema import Document
from herald.settings import Settings


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The rules alone (spaCy model, KB, lexicon; no decision model, every candidate, partial
    ones too), for the whole test session: what the coding rules propose is tested on its own."""
    return Pipeline(Settings(decision_model="rules", min_confidence=0.0, keep_partial=True))


@pytest.fixture(scope="session")
def decided_pipeline() -> Pipeline:
    """The default pipeline: the rules' candidates decided by the shipped model."""
    return Pipeline(Settings())


def make_doc(text: str, pub_date: str | None = None, doc_id: str = "t1") -> Document:
    return Document(doc_id=doc_id, raw=text, pub_date=pub_date)


def codes(actors) -> set[str]:
    return {a.code for a in actors if a.code}
