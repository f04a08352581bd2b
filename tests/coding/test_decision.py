"""The decision model: features, a tiny fit, save/load round trip, and the decision itself."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from herald.coding.decision import (
    NO_EVENT,
    DecisionModel,
    candidate_features,
    document_features,
    story_views,
)
from herald.coding.training import Example, fit, label_candidates
from herald.schema import Actor, Event

IRN = Actor("Iran", "IRN", None, "Iran", None, "state")
TUR = Actor("Turkey", "TUR", None, "Turkey", None, "state")
ISR = Actor("Israel", "ISR", None, "Israel", None, "state")


def _event(sentence: str, trigger: str, etype: str, *, src=(IRN,), tgt=(TUR,), day=None, cues=()):
    at = sentence.index(trigger)
    return Event(
        doc_id="d",
        event_type=etype,
        source=tuple(src),
        target=tuple(tgt),
        sentence=sentence,
        span=(0, len(sentence)),
        date=day,
        trigger=trigger,
        trigger_span=(at, at + len(trigger)),
        cues=tuple(cues),
    )


def test_decision_features_name_rule_trigger_words_and_date_gap():
    event = _event(
        "Iran condemned Turkey on Monday.",
        "condemned",
        "ACCUSE",
        day="2024-01-01",
        cues=("mod=none", "tag=VBD"),
    )
    [view] = story_views([event], date(2024, 3, 1))
    feats = candidate_features(event, view)
    assert "rt=ACCUSE" in feats
    assert "trig=condemned" in feats
    assert "w=monday" in feats and "b=condemned_turkey" in feats
    assert "mod=none|ACCUSE" in feats and "tag=VBD" in feats
    assert "gap=31" not in feats and "gap=365" in feats  # 60 days before publication
    assert "l1=iran" in feats and "r1=turkey" in feats


def test_decision_story_view_counts_repeats_and_first_mention():
    first = _event("Iran attacked Turkey.", "attacked", "ASSAULT")
    later = Event(**{**first.__dict__, "span": (40, 60)})
    other = _event("Iran praised Turkey.", "praised", "SUPPORT")
    views = story_views([first, later, other], None)
    assert [v.same_type for v in views] == [2, 2, 1]
    assert [v.first_of_type for v in views] == [True, False, True]
    assert all(v.n_candidates == 3 for v in views)


def _tiny_rows() -> list[Example]:
    real = ["Iran shelled Turkish posts on Monday.", "Iranian jets bombed a Turkish village."]
    background = ["Since the 2014 shelling, ties have been cold.", "The 2019 bombing still hurts."]
    rows = []
    for n, text in enumerate(real):
        event = _event(text, text.split()[1], "ASSAULT")
        rows.append(Example(f"r{n}", tuple(document_features([event], None)[0]), "ASSAULT", 1.0))
    for n, text in enumerate(background):
        trigger = "shelling" if "shelling" in text else "bombing"
        event = _event(text, trigger, "ASSAULT")
        rows.append(Example(f"b{n}", tuple(document_features([event], None)[0]), NO_EVENT, 1.0))
    return rows


def test_decision_tiny_model_learns_background_from_few_texts():
    model = fit(_tiny_rows() * 5, c=10.0)
    assert set(model.classes) == {"ASSAULT", NO_EVENT}
    new = _event("Iran shelled Turkish posts on Friday.", "shelled", "ASSAULT")
    old = _event("Since the 2012 shelling, nothing changed.", "shelling", "ASSAULT")
    [p_new, p_old] = model.probabilities(document_features([new, old], None))
    keep = model.classes.index("ASSAULT")
    assert p_new[keep] > 0.5 > p_old[keep]


def test_decision_model_round_trips_through_its_file(tmp_path):
    model = fit(_tiny_rows(), c=1.0, meta={"data": "tiny"})
    path = tmp_path / "m.npz"
    model.save(path)
    again = DecisionModel.load(path)
    assert again.classes == model.classes
    assert again.meta["data"] == "tiny"
    feats = document_features([_event("Iran shelled Turkey.", "shelled", "ASSAULT")], None)
    np.testing.assert_allclose(again.probabilities(feats), model.probabilities(feats), atol=2e-3)


def test_decision_retypes_and_keeps_the_rule_type_for_the_trace():
    event = _event("Iran agreed to lift the embargo on Turkey.", "lift", "CONCEDE")
    feats = document_features([event], None)[0]
    names = sorted(set(feats))
    weights = np.zeros((len(names), 3), dtype=np.float32)
    weights[names.index("w=agreed"), 0] = 5.0  # AGREE
    model = DecisionModel(["AGREE", "CONCEDE", NO_EVENT], names, weights, np.zeros(3))
    [decided] = model.decide([event], None)
    assert decided.event_type == "AGREE"
    assert decided.rule_type == "CONCEDE"
    assert decided.cameo == "03"
    assert decided.confidence == pytest.approx(np.exp(5) / (np.exp(5) + 2), rel=1e-3)


def test_decision_missing_model_file_is_one_clear_error(tmp_path):
    from herald.errors import HeraldError

    with pytest.raises(HeraldError, match="cannot load the decision model"):
        DecisionModel.load(tmp_path / "nothing.npz")


def test_training_labels_background_as_no_event_and_retypes_a_lone_sentence():
    item = {
        "text": "Iran agreed to lift the embargo on Turkey.",
        "events": [{"event_type": "AGREE", "source": ["IRN"], "target": ["TUR"]}],
    }
    event = _event(item["text"], "lift", "CONCEDE")
    assert label_candidates(item, [event], weak_weight=0.3) == [("AGREE", 1.0)]
    background = {
        "text": "Iran attacked Turkey in 2019.",
        "events": [
            {"event_type": "ASSAULT", "source": ["IRN"], "target": ["TUR"], "optional": True}
        ],
    }
    attack = _event(background["text"], "attacked", "ASSAULT")
    assert label_candidates(background, [attack], weak_weight=0.3) == [(NO_EVENT, 1.0)]
    story = {"text": "x", "events": [{"event_type": "ASSAULT", "source": None, "target": None}]}
    other = _event("Iran praised Turkey.", "praised", "SUPPORT")
    assert label_candidates(story, [attack, other], weak_weight=0.3) == [
        ("ASSAULT", 1.0),
        (NO_EVENT, 0.3),
    ]


STORY = (
    "Kenya and Tanzania agree to reopen border crossing\n\n"
    "NAIROBI, March 4 - Kenyan President William Ruto held talks with Tanzanian President "
    "Samia Suluhu Hassan in Nairobi on Tuesday, and the two leaders agreed to reopen the "
    "Namanga border crossing.\n\n"
    "The crossing was closed in 2020 when Tanzanian police arrested dozens of Kenyan truck "
    "drivers.\n\n"
    "Asian stocks staged a strong rally on Wednesday as investors bet on lower rates."
)


@pytest.mark.slow
def test_decision_shipped_model_keeps_the_news_and_drops_background(pipeline, decided_pipeline):
    rules = pipeline.code_text(STORY, pub_date="2025-03-05")
    decided = decided_pipeline.code_text(STORY, pub_date="2025-03-05")
    background = [e for e in rules if "2020" in e.sentence or "stocks" in e.sentence]
    assert background  # the rules alone propose them ...
    assert not [e for e in decided if "2020" in e.sentence or "stocks" in e.sentence]  # ... not
    talks = [e for e in decided if e.event_type == "CONSULT"]
    assert talks and {a.code for e in talks for a in e.source + e.target} == {"KEN", "TZA"}
    assert talks[0].date == "2025-03-04"
    assert all(e.rule_type is not None and e.confidence >= 0.5 for e in decided)
