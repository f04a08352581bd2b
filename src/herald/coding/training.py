"""Training the decision model from gold-labelled texts (`herald train`).

Each gold item (`{"id", "text", "pub_date", "events": [...]}`, the format of the
evaluation sets) goes through the rules alone; every candidate they propose is
labelled by the gold events of its item:

- the candidate's type with parties that agree with a gold event of that type (the
  scorer's rule: overlapping parties, or a gold event annotated without codes) is a
  positive of that type;
- a candidate that matches only a background (`optional`) gold event, or nothing,
  is "no event";
- in a one-sentence item whose only gold event no candidate typed right, a candidate
  sharing its parties is a positive of the gold type (the rules found the event but
  named it by the word, not by the codebook);
- in items whose gold events carry no actors (one labelled event per story, as in
  the NGEC stories) the candidates of the labelled type are positives and the others
  weak negatives (`weak_weight`): such a story reports more than its label says.

The fit is scikit-learn's logistic regression (installed by the `train` extra);
prediction needs only numpy (`herald.coding.decision`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from herald.coding.decision import NO_EVENT, DecisionModel, document_features
from herald.errors import HeraldError
from herald.evaluate import actors_agree, read_gold
from herald.readers import document_from_record
from herald.schema import Document, Event
from herald.stages.dates import parse_iso

if TYPE_CHECKING:
    from herald.pipeline import Pipeline
    from herald.settings import Settings


class Found(NamedTuple):
    """The rules' candidates of one item and the publication date they were read with."""

    pub_date: date | None
    events: list[Event]


@dataclass(frozen=True)
class Example:
    """One labelled candidate."""

    item_id: str
    features: tuple[str, ...]
    label: str
    weight: float


def read_items(paths: Iterable[str | Path]) -> list[dict]:
    """Gold items from JSON-lines files (checked as `herald eval` checks them)."""
    items = []
    for path in paths:
        items.extend(read_gold(path))
    return items


def _agree(gold: dict, event: Event) -> bool:
    """The evaluation's event-level rule, applied to a candidate."""
    src, tgt = event.codes()
    return actors_agree(gold, {"source": sorted(src), "target": sorted(tgt)})


def label_candidates(
    item: dict, events: Sequence[Event], *, weak_weight: float
) -> list[tuple[str, float]]:
    """(label, weight) for each candidate of one gold item (see the module docstring)."""
    golds = item.get("events") or []
    annotated = all(g.get("source") is not None and g.get("target") is not None for g in golds)
    required = [g for g in golds if not g.get("optional")]
    if golds and not annotated:
        types = {g["event_type"] for g in required}
        rules = [e.rule_type or e.event_type for e in events]
        return [(rule, 1.0) if rule in types else (NO_EVENT, weak_weight) for rule in rules]
    # one sentence: its events are the item's events, whoever the rules took for the parties
    # (finding the parties is the rules' job; the model judges the event); in an article a
    # candidate must agree with a gold event's parties to be that event
    single = "\n" not in item["text"].strip()
    out = []
    for event in events:
        rule = event.rule_type or event.event_type
        hit = any(g["event_type"] == rule and (single or _agree(g, event)) for g in required)
        out.append((rule if hit else NO_EVENT, 1.0))
    covered = {lab for lab, _ in out}
    missed = [g for g in required if g["event_type"] not in covered]
    if len(required) == 1 and len(missed) == 1 and single:
        gold = missed[0]
        for n, event in enumerate(events):
            if out[n][0] == NO_EVENT and any(event.codes()) and _agree(gold, event):
                out[n] = (gold["event_type"], 1.0)
    return out


def candidates(pipeline: Pipeline, items: Sequence[dict]) -> dict[str, Found]:
    """The rules' candidates for each item, with the publication date the page gave."""
    # read as `herald eval` reads a gold file: one jsonl record per item
    docs = [document_from_record(item, str(item["id"])) for item in items]
    out = {str(item["id"]): Found(parse_iso(item.get("pub_date")), []) for item in items}
    for result in pipeline.run(docs, candidates_only=True):
        if isinstance(result, Document):
            out[result.doc_id] = Found(parse_iso(result.pub_date), list(result.events))
    return out


def examples(
    items: Sequence[dict], found: dict[str, Found], *, weak_weight: float = 0.3
) -> list[Example]:
    """Labelled feature lists for every candidate of every item."""
    out = []
    for item in items:
        pub_date, events = found.get(str(item["id"]), Found(None, []))
        if not events:
            continue
        feats = document_features(events, pub_date)
        labels = label_candidates(item, events, weak_weight=weak_weight)
        for f, (label, weight) in zip(feats, labels, strict=True):
            out.append(Example(str(item["id"]), tuple(f), label, weight))
    return out


def fit(
    rows: Sequence[Example],
    *,
    c: float = 1.0,
    seed: int = 13,
    min_count: int = 2,
    meta: dict | None = None,
) -> DecisionModel:
    """A logistic regression on the examples' features seen `min_count` times or more,
    pruned to the features that carry weight."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as err:
        raise HeraldError('training needs scikit-learn: pip install -e ".[train]"') from err
    seen = Counter(f for r in rows for f in set(r.features))
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in r.features if seen[f] >= min_count} for r in rows])
    y = np.array([r.label for r in rows])
    clf = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    clf.fit(x, y, sample_weight=np.array([r.weight for r in rows]))
    classes = [str(k) for k in clf.classes_]
    coef, bias = clf.coef_.T, clf.intercept_
    if len(classes) == 2:  # a binary fit has one column: softmax of (0, w) is sigmoid(w)
        coef = np.hstack([np.zeros_like(coef), coef])
        bias = np.array([0.0, bias[0]])
    keep = np.abs(coef).max(axis=1) >= 1e-3
    names = np.array(vec.get_feature_names_out())[keep]
    info = {"c": c, "seed": seed, "examples": len(rows), "features": int(keep.sum())}
    info.update(meta or {})
    return DecisionModel(classes, [str(n) for n in names], coef[keep], bias, meta=info)


def train(
    sources: Sequence[tuple[str, float]],
    *,
    settings: Settings,
    c: float = 1.0,
    weak_weight: float = 0.3,
    seed: int = 13,
) -> DecisionModel:
    """Run the rules over every (gold file, weight) and fit the decision model on the result.

    The model's `meta` records the files (with their SHA-256), the settings of the fit and
    the number of examples, so that the model card can say what the shipped model saw."""
    from herald.pipeline import Pipeline

    pipeline = Pipeline(
        settings.replace(decision_model="rules", min_confidence=0.0, keep_partial=True)
    )
    rows: list[Example] = []
    files = []
    for path, weight in sources:
        items = read_items([path])
        found = candidates(pipeline, items)
        new = examples(items, found, weak_weight=weak_weight)
        rows += [Example(r.item_id, r.features, r.label, r.weight * weight) for r in new]
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        files.append(
            {
                "file": Path(path).name,
                "sha256": digest,
                "items": len(items),
                "candidates": len(new),
                "weight": weight,
            }
        )
    if not rows:
        raise HeraldError("no candidates in the training files: nothing to learn from")
    meta = {"files": files, "weak_weight": weak_weight}
    return fit(rows, c=c, seed=seed, meta=meta)
