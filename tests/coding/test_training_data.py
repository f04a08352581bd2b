"""The labelled texts in training/ stay usable: valid gold items, and held-back texts apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from herald.evaluate import read_gold

TRAINING = Path(__file__).resolve().parents[2] / "training"
TRAIN_FILES = sorted((TRAINING / "sentences").glob("*.jsonl")) + sorted(
    (TRAINING / "articles").glob("*.jsonl")
)
HELD_FILES = sorted((TRAINING / "heldout").glob("*.jsonl"))


@pytest.mark.parametrize("path", TRAIN_FILES + HELD_FILES, ids=lambda p: p.name)
def test_training_data_file_is_valid_gold(path):
    rows = read_gold(path)  # raises on a broken line or a type outside PLOVER
    assert rows
    for row in rows:
        assert row.get("pub_date"), row["id"]
        for event in row["events"]:
            # every event carries its actors (codes, possibly none), so event F1 can use it
            assert isinstance(event.get("source"), list), row["id"]
            assert isinstance(event.get("target"), list), row["id"]
            assert not event.get("date") or event["date"] <= row["pub_date"], row["id"]


def test_training_data_held_back_texts_are_not_trained_on():
    train = {r["id"]: r["text"] for p in TRAIN_FILES for r in read_gold(p)}
    held = {r["id"]: r["text"] for p in HELD_FILES for r in read_gold(p)}
    assert len(held) >= 300
    assert not set(train) & set(held)
    assert not set(train.values()) & set(held.values())
