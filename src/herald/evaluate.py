"""Scoring behind `herald eval`: precision, recall and F1 by type and for full events.

A gold file has one item per line: `{"id", "text", "pub_date", "events": [{"event_type",
"mode", "source": [codes] | null, "target": [codes] | null, "date"}]}`. Type level
counts distinct (item, type) pairs. Event level uses items whose gold events carry
actors: a prediction matches a gold event of the same type when their actors agree
(for symmetric events, the parties overlap; otherwise sources overlap and targets
overlap), one to one; repeated predictions of one event are counted once.
"""

from __future__ import annotations

import bisect
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from herald.errors import InputError
from herald.schema import PLOVER_TYPES


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Scores:
    items: int = 0
    by_type: dict[str, Counts] = field(default_factory=dict)
    types: Counts = field(default_factory=Counts)
    events: Counts = field(default_factory=Counts)
    event_items: int = 0
    exact_parties: int = 0  # gold events with a prediction of their type and exactly their parties
    party_events: int = 0  # gold events that carry parties

    def to_dict(self) -> dict[str, Any]:
        def row(c: Counts) -> dict[str, Any]:
            p, r, f = c.prf()
            return {
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": round(p, 4),
                "recall": round(r, 4),
                "f1": round(f, 4),
            }

        return {
            "items": self.items,
            "type": row(self.types),
            "event": row(self.events) if self.event_items else None,
            "exact_parties": (
                round(self.exact_parties / self.party_events, 4) if self.party_events else None
            ),
            "per_type": {t: row(c) for t, c in self.by_type.items() if c.tp + c.fp + c.fn},
        }


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{path}:{n}: not valid JSON ({err.msg})") from err
            if "id" not in row or "text" not in row:
                raise InputError(f"{path}:{n}: a gold item needs 'id' and 'text'")
            for event in row.get("events") or []:
                if event.get("event_type") not in PLOVER_TYPES:
                    raise InputError(
                        f"{path}:{n}: event_type {event.get('event_type')!r} is not a PLOVER type"
                    )
            rows.append(row)
    return rows


def _codes(actors: Iterable[Any] | None) -> frozenset[str]:
    out = set()
    for actor in actors or []:
        code = actor.get("code") if isinstance(actor, dict) else actor
        if code:
            out.add(str(code))
    return frozenset(out)


def actors_agree(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Overlapping parties: sources and targets, or all parties when a side is empty."""
    gs, gt = _codes(gold.get("source")), _codes(gold.get("target"))
    ps, pt = _codes(pred.get("source")), _codes(pred.get("target"))
    if not gs and not gt:
        return True
    if not gt or not pt:
        return bool((gs | gt) & (ps | pt))
    return bool(gs & ps) and bool(gt & pt)


def parties_exact(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Exactly the gold parties: equal sources and targets, or equal unions of all parties
    when either side has no target (a joint or symmetric event)."""
    gs, gt = _codes(gold.get("source")), _codes(gold.get("target"))
    ps, pt = _codes(pred.get("source")), _codes(pred.get("target"))
    if not gt or not pt:
        return (gs | gt) == (ps | pt)
    return gs == ps and gt == pt


def score(gold_rows: list[dict[str, Any]], predictions: dict[str, list[dict[str, Any]]]) -> Scores:
    """Scores of predicted event dicts (grouped by doc id) against gold items."""
    scores = Scores(items=len(gold_rows), by_type={t: Counts() for t in PLOVER_TYPES})
    for row in gold_rows:
        golds = row.get("events") or []
        preds = predictions.get(str(row["id"]), [])
        g_types = {g["event_type"] for g in golds}
        p_types = {p["event_type"] for p in preds}
        for etype in g_types | p_types:
            counts = scores.by_type[etype]
            if etype in g_types and etype in p_types:
                counts.tp += 1
                scores.types.tp += 1
            elif etype in p_types:
                counts.fp += 1
                scores.types.fp += 1
            else:
                counts.fn += 1
                scores.types.fn += 1
        if not all(g.get("source") is not None and g.get("target") is not None for g in golds):
            continue
        scores.event_items += 1
        for g in golds:
            if g.get("optional"):
                continue
            scores.party_events += 1
            scores.exact_parties += any(
                p["event_type"] == g["event_type"] and parties_exact(g, p) for p in preds
            )
        seen, unique_preds = set(), []
        for p in preds:
            key = (p["event_type"], _codes(p.get("source")), _codes(p.get("target")))
            if key not in seen:
                seen.add(key)
                unique_preds.append(p)
        used: set[int] = set()
        matched = 0
        for g in golds:
            for k, p in enumerate(unique_preds):
                if k not in used and p["event_type"] == g["event_type"] and actors_agree(g, p):
                    used.add(k)
                    matched += 1
                    break
        scores.events.tp += matched
        scores.events.fp += len(unique_preds) - matched
        scores.events.fn += len(golds) - matched
    return scores


CONFIDENCE_EDGES = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def precision_by_confidence(
    gold_rows: list[dict[str, Any]],
    predictions: dict[str, list[dict[str, Any]]],
    edges: tuple[float, ...] = CONFIDENCE_EDGES,
) -> list[tuple[float, float, int, int]]:
    """(low, high, right, predicted) per confidence bin: is `confidence` worth its name?

    A prediction is right when a required gold event of its item has its type and (where
    the gold carries actors) agreeing actors; one that matches only an optional
    (background) gold event is left out, as the scorer sets those aside."""
    right = [0] * (len(edges) - 1)
    total = [0] * (len(edges) - 1)

    def matches(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
        return gold["event_type"] == pred["event_type"] and (
            gold.get("source") is None or actors_agree(gold, pred)
        )

    for row in gold_rows:
        golds = row.get("events") or []
        required = [g for g in golds if not g.get("optional")]
        optional = [g for g in golds if g.get("optional")]
        for pred in predictions.get(str(row["id"]), []):
            hit = any(matches(g, pred) for g in required)
            if not hit and any(matches(g, pred) for g in optional):
                continue
            conf = float(pred.get("confidence") or 0.0)
            # the bin whose [low, high) holds conf; the last bin also takes 1.0
            at = min(max(bisect.bisect_right(edges, conf) - 1, 0), len(total) - 1)
            right[at] += int(hit)
            total[at] += 1
    bins = zip(itertools.pairwise(edges), right, total, strict=True)
    return [(lo, hi, r, n) for (lo, hi), r, n in bins]


def report_confidence(bins: list[tuple[float, float, int, int]]) -> str:
    lines = [f"{'confidence':<12} {'P':>6} {'right':>6} {'pred':>6}"]
    for lo, hi, right, n in bins:
        precision = f"{right / n:6.3f}" if n else f"{'-':>6}"
        lines.append(f"{lo:.1f}-{hi:.1f}{'':<5} {precision} {right:6d} {n:6d}")
    return "\n".join(lines)


def report(scores: Scores) -> str:
    lines = [f"{'level':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, counts in (("type", scores.types), ("event", scores.events)):
        if name == "event" and not scores.event_items:
            continue
        p, r, f = counts.prf()
        lines.append(
            f"{name:<10} {p:6.3f} {r:6.3f} {f:6.3f} {counts.tp:5d} {counts.fp:5d} {counts.fn:5d}"
        )
    if scores.party_events:
        share = scores.exact_parties / scores.party_events
        lines.append(
            f"exact parties {share:6.3f}  ({scores.exact_parties}/{scores.party_events} gold "
            "events with a prediction of their type and exactly their source and target)"
        )
    lines.append("")
    for etype, counts in scores.by_type.items():
        if counts.tp + counts.fp + counts.fn:
            p, r, f = counts.prf()
            lines.append(
                f"{etype:<10} {p:6.3f} {r:6.3f} {f:6.3f} "
                f"{counts.tp:5d} {counts.fp:5d} {counts.fn:5d}"
            )
    return "\n".join(lines)


def group_by_doc(events: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        grouped.setdefault(str(event.get("doc_id")), []).append(event)
    return grouped
