"""Language identification: non-English articles are skipped, not coded as English.

py3langid (a maintained fork of langid.py) is fast enough to run on every
document; it sees the cleaned text so page furniture does not sway it.
"""

from __future__ import annotations

import functools
from typing import Any

from herald.schema import Document


@functools.lru_cache(maxsize=1)
def load_identifier() -> Any:
    """The language model (loaded once per process; the pipeline loads it at start-up)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language."""
    sample = text[:1500]  # plenty for a confident guess; the classifier is linear in length
    if not any(ch.isalpha() for ch in sample):
        return "und", 0.0
    lang, prob = load_identifier().classify(sample)
    return str(lang), float(prob)


def language_problem(doc: Document, min_share: float) -> str | None:
    """A skip reason when the document is not English, else None."""
    lang, prob = detect_language(doc.text)
    doc.lang = lang
    if lang == "und":
        return "no readable text after cleaning"
    if lang != "en" and prob >= min_share:
        return (
            f"not English (detected '{lang}' with probability {prob:.2f}); "
            "herald codes English text only"
        )
    return None
