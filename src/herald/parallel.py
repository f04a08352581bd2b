"""Worker processes for `--workers N`.

Each worker builds its own `Pipeline` once (spaCy model, KB, lexicon) and codes
chunks of documents; results come back in input order. Documents are plain
dataclasses, so they cross process boundaries as they are.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from herald.pipeline import Pipeline
from herald.readers import Item
from herald.schema import Document, Skipped
from herald.settings import Settings

_PIPELINE: Pipeline | None = None


def _init(settings: Settings) -> None:
    global _PIPELINE
    _PIPELINE = Pipeline(settings)


def _work(chunk: list[Item]) -> list[Document | Skipped]:
    assert _PIPELINE is not None  # set by _init in this worker
    return list(_PIPELINE.run(chunk))


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def code_items(
    items: Iterable[Item],
    settings: Settings,
    *,
    workers: int = 1,
    pipeline: Pipeline | None = None,
    chunk_size: int = 16,
) -> Iterator[Document | Skipped]:
    """Code every item, in order, with `workers` processes (1: in this process)."""
    if workers <= 1:
        yield from (pipeline or Pipeline(settings)).run(items)
        return
    ctx: Any = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init, initargs=(settings,)) as pool:
        for results in pool.imap(_work, _chunks(items, chunk_size)):
            yield from results
