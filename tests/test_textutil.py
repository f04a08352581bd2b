from __future__ import annotations

from herald.coding.lexicon import TriggerLexicon, inflections, read_triggers
from herald.textutil import PhraseTrie, fold, tokenize


def test_textutil_fold_removes_diacritics_and_curly_quotes() -> None:
    assert fold("Erdoğan’s Türkiye") == "erdogan's turkiye"


def test_textutil_trie_prefers_longest_and_respects_capitals() -> None:
    trie: PhraseTrie[str] = PhraseTrie()
    trie.add("Turkey", "TUR")
    trie.add("Zionist regime", "ISR")
    trie.add("US", "USA")
    text = "Turkey will not eat turkey; the Zionist regime and us and the US."
    found = [(m.text, m.values[0]) for m in trie.find(tokenize(text), text)]
    assert found == [("Turkey", "TUR"), ("Zionist regime", "ISR"), ("US", "USA")]


def test_lexicon_inflections_cover_regular_and_irregular_forms() -> None:
    assert {"met", "meets", "meeting"} <= inflections("meet")
    assert {"seized", "seizes", "seizing"} <= inflections("seize")
    assert {"bans", "banned", "banning"} <= inflections("ban")
    assert {"parties"} <= inflections("party")


def test_lexicon_gap_patterns_and_head(tmp_path) -> None:
    csv_file = tmp_path / "t.csv"
    csv_file.write_text(
        "pattern,event_type,mode,cameo,pos,flags,note\n"
        "^hold * talk,CONSULT,,040,V,sym,\n"
        "fire,ASSAULT,firearms,190,,weak,\n"
        "^open fire,ASSAULT,firearms,190,V,,\n",
        encoding="utf-8",
    )
    lex = TriggerLexicon(read_triggers(csv_file))
    tokens = tokenize("Ministers held two days of talks; soldiers opened fire.")
    found = [(m.trigger.pattern, tokens[m.head_token].text) for m in lex.find(tokens)]
    assert found == [("^hold * talk", "held"), ("^open fire", "opened")]
    # a gap never crosses a clause boundary
    assert lex.find(tokenize("They held. Talks failed.")) == []


def _lexicon(tmp_path, *rows: str) -> TriggerLexicon:
    """A lexicon of the given CSV rows (written for the test)."""
    csv_file = tmp_path / "t.csv"
    header = "pattern,event_type,mode,cameo,pos,flags,note\n"
    csv_file.write_text(header + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return TriggerLexicon(read_triggers(csv_file))


def _heads(lex: TriggerLexicon, text: str) -> list[str]:
    """The head word of each match, as written."""
    tokens = tokenize(text)
    return [tokens[m.head_token].text for m in lex.find(tokens)]


def test_lexicon_gap_counts_words_not_hyphens_or_weekdays(tmp_path) -> None:
    lex = _lexicon(tmp_path, "^lift * curfew,CONCEDE,,0813,V,,")
    # "a seven-week-old" is two words in six tokens; "on Friday" costs one word
    assert _heads(lex, "The army lifted a seven-week-old curfew.") == ["lifted"]
    assert _heads(lex, "The army lifted on Friday the night curfew.") == ["lifted"]
    # four real words are one too many
    assert _heads(lex, "The army lifted the strict and unpopular curfew.") == []


def test_lexicon_verb_object_pattern_also_reads_the_passive(tmp_path) -> None:
    lex = _lexicon(
        tmp_path, "^lift * sanction,CONCEDE,,085,V,,", "^import * from,COOPERATE,,061,V,,"
    )
    # the verb stays the head, so the parse still gives the roles
    assert _heads(lex, "Sanctions on Iran were lifted on Monday.") == ["lifted"]
    assert _heads(lex, "The EU lifted sanctions.") == ["lifted"]
    # without a form of "be" between them the noun is not the verb's object
    assert _heads(lex, "The sanctions he lifted were harsh.") == []
    # a preposition is not an object: "from ... was imported" is not this pattern
    assert _heads(lex, "Oil from Iraq was imported.") == []


def test_lexicon_verb_object_pattern_also_reads_as_a_noun_of_action(tmp_path) -> None:
    lex = _lexicon(
        tmp_path, "^suspend * relation,SANCTION,,161,V,,", "^lift * sanction,CONCEDE,,085,V,,"
    )
    assert _heads(lex, "The suspension of diplomatic relations was announced.") == ["suspension"]
    assert _heads(lex, "The lifting of US sanctions came later.") == ["lifting"]
    assert {m.trigger.pos for m in lex.find(tokenize("The lifting of sanctions."))} == {"N"}
    # "of" must follow the noun: "suspension" alone is not this trigger
    assert _heads(lex, "The suspension lasted until relations improved.") == []
