"""Language identification: non-English articles are skipped, not coded as English.

py3langid (a maintained fork of langid.py) is fast enough to run on every
document; it sees the cleaned text so page furniture does not sway it.
"""

from __future__ import annotations

import functools
import tempfile
from typing import Any

from herald.errors import ModelError
from herald.schema import Document


@functools.lru_cache(maxsize=1)
def load_identifier() -> Any:
    """The language model (loaded once per process; the pipeline loads it at start-up).

    py3langid unpacks its model through a temporary file, so a full temporary folder
    fails here: that is said in one line, with the folder to clean or change.
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    try:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    except OSError as err:
        raise ModelError(
            f"cannot load the language identifier: {err.strerror or err} (it unpacks its model "
            f"into the temporary folder {tempfile.gettempdir()}; free some space there or point "
            "TMPDIR at another folder)"
        ) from err


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language."""
    sample = text[:1500]  # plenty for a confident guess; the classifier is linear in length
    if not any(ch.isalpha() for ch in sample):
        return "und", 0.0
    lang, prob = load_identifier().classify(sample)
    return str(lang), float(prob)


# a one-sentence brief gives the classifier little to go on: "Nigerian soldiers killed 20
# militants in Borno state" reads as Nigerian Pidgin at 0.5. Short texts are skipped only
# on a near-certain guess.
SHORT_WORDS = 40
SHORT_MIN_SHARE = 0.9


def language_problem(doc: Document, min_share: float) -> str | None:
    """A skip reason when the document is not English, else None."""
    lang, prob = detect_language(doc.text)
    doc.lang = lang
    if lang == "und":
        return "no readable text after cleaning"
    if len(doc.text.split()) < SHORT_WORDS:
        min_share = max(min_share, SHORT_MIN_SHARE)
    if lang != "en" and prob >= min_share:
        return (
            f"not English (detected '{lang}' with probability {prob:.2f}); "
            "herald codes English text only"
        )
    return None
