"""GDELT-style compatibility columns: CAMEO root, QuadClass and Goldstein score.

herald codes PLOVER and carries the nearest CAMEO code beside it (CONTRACT.md);
users who compare with GDELT or ICEWS also want the two numbers those datasets
derive from CAMEO. Both come from data, not code:

- `data/lexicons/goldstein.csv`: the Goldstein (1992) score of every CAMEO code
  (provenance in the file's header). A code missing from the table takes the
  score of its nearest listed parent (`0234` -> `023` -> `02`).
- `data/lexicons/plover_cameo.csv`: the nearest CAMEO root of each PLOVER type,
  used when an event has no CAMEO code of its own.

QuadClass follows GDELT's rule on the CAMEO root: 01-05 verbal cooperation (1),
06-08 material cooperation (2), 09-13 verbal conflict (3), 14-20 material
conflict (4).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

from herald.errors import KnowledgeBaseError

QUAD_CLASS_NAMES = {
    1: "Verbal Cooperation",
    2: "Material Cooperation",
    3: "Verbal Conflict",
    4: "Material Conflict",
}


@dataclass(frozen=True)
class Compat:
    """The compatibility values of one event."""

    cameo: str | None  # the event's own code, else its type's nearest root
    cameo_root: str | None
    quad_class: int | None
    goldstein: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "cameo_code": self.cameo,
            "cameo_root": self.cameo_root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
        }


def _rows(name: str) -> list[dict[str, str]]:
    path = resources.files("herald") / "data" / "lexicons" / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise KnowledgeBaseError(f"cannot read {name}: {err}") from err
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@functools.lru_cache(maxsize=1)
def goldstein_table() -> dict[str, float]:
    """CAMEO code -> Goldstein score, from `data/lexicons/goldstein.csv`."""
    table: dict[str, float] = {}
    for number, row in enumerate(_rows("goldstein.csv"), 1):
        code = (row.get("cameo") or "").strip()
        try:
            table[code] = float(row.get("goldstein") or "")
        except ValueError as err:
            raise KnowledgeBaseError(
                f"goldstein.csv row {number}: score {row.get('goldstein')!r} for {code!r} "
                "is not a number"
            ) from err
    return table


@functools.lru_cache(maxsize=1)
def plover_roots() -> dict[str, str]:
    """PLOVER type -> nearest CAMEO root, from `data/lexicons/plover_cameo.csv`."""
    return {
        row["event_type"].strip(): row["cameo_root"].strip() for row in _rows("plover_cameo.csv")
    }


def cameo_root(cameo: str | None) -> str | None:
    """The two-digit root of a CAMEO code ("0234" -> "02"), or None."""
    if not cameo or not cameo.isdigit() or len(cameo) < 2:
        return None
    return cameo[:2]


def quad_class(cameo: str | None) -> int | None:
    """GDELT's QuadClass (1-4) of a CAMEO code, or None when the code is not CAMEO."""
    root = cameo_root(cameo)
    if root is None:
        return None
    number = int(root)
    if 1 <= number <= 5:
        return 1
    if 6 <= number <= 8:
        return 2
    if 9 <= number <= 13:
        return 3
    if 14 <= number <= 20:
        return 4
    return None


def goldstein(cameo: str | None) -> float | None:
    """The Goldstein score of a CAMEO code, or of its nearest listed parent."""
    if not cameo:
        return None
    table = goldstein_table()
    code = cameo
    while len(code) >= 2:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


def compat_for(cameo: str | None, event_type: str | None) -> Compat:
    """Compatibility values of an event from its CAMEO code, else from its PLOVER type."""
    code = cameo if cameo and cameo_root(cameo) else plover_roots().get(event_type or "")
    return Compat(
        cameo=code,
        cameo_root=cameo_root(code),
        quad_class=quad_class(code),
        goldstein=goldstein(code),
    )
