"""herald: news articles in, political event data out.

    >>> import herald
    >>> events = herald.code("Turkish President Erdogan met Iran's foreign minister in Ankara.",
    ...                      pub_date="2023-11-01")

The pipeline (spaCy model, knowledge base, lexicons) is built on the first call
and reused; build a `Pipeline` yourself to control settings.
"""

from __future__ import annotations

import functools
import logging

from herald.pipeline import Pipeline
from herald.schema import Actor, Document, Event, Location, Sentence, Skipped
from herald.settings import Settings

__all__ = [
    "Actor",
    "Document",
    "Event",
    "Location",
    "Pipeline",
    "Sentence",
    "Settings",
    "Skipped",
    "code",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


@functools.lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    return Pipeline(Settings())


def code(text: str, pub_date: str | None = None) -> list[Event]:
    """The events in one article's text (a page with furniture is fine)."""
    return _default_pipeline().code_text(text, pub_date=pub_date)
