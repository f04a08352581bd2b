"""Datelines, the story's country and inferred actor codes (loads the spaCy model)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from herald.coding.story import find_dateline
from herald.kb import load_kb
from herald.pipeline import Pipeline
from herald.settings import Settings
from tests.conftest import codes

ACTOR_SET = Path(__file__).resolve().parents[1] / "data" / "actor_set.jsonl"


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize(
    ("text", "place", "country"),
    [
        ("THE HAGUE, March 3 (Reuters) — The court ruled.", "The Hague", "NLD"),
        ("LAGOS, Nigeria (AP) — Gunmen killed 12 people.", "Lagos", "NGA"),
        ("Tehran, Nov 26 (IRNA) – The foreign minister spoke.", "Tehran", "IRN"),
        ("NAIROBI — Thousands marched on Thursday.", "Nairobi", "KEN"),
    ],
)
def test_dateline_gives_place_and_country(kb, text, place, country) -> None:
    found = find_dateline(text, kb)
    assert found is not None and found.place == place and found.country == country
    assert text[found.end :][0].isupper()


@pytest.mark.parametrize(
    "text",
    [
        "Iran said on Monday - in a statement - that it would respond.",
        "The minister spoke to reporters in Ankara.",
        "Erdogan: we will not back down.",
    ],
)
def test_plain_sentence_has_no_dateline(kb, text) -> None:
    assert find_dateline(text, kb) is None


@pytest.mark.slow
def test_dateline_place_is_never_a_party(pipeline) -> None:
    text = (
        "THE HAGUE, Jan 26 (Reuters) — The International Court of Justice ordered Israel on "
        "Friday to prevent acts of genocide in Gaza."
    )
    events = pipeline.code_text(text, "2024-01-26")
    assert events
    for event in events:
        assert "NLD" not in codes(event.source) | codes(event.target)
        assert not event.sentence.startswith("THE HAGUE")
    assert any(codes(e.source) == {"ICJ"} for e in events)


@pytest.mark.slow
def test_generic_actor_takes_dateline_country_marked_inferred(pipeline) -> None:
    text = (
        "PESHAWAR, Pakistan (Reuters) — Police arrested 40 protesters on Tuesday, officials said."
    )
    [event] = [e for e in pipeline.code_text(text, "2024-04-12") if e.event_type == "COERCE"]
    [police] = event.source
    assert police.code == "PAK" and police.inferred == "dateline"
    assert police.to_dict()["inferred"] == "dateline"


@pytest.mark.slow
def test_generic_actor_takes_event_location(pipeline) -> None:
    text = "Police fired tear gas at protesters in Nairobi on Tuesday."
    [event] = [e for e in pipeline.code_text(text, "2024-06-25") if e.event_type == "ASSAULT"]
    assert codes(event.source) == {"KEN"}
    assert event.source[0].inferred == "event location"


@pytest.mark.slow
def test_stated_country_is_not_marked_inferred(pipeline) -> None:
    text = "Iranian police arrested dozens of women in Tehran on Monday."
    [event] = [e for e in pipeline.code_text(text, "2024-02-09") if e.event_type == "COERCE"]
    assert codes(event.source) == {"IRN"} and event.source[0].inferred is None
    assert "inferred" not in event.source[0].to_dict()


@pytest.mark.slow
def test_visitor_arriving_makes_the_place_the_host(pipeline) -> None:
    text = "Iranian President Ebrahim Raisi arrived in Islamabad on Monday for a three-day visit."
    [event] = [e for e in pipeline.code_text(text, "2024-04-22") if e.event_type == "CONSULT"]
    assert event.mode == "visit"
    assert codes(event.source) == {"IRN"} and codes(event.target) == {"PAK"}


@pytest.mark.slow
def test_request_target_is_the_subject_of_the_reported_clause(pipeline) -> None:
    text = "Egypt demanded that Israel pull its troops out of the Philadelphi corridor."
    [event] = [e for e in pipeline.code_text(text, "2024-08-23") if e.event_type == "REQUEST"]
    assert codes(event.source) == {"EGY"} and codes(event.target) == {"ISR"}


@pytest.mark.slow
def test_events_without_a_source_code_are_hidden_unless_kept() -> None:
    text = "A bomb exploded near a market on Sunday, killing five people, witnesses said."
    rules = Settings(decision_model="rules", min_confidence=0.0)
    hidden = Pipeline(rules).code_text(text, "2024-03-03")
    kept = Pipeline(rules.replace(keep_partial=True)).code_text(text, "2024-03-03")
    assert kept and all(e.partial for e in kept)
    assert hidden == []


@pytest.mark.slow
def test_actor_set_scores_through_herald_eval() -> None:
    """The actor test set (written for herald: every cause of a wrong party) runs through
    `herald eval`; the floor guards against regressions (see docs/accuracy.md)."""
    out = subprocess.run(
        [sys.executable, "-m", "herald.cli", "eval", str(ACTOR_SET), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result["items"] == len(ACTOR_SET.read_text(encoding="utf-8").splitlines())
    assert result["exact_parties"] >= 0.65
