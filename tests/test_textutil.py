from __future__ import annotations

from herald.lexicon import TriggerLexicon, inflections, read_triggers
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


def test_lexicon_gap_counts_words_not_hyphens_or_weekdays(tmp_path) -> None:
    csv_file = tmp_path / "t.csv"
    csv_file.write_text(
        "pattern,event_type,mode,cameo,pos,flags,note\n^lift * curfew,CONCEDE,,0813,V,,\n",
        encoding="utf-8",
    )
    lex = TriggerLexicon(read_triggers(csv_file))

    def heads(text: str) -> list[str]:
        tokens = tokenize(text)
        return [tokens[m.head_token].text for m in lex.find(tokens)]

    # "a seven-week-old" is two words in six tokens; "on Friday" costs one word
    assert heads("The army lifted a seven-week-old curfew.") == ["lifted"]
    assert heads("The army lifted on Friday the night curfew.") == ["lifted"]
    # four real words are one too many
    assert heads("The army lifted the strict and unpopular curfew.") == []


def test_lexicon_verb_object_pattern_also_reads_the_passive(tmp_path) -> None:
    csv_file = tmp_path / "t.csv"
    csv_file.write_text(
        "pattern,event_type,mode,cameo,pos,flags,note\n"
        "^lift * sanction,CONCEDE,,085,V,,\n"
        "^import * from,COOPERATE,,061,V,,\n",
        encoding="utf-8",
    )
    lex = TriggerLexicon(read_triggers(csv_file))

    def heads(text: str) -> list[str]:
        tokens = tokenize(text)
        return [tokens[m.head_token].text for m in lex.find(tokens)]

    # the verb stays the head, so the parse still gives the roles
    assert heads("Sanctions on Iran were lifted on Monday.") == ["lifted"]
    assert heads("The EU lifted sanctions.") == ["lifted"]
    # without a form of "be" between them the noun is not the verb's object
    assert heads("The sanctions he lifted were harsh.") == []
    # a preposition is not an object: "from ... was imported" is not this pattern
    assert heads("Oil from Iraq was imported.") == []


def test_lexicon_verb_object_pattern_also_reads_as_a_noun_of_action(tmp_path) -> None:
    csv_file = tmp_path / "t.csv"
    csv_file.write_text(
        "pattern,event_type,mode,cameo,pos,flags,note\n"
        "^suspend * relation,SANCTION,,161,V,,\n"
        "^lift * sanction,CONCEDE,,085,V,,\n",
        encoding="utf-8",
    )
    lex = TriggerLexicon(read_triggers(csv_file))

    def heads(text: str) -> list[tuple[str, str]]:
        tokens = tokenize(text)
        return [(tokens[m.head_token].text, m.trigger.pos) for m in lex.find(tokens)]

    assert heads("The suspension of diplomatic relations was announced.") == [("suspension", "N")]
    assert heads("The lifting of US sanctions came later.") == [("lifting", "N")]
    # "of" must follow the noun: "suspension" alone is not this trigger
    assert heads("The suspension lasted until relations improved.") == []
