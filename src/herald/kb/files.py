"""Reading the knowledge base's files: the packaged data folder, YAML entries, CSV lexicons.

Every reader raises `KnowledgeBaseError` naming the file (and the entry) when the
data cannot be used.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from herald.errors import KnowledgeBaseError


def data_dir() -> Path:
    return Path(str(resources.files("herald") / "data"))


_LIBYAML_LOADER = getattr(yaml, "CSafeLoader", None)


def _safe_load(text: str) -> Any:
    """`yaml.safe_load`, through libyaml when PyYAML has it (about 5x faster on the KB).

    Same constructors, same result; a file libyaml rejects is parsed again by the
    pure-Python loader so the error message (with its excerpt) is safe_load's own.
    """
    if _LIBYAML_LOADER is not None:
        try:
            return yaml.load(text, Loader=_LIBYAML_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def read_yaml(path: Path) -> list[dict[str, Any]]:
    try:
        data = _safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise KnowledgeBaseError(f"cannot read knowledge-base file {path}: {err}") from err
    if data is None:
        return []
    if not isinstance(data, list):
        raise KnowledgeBaseError(
            f"{path}: expected a YAML list of entries, got {type(data).__name__}"
        )
    for n, entry in enumerate(data, 1):
        if not isinstance(entry, dict):
            raise KnowledgeBaseError(f"{path}: entry {n} is not a mapping: {entry!r}")
    return data


def as_date(value: Any, where: str) -> date | None:
    if value in (None, "", "null"):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as err:
        raise KnowledgeBaseError(f"{where}: {value!r} is not a YYYY-MM-DD date") from err


def names_of(entry: dict[str, Any], *keys: str) -> list[str]:
    out: list[str] = []
    for key in keys:
        value = entry.get(key) or []
        if isinstance(value, str):
            value = [value]
        out.extend(str(v) for v in value if v)
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return [
                row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())
            ]
    except OSError as err:
        raise KnowledgeBaseError(f"cannot read lexicon {path}: {err}") from err


def kb_files(extra: Iterable[str | Path] = ()) -> list[Path]:
    base = data_dir() / "kb"
    return sorted(base.glob("*.yaml")) + [Path(p) for p in extra]
