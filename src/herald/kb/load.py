"""Loading the knowledge base: the packaged data plus user files given with `--kb`."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from herald.errors import KnowledgeBaseError
from herald.kb.build import Builder
from herald.kb.files import data_dir, kb_files, read_yaml
from herald.kb.resolve import KnowledgeBase


def load_kb(extra: Iterable[str | Path] = ()) -> KnowledgeBase:
    """The default KB plus user files (a user file may hold any kind of entry)."""
    extra = tuple(str(p) for p in extra)
    return _load_kb_cached(extra)


@functools.lru_cache(maxsize=4)
def _load_kb_cached(extra: tuple[str, ...]) -> KnowledgeBase:
    builder = Builder()
    data = data_dir()
    base = data / "kb"
    lex = data / "lexicons"
    for prefix, method in (
        ("states", builder.states),
        ("organisations", builder.orgs),
        ("groups", builder.groups),
        ("people", builder.people),
    ):
        for path in sorted(base.glob(f"{prefix}*.yaml")):
            method(read_yaml(path), path.name)
    if (lex / "roles.csv").exists():
        builder.roles(lex / "roles.csv")
    if (lex / "sectors.csv").exists():
        builder.sectors(lex / "sectors.csv")
    builder.gazetteer(data / "places" / "extra_places.yaml")
    for raw in extra:
        _load_user_file(builder, Path(raw))
    builder.kb.sources = [str(p) for p in kb_files(extra)]
    return builder.kb


def _load_user_file(builder: Builder, path: Path) -> None:
    """A user file: a list of entries, each recognised by its keys."""
    if not path.exists():
        raise KnowledgeBaseError(f"knowledge-base file {path} does not exist")
    for n, entry in enumerate(read_yaml(path), 1):
        where = f"{path.name} entry {n}"
        if "offices" in entry:
            builder.person(entry, where)
        elif "periods" in entry or entry.get("sector") in ("REB", "OPP", "PTY", "MIL"):
            builder.groups([entry], where)
        elif "demonyms" in entry or "capitals" in entry:
            builder.states([entry], where)
        elif "code" in entry and "name" in entry:
            builder.orgs([entry], where)
        else:
            raise KnowledgeBaseError(
                f"{where}: cannot tell what this entry is; give 'offices' (person), "
                "'periods' (group), 'demonyms'/'capitals' (state) or 'code' and 'name' "
                "(organisation) - see data/kb/FORMAT.md"
            )
