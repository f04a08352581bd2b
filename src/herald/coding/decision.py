"""The trained decision: which candidate events are new events, and of which type.

The lexicon and the dependency rules propose candidates (a trigger, its type, its
parties, a date); they find most events but also background ("since the 2014
annexation"), embedded content ("rejected a call to disarm"), other word senses ("a
press conference") and types that follow codebook conventions rather than words.
A multinomial logistic regression over the candidate's cues (the rule's type and
trigger, tense and modality, the parse around the trigger, whether and how its
parties were found, how far its date lies from the publication date, its place in
the story) and the words of its sentence gives a probability for each PLOVER type
and for "no event". The most probable type is the event's type; its probability is
the event's `confidence`; the rule trace stays as the explanation.

Why this model: the cues are sparse and categorical, the labelled data is a few
thousand candidates, inference must cost nothing next to the parser and ship as a
few MB of numbers, and a logistic regression's probabilities are close to
calibrated (measured bin by bin in docs/model.md). The weights live in
`herald/data/model/decision.npz`; `herald train` rebuilds them.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np

from herald.compat import plover_roots
from herald.errors import HeraldError
from herald.schema import Event
from herald.stages.dates import parse_iso

NO_EVENT = "NONE"
MODEL_RESOURCE = "decision.npz"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d{4}|\d+")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass(frozen=True)
class StoryView:
    """What the decision knows of the story around a candidate (filled per document)."""

    n_candidates: int
    same_type: int
    first_of_type: bool
    pub_date: date | None


def words(text: str) -> list[str]:
    """Lower-case words and numbers of a text, as the model sees them."""
    return _WORD.findall(text.lower())


def _bucket(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _rule(event: Event) -> str:
    """The type the rules gave a candidate (before the model, or still its type)."""
    return event.rule_type or event.event_type


def _date_gap(event: Event, pub_date: date | None) -> str:
    """How far the event's date lies before the publication date, as a coarse label."""
    if pub_date is None:
        return "nopub"  # nothing to measure against: not a sign of background
    when = parse_iso(event.date)
    if when is None:
        return "none"
    days = (pub_date - when).days
    if days < 0:
        return "future"
    return _bucket(days, (0, 7, 31, 365))


def candidate_features(event: Event, story: StoryView) -> list[str]:
    """The sparse features of one candidate: its rule cues, sentence words and story place."""
    rule = _rule(event)
    feats = [f"rt={rule}", f"rt_mode={rule}:{event.mode}", f"trig={event.trigger.lower()}"]
    feats.append(f"trig_rt={event.trigger.lower()}|{rule}")
    feats += list(event.cues)
    feats += [f"{c}|{rule}" for c in event.cues if c.startswith(("mod=", "dep=", "tag="))]
    feats.append(f"src_n={min(len(event.source), 2)}")
    feats.append(f"tgt_n={min(len(event.target), 2)}")
    feats.append(f"coded={any(event.codes())}|{rule}")
    for side, actors in (("src", event.source), ("tgt", event.target)):
        for actor in actors:
            feats.append(f"{side}_kind={actor.kind}")
            feats.append(f"{side}_sector={actor.sector}|{rule}")
    gap = _date_gap(event, story.pub_date)
    feats += [f"gap={gap}", f"gap={gap}|{rule}", f"prec={event.date_precision}"]
    if story.pub_date is not None:
        year = story.pub_date.year
        old = [int(y) for y in _YEAR.findall(event.sentence) if int(y) < year]
        if old:
            feats.append(f"old_year={_bucket(year - max(old), (1, 3, 10))}")
    feats.append(f"same_type={_bucket(story.same_type, (1, 2, 4))}")
    feats.append(f"first_of_type={story.first_of_type}")
    feats.append(f"n_cand={_bucket(story.n_candidates, (1, 3, 6, 12))}")
    tokens = words(event.sentence)
    feats += [f"w={w}" for w in set(tokens)]
    feats += [f"b={a}_{b}" for a, b in set(itertools.pairwise(tokens))]
    trig = event.trigger.lower().split()
    if trig and trig[0] in tokens:
        at = tokens.index(trig[0])
        for offset in (-3, -2, -1):
            if at + offset >= 0:
                feats.append(f"win={tokens[at + offset]}")
        feats.append(f"l1={tokens[at - 1] if at else '<s>'}")
        end = at + len(trig)
        feats.append(f"r1={tokens[end] if end < len(tokens) else '</s>'}")
    return feats


def story_views(events: Sequence[Event], pub_date: date | None) -> list[StoryView]:
    """Per candidate: how many candidates the story has, how often its type recurs."""
    types = Counter(_rule(e) for e in events)
    first: dict[str, int] = {}
    for e in sorted(events, key=lambda e: e.span[0]):
        first.setdefault(_rule(e), e.span[0])
    views = []
    for e in events:
        rule = _rule(e)
        views.append(
            StoryView(
                n_candidates=len(events),
                same_type=types[rule],
                first_of_type=first[rule] == e.span[0],
                pub_date=pub_date,
            )
        )
    return views


def document_features(events: Sequence[Event], pub_date: date | None) -> list[list[str]]:
    """The features of every candidate of one document."""
    views = story_views(events, pub_date)
    return [candidate_features(e, v) for e, v in zip(events, views, strict=True)]


class DecisionModel:
    """A multinomial logistic regression over named sparse features."""

    def __init__(
        self,
        classes: Sequence[str],
        features: Sequence[str],
        weights: np.ndarray,
        bias: np.ndarray,
        *,
        meta: dict | None = None,
    ) -> None:
        self.classes = tuple(classes)
        self.index = {name: i for i, name in enumerate(features)}
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.meta = dict(meta or {})
        # the best type is chosen among the event classes, never "no event"
        self._event_mask = np.array([c != NO_EVENT for c in self.classes], dtype=np.float64)

    # ------------------------------------------------------------ persistence
    @classmethod
    def load(cls, path: str | Path | None = None) -> DecisionModel:
        """The shipped model, or one saved by `herald train` at `path`."""
        try:
            if path is None:
                ref = resources.files("herald").joinpath(f"data/model/{MODEL_RESOURCE}")
                with ref.open("rb") as fh:
                    data = np.load(fh, allow_pickle=False)
                    return cls._from_arrays(data)
            with np.load(path, allow_pickle=False) as data:
                return cls._from_arrays(data)
        except (OSError, KeyError, ValueError) as err:
            where = path or f"herald/data/model/{MODEL_RESOURCE}"
            raise HeraldError(
                f"cannot load the decision model {where}: {err}; "
                'rebuild it with `herald train` or set decision_model = "rules"'
            ) from err

    @classmethod
    def _from_arrays(cls, data: np.lib.npyio.NpzFile) -> DecisionModel:
        meta = json.loads(str(data["meta"]))
        return cls(
            [str(c) for c in data["classes"]],
            [str(f) for f in data["features"]],
            data["weights"],
            data["bias"],
            meta=meta,
        )

    def save(self, path: str | Path) -> None:
        features = sorted(self.index, key=self.index.__getitem__)
        with open(path, "wb") as fh:
            np.savez_compressed(
                fh,
                classes=np.array(self.classes),
                features=np.array(features),
                weights=self.weights.astype(np.float16),
                bias=self.bias,
                meta=np.array(json.dumps(self.meta, sort_keys=True)),
            )

    # ------------------------------------------------------------ prediction
    def probabilities(self, feature_lists: Iterable[Sequence[str]]) -> np.ndarray:
        """One row of class probabilities per candidate."""
        rows = []
        for feats in feature_lists:
            idx = [self.index[f] for f in set(feats) if f in self.index]
            score = self.bias + (self.weights[idx].sum(axis=0) if idx else 0.0)
            rows.append(score)
        if not rows:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        scores = np.vstack(rows).astype(np.float64)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def decide(self, events: Sequence[Event], pub_date: date | None) -> list[Event]:
        """The candidates of one document, each with the model's type and confidence."""
        if not events:
            return []
        feats = document_features(events, pub_date)
        probs = self.probabilities(feats)
        roots = plover_roots()
        out = []
        for event, row in zip(events, probs, strict=True):
            best = int(np.argmax(self._event_mask * row))
            etype = self.classes[best]
            rule = event.event_type
            if etype == rule or rule not in self.classes:
                changes: dict = {"confidence": float(row[best])}
            else:
                changes = {
                    "event_type": etype,
                    "cameo": roots.get(etype),
                    "mode": None,
                    "confidence": float(row[best]),
                }
            out.append(event.with_changes(rule_type=rule, **changes))
        return out
