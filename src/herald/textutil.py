"""Tokenizing and phrase matching shared by the knowledge base and the lexicons.

herald matches actor names and event triggers with its own light tokenizer and a
token trie instead of spaCy's matchers: the same matcher then serves the cheap
pre-filter (which sentences can hold an event) and the final coding, and works
on text that was never parsed. Matching is on a normalized form (lower case, no
diacritics, straight quotes), so "Erdoğan" matches "Erdogan" and "Türkiye"
"Turkiye"; capitalised KB terms only match capitalised text, so "turkey" the
bird is not Türkiye.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_TOKEN = re.compile(
    r"(?:[^\W\d_](?:\.[^\W\d_])+\.?)"  # U.S., U.N.
    r"|['’]s\b"  # possessive 's
    r"|\d+(?:[.,:]\d+)*"  # numbers
    r"|[^\W_]+"  # words
    r"|[^\w\s]",  # punctuation
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass(frozen=True)
class Token:
    norm: str
    start: int
    end: int
    text: str

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


def fold(text: str) -> str:
    """Lower case, no diacritics, straight quotes and dashes."""
    if text.isascii():  # most tokens: NFKD and the other quote marks cannot change them
        return text.replace("`", "'").lower()
    text = text.translate(_QUOTES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower().replace("ı", "i")


_fold_token = functools.lru_cache(maxsize=200_000)(fold)  # news repeats its words


def tokenize(text: str) -> list[Token]:
    """Tokens with character offsets into `text`."""
    return [
        Token(_fold_token(m.group(0)), m.start(), m.end(), m.group(0))
        for m in _TOKEN.finditer(text)
    ]


def term_tokens(term: str) -> list[str]:
    return [t.norm for t in tokenize(term)]


@dataclass(frozen=True)
class Match(Generic[T]):
    start_tok: int
    end_tok: int  # exclusive
    start: int
    end: int
    text: str
    values: tuple[T, ...]


class PhraseTrie(Generic[T]):
    """A trie of token sequences; `find` returns leftmost-longest matches."""

    def __init__(self) -> None:
        self._root: dict[str, Any] = {}
        self.size = 0

    def add(self, term: str, value: T, *, case_sensitive: bool | None = None) -> None:
        toks = tokenize(term)
        if not toks:
            return
        if case_sensitive is None:
            letters = [ch for ch in term if ch.isalpha()]
            case_sensitive = len(letters) <= 3 and term.isupper()
        node = self._root
        for tok in toks:
            node = node.setdefault(tok.norm, {})
        entries = node.setdefault("\0", [])
        needs_cap = term[:1].isupper()
        entries.append((value, term if case_sensitive else None, needs_cap))
        self.size += 1

    def find(self, tokens: list[Token], text: str) -> Iterator[Match[T]]:
        i, n = 0, len(tokens)
        while i < n:
            node = self._root
            best: tuple[int, list[T]] | None = None
            j = i
            while j < n and tokens[j].norm in node:
                node = node[tokens[j].norm]
                j += 1
                if "\0" in node:
                    surface = text[tokens[i].start : tokens[j - 1].end]
                    ok = [
                        value
                        for value, exact, needs_cap in node["\0"]
                        if (exact is None or _same_case(exact, surface))
                        and (not needs_cap or tokens[i].capitalized)
                    ]
                    if ok:
                        best = (j, ok)
            if best is None:
                i += 1
                continue
            j, values = best
            yield Match(
                i,
                j,
                tokens[i].start,
                tokens[j - 1].end,
                text[tokens[i].start : tokens[j - 1].end],
                tuple(values),
            )
            i = j

    def __contains__(self, term: str) -> bool:
        node = self._root
        for tok in term_tokens(term):
            if tok not in node:
                return False
            node = node[tok]
        return "\0" in node


def _same_case(exact: str, surface: str) -> bool:
    return re.sub(r"\W", "", exact) == re.sub(r"\W", "", surface)


def unique(items: Iterable[T]) -> list[T]:
    seen: set[Any] = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
