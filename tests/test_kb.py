"""Knowledge-base resolution across regions and dates (issue: wrong actors are the top complaint).

Each case is (text, date, code, name-fragment or None, sector or None). A name fragment
checks that a title resolves to the person who held the office on that date.
"""

from __future__ import annotations

import pytest

from herald.coding.actors import find_phrases, resolve_counterpart, resolve_phrase
from herald.coding.lookup import lookup
from herald.kb import load_kb, validate_kb
from herald.stages.dates import parse_iso
from herald.textutil import tokenize

STATES = [
    ("Türkiye", "TUR"),
    ("Turkey", "TUR"),
    ("Turkish", "TUR"),
    ("Ankara", "TUR"),
    ("Iran", "IRN"),
    ("Tehran", "IRN"),
    ("Islamic Republic of Iran", "IRN"),
    ("the Zionist regime", "ISR"),
    ("the occupying entity", "ISR"),
    ("the Tel Aviv regime", "ISR"),
    ("the usurping regime", "ISR"),
    ("'Israel'", "ISR"),
    ("Ivory Coast", "CIV"),
    ("Côte d'Ivoire", "CIV"),
    ("Myanmar", "MMR"),
    ("Burma", "MMR"),
    ("North Korea", "PRK"),
    ("Pyongyang", "PRK"),
    ("South Korea", "KOR"),
    ("Seoul", "KOR"),
    ("the Kremlin", "RUS"),
    ("Moscow", "RUS"),
    ("the White House", "USA"),
    ("U.S.", "USA"),
    ("Britain", "GBR"),
    ("Downing Street", "GBR"),
    ("Beijing", "CHN"),
    ("Chinese", "CHN"),
    ("Emirati", "ARE"),
    ("Abu Dhabi", "ARE"),
    ("Riyadh", "SAU"),
    ("Saudi", "SAU"),
    ("Doha", "QAT"),
    ("Qatari", "QAT"),
    ("Kosovo", "XKX"),
    ("Taiwan", "TWN"),
    ("Western Sahara", "ESH"),
    ("Palestinian", "PSE"),
    ("Kyiv", "UKR"),
    ("Ukrainian", "UKR"),
    ("New Delhi", "IND"),
    ("Islamabad", "PAK"),
    ("Nigerien", "NER"),
    ("Nigerian", "NGA"),
    ("Addis Ababa", "ETH"),
    ("Brasilia", "BRA"),
    ("Mexican", "MEX"),
    ("Canberra", "AUS"),
    ("Caracas", "VEN"),
    ("Havana", "CUB"),
    ("Eswatini", "SWZ"),
    ("Czechia", "CZE"),
    ("Holy See", "VAT"),
]

ORGS = [
    ("United Nations", "UN"),
    ("UN Security Council", "UN"),
    ("the Arab League", "ARL"),
    ("NATO", "NATO"),
    ("European Union", "EU"),
    ("European Commission", "EU"),
    ("African Union", "AU"),
    ("IAEA", "IAEA"),
    ("International Criminal Court", "ICC"),
    ("International Court of Justice", "ICJ"),
    ("World Health Organization", "WHO"),
    ("IMF", "IMF"),
    ("World Bank", "WB"),
    ("OPEC", "OPEC"),
    ("ECOWAS", "ECOWAS"),
    ("Gulf Cooperation Council", "GCC"),
    ("ASEAN", "ASEAN"),
    ("BRICS", "BRICS"),
    ("OSCE", "OSCE"),
    ("Organisation of Islamic Cooperation", "OIC"),
]

GROUPS = [
    ("Hamas", "2023-10-07", "PSE", "REB"),
    ("Islamic Jihad", "2023-10-07", "PSE", "REB"),
    ("Hezbollah", "2024-01-01", "LBN", "REB"),
    ("the Houthis", "2024-01-01", "YEM", "REB"),
    ("Ansar Allah", "2024-01-01", "YEM", "REB"),
    ("PKK", "2020-01-01", "TUR", "REB"),
    ("al-Shabaab", "2020-01-01", "SOM", "REB"),
    ("Taliban", "2019-01-01", "AFG", "REB"),
    ("Taliban", "2023-01-01", "AFG", "GOV"),
    ("Boko Haram", "2015-01-01", "NGA", "REB"),
    ("Revolutionary Guards", "2020-01-01", "IRN", "MIL"),
    ("Rapid Support Forces", "2024-01-01", "SDN", None),
]

PEOPLE = [
    ("Iran's foreign minister", "2023-12-11", "IRN", "Amir-Abdollahian"),
    ("Iran's foreign minister", "2025-11-13", "IRN", "Araghchi"),
    ("Iranian Foreign Minister", "2018-06-01", "IRN", "Zarif"),
    ("Turkish Foreign Minister", "2023-11-01", "TUR", "Fidan"),
    ("Turkish Foreign Minister", "2020-01-01", "TUR", "Çavuşoğlu"),
    ("Iranian President", "2023-01-01", "IRN", "Raisi"),
    ("Iranian President", "2025-01-01", "IRN", "Pezeshkian"),
    ("US President", "2019-06-01", "USA", "Trump"),
    ("US President", "2022-06-01", "USA", "Biden"),
    ("US President", "2026-01-01", "USA", "Trump"),
    ("Russian President", "2010-01-01", "RUS", "Medvedev"),
    ("Russian President", "2015-01-01", "RUS", "Putin"),
    ("British Prime Minister", "2023-01-01", "GBR", "Sunak"),
    ("British Prime Minister", "2025-01-01", "GBR", "Starmer"),
    ("British Prime Minister", "2016-01-01", "GBR", "Cameron"),
    ("German Chancellor", "2020-01-01", "DEU", "Merkel"),
    ("German Chancellor", "2023-01-01", "DEU", "Scholz"),
    ("French President", "2019-01-01", "FRA", "Macron"),
    ("French President", "2010-01-01", "FRA", "Sarkozy"),
    ("Israeli Prime Minister", "2022-01-01", "ISR", "Bennett"),
    ("Israeli Prime Minister", "2024-01-01", "ISR", "Netanyahu"),
    ("Egyptian Foreign Minister", "2023-01-01", "EGY", "Shoukry"),
    ("Egyptian Foreign Minister", "2025-01-01", "EGY", "Abdelatty"),
    ("Indian Prime Minister", "2012-01-01", "IND", "Singh"),
    ("Indian Prime Minister", "2020-01-01", "IND", "Modi"),
    ("Chinese Foreign Minister", "2023-09-01", "CHN", "Wang Yi"),
    ("Ukrainian President", "2018-01-01", "UKR", "Poroshenko"),
    ("Ukrainian President", "2022-06-01", "UKR", "Zelensk"),
    ("Brazilian President", "2020-01-01", "BRA", "Bolsonaro"),
    ("Brazilian President", "2023-06-01", "BRA", "Lula"),
    ("South African President", "2015-01-01", "ZAF", "Zuma"),
    ("South African President", "2020-01-01", "ZAF", "Ramaphosa"),
    ("Nigerian President", "2020-01-01", "NGA", "Buhari"),
    ("Nigerian President", "2024-01-01", "NGA", "Tinubu"),
    ("Syrian President", "2020-01-01", "SYR", "Assad"),
    ("Syrian President", "2025-06-01", "SYR", "Sharaa"),
    ("Israeli Defence Minister", "2023-06-01", "ISR", "Gallant"),
    ("Israeli Defence Minister", "2025-01-01", "ISR", "Katz"),
    ("Japanese Prime Minister", "2021-01-01", "JPN", "Suga"),
    ("Qatari Prime Minister", "2024-01-01", "QAT", "Abdulrahman"),
    ("UN Secretary-General", "2020-01-01", "UN", "Guterres"),
    ("UN Secretary-General", "2010-01-01", "UN", "Ban Ki-moon"),
    ("Iran's top diplomat", "2023-10-31", "IRN", "Amir-Abdollahian"),
]

NAMES = [
    ("Erdogan", "TUR"),
    ("Erdoğan", "TUR"),
    ("Raeisi", "IRN"),
    ("Amirabdollahian", "IRN"),
    ("Amir Abdollahian", "IRN"),
    ("Zelenskyy", "UKR"),
    ("Lula da Silva", "BRA"),
    ("Xi Jinping", "CHN"),
    ("Mohammed bin Salman", "SAU"),
    ("Sisi", "EGY"),
    ("Netanyahu", "ISR"),
    ("Hakan Fidan", "TUR"),
    ("Abbas Araghchi", "IRN"),
    ("Putin", "RUS"),
]


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize(("text", "code"), STATES)
def test_kb_state_names_demonyms_capitals_and_loaded_names(kb, text: str, code: str) -> None:
    assert lookup(kb, text, "2023-11-01")["code"] == code


@pytest.mark.parametrize(("text", "code"), ORGS)
def test_kb_international_organisations(kb, text: str, code: str) -> None:
    got = lookup(kb, text, "2023-11-01")
    assert got["code"] == code
    assert got["sector"] in ("IGO", "JUD")


@pytest.mark.parametrize(("text", "when", "code", "sector"), GROUPS)
def test_kb_armed_groups_with_sector_through_time(
    kb, text: str, when: str, code: str, sector: str | None
) -> None:
    got = lookup(kb, text, when)
    assert got["code"] == code
    if sector:
        assert got["sector"] == sector


@pytest.mark.parametrize(("text", "when", "code", "name"), PEOPLE)
def test_kb_office_holders_on_the_date(kb, text: str, when: str, code: str, name: str) -> None:
    got = lookup(kb, text, when)
    assert got["code"] == code
    assert got["name"] and name.lower() in got["name"].lower(), got


@pytest.mark.parametrize(("text", "code"), NAMES)
def test_kb_spelling_variants_name_the_person(kb, text: str, code: str) -> None:
    assert lookup(kb, text, "2023-11-01")["code"] == code


def test_kb_former_office_holder_keeps_state_without_current_role(kb) -> None:
    got = lookup(kb, "President Raisi", "2024-06-10")
    assert got["code"] == "IRN"
    assert got["role"].startswith("former")
    assert lookup(kb, "President Raisi", "2023-06-10")["role"] == "head of state"


def test_kb_wrong_title_still_resolves_to_the_person(kb) -> None:
    got = lookup(kb, "Iran's Deputy Foreign Minister Abbas Araghchi", "2025-11-13")
    assert got["name"] == "Abbas Araghchi"
    assert got["role"] == "foreign minister"


def test_kb_title_beats_a_name_the_kb_gives_to_someone_else(kb) -> None:
    text = "Qatar's Prime Minister and Foreign Minister Sheikh Mohammed bin Abdullah Al Thani"
    got = lookup(kb, text, "2025-11-13")
    assert got["code"] == "QAT"


def test_kb_counterpart_is_the_same_office_in_the_other_state(kb) -> None:
    text = "his Turkish counterpart"
    phrases = find_phrases(tokenize(text), text, kb)
    when = parse_iso("2023-11-26")
    raisi = lookup(kb, "Ebrahim Raisi", "2023-11-26")
    from herald.schema import Actor

    anchor = Actor("Raisi", "IRN", "GOV", raisi["name"], raisi["role"], "person")
    phrase = phrases[0]
    resolve_phrase(phrase, kb, when)
    resolve_counterpart(phrase, anchor, kb, when)
    assert phrase.actors[0].code == "TUR"
    assert "Erdo" in (phrase.actors[0].name or "")


def test_kb_validate_reports_no_problems_in_shipped_data(kb) -> None:
    assert validate_kb(kb) == []


def test_kb_user_file_adds_a_person(tmp_path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "- name: Jane Placeholder\n  aliases: [Placeholder]\n  code: ISL\n"
        "  offices:\n    - {title: Foreign Minister, role: foreign minister, start: 2030-01-01, end: null}\n",
        encoding="utf-8",
    )
    kb = load_kb([str(extra)])
    assert lookup(kb, "Placeholder", "2031-01-01")["code"] == "ISL"
    assert lookup(kb, "Icelandic Foreign Minister", "2031-01-01")["name"] == "Jane Placeholder"


def test_kb_bad_user_file_is_a_clear_error(tmp_path) -> None:
    from herald.errors import KnowledgeBaseError

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "- name: X\n  offices:\n    - {title: King, role: emperor of all, start: 2020-01-01}\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError, match="role 'emperor of all'"):
        load_kb([str(bad)])


# Every actor named in the example articles (../shared/seeds), written out here as phrases.
SEED_ACTORS = [
    ("President Erdogan", "2023-11-26", "TUR", "Erdoğan"),
    ("his Iranian counterpart Raisi", "2023-11-26", "IRN", "Raisi"),
    ("Turkish President Recep Tayyip Erdogan", "2023-11-26", "TUR", "Erdoğan"),
    ("Iranian President Ebrahim Raisi", "2023-11-26", "IRN", "Raisi"),
    ("Iran's Deputy Foreign Minister Abbas Araghchi", "2025-11-13", "IRN", "Araghchi"),
    ("Turkey's Foreign Minister Hakan Fidan", "2025-11-13", "TUR", "Fidan"),
    ("Iranian Foreign Minister Hossein Amir-Abdollahian", "2023-12-11", "IRN", "Amir-Abdollahian"),
    ("his Turkish counterpart Hakan Fidan", "2023-12-11", "TUR", "Fidan"),
    ("President Ebrahim Raeisi", "2023-12-11", "IRN", "Raisi"),
    ("his Turkish counterpart Recep Tayyip Erdoğan", "2024-04-01", "TUR", "Erdoğan"),
    ("Iranian FM Hossein Amirabdollahian", "2023-11-01", "IRN", "Amir-Abdollahian"),
    ("Iran's top diplomat", "2023-10-31", "IRN", "Amir-Abdollahian"),
    ("Turkish FM Hakan Fidan", "2023-11-01", "TUR", "Fidan"),
    ("Ziyad al-Nakhalah", "2023-11-01", "PSE", "Nakhalah"),
    ("Donald Trump", "2025-11-13", "USA", "Trump"),
]  # fmt: skip

SEED_BODIES = [
    ("the Zionist regime", "ISR"), ("the usurping Zionist regime", "ISR"), ("the Zionists", "ISR"),
    ("the occupying entity", "ISR"), ("the Tel Aviv regime", "ISR"), ("the Israeli regime", "ISR"),
    ("Israeli forces", "ISR"), ("the occupation forces", "ISR"), ("Hamas leaders", "PSE"),
    ("Islamic Jihad", "PSE"), ("Washington", "USA"), ("the Lebanese Army", "LBN"),
    ("Iranian Foreign Ministry spokesman Nasser Kan'ani", "IRN"), ("Qatar", "QAT"),
    ("Pakistan", "PAK"), ("Afghanistan", "AFG"), ("the UN Security Council", "UN"),
    ("Muslim countries", None), ("Palestinians", "PSE"), ("Tehran and Ankara", "IRN"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "when", "code", "name"), SEED_ACTORS)
def test_kb_seed_people_resolve_on_their_dates(
    kb, text: str, when: str, code: str, name: str
) -> None:
    got = lookup(kb, text, when)
    assert got["code"] == code, got
    assert got["name"] and name.lower() in got["name"].lower(), got


@pytest.mark.parametrize(("text", "code"), SEED_BODIES)
def test_kb_seed_states_groups_and_loaded_names(kb, text: str, code: str | None) -> None:
    assert lookup(kb, text, "2023-11-01")["code"] == code


def test_kb_seed_sector_words_give_the_sector(kb) -> None:
    assert lookup(kb, "Israeli forces", "2023-11-01")["sector"] == "MIL"
    assert lookup(kb, "the Lebanese Army", "2023-11-01")["sector"] == "MIL"
    assert lookup(kb, "Hamas leaders", "2023-11-01")["sector"] == "REB"
