"""The time-aware actor knowledge base.

Loaded from the YAML files in `herald/data/kb/` (format: `data/kb/FORMAT.md`) and
any user files given with `--kb`. It answers two questions:

* which phrases name an actor (states and their demonyms, capitals and loaded
  names; people; organisations; armed groups; role and sector words), through one
  `PhraseTrie` used by the pre-filter and the coder alike;
* who held an office on a date ("Iran's foreign minister" on 2023-12-11 is
  Amir-Abdollahian, on 2025-11-13 Araghchi), so titles without names and
  "his Turkish counterpart" resolve to people, and former office-holders keep
  their state without a current role.

Validation (`validate_kb`) reports overlapping terms, unknown codes and offices
that end before they start; loading fails with a `KnowledgeBaseError` naming the
file and entry when an entry is malformed.

Modules: `model` (offices, people, terms), `resolve` (the loaded `KnowledgeBase` and
its office queries), `files` (reading the data files), `build` (entries into a KB),
`load` (`load_kb`), `validate` (`validate_kb`).
"""

from __future__ import annotations

from herald.kb.files import kb_files
from herald.kb.load import load_kb
from herald.kb.model import IGO_FALLBACK, ROLES, Office, Person, Term
from herald.kb.resolve import KnowledgeBase
from herald.kb.validate import validate_kb

__all__ = [
    "IGO_FALLBACK",
    "ROLES",
    "KnowledgeBase",
    "Office",
    "Person",
    "Term",
    "kb_files",
    "load_kb",
    "validate_kb",
]
