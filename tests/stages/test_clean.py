"""Page cleaning: the article stays, the furniture goes (texts written for these tests)."""

from __future__ import annotations

from herald.schema import Document
from herald.stages.clean import clean_document

PAGE = """World News Sports Business
  • Politics
  • Economy
BREAKING
Reuters correspondent: Heavy rain is expected across the north tonight
City police: The ring road is closed after an accident near the port
Norway and Chile sign fisheries pact in Oslo
  • By Staff Writer
  • 3 Mar 2022 10:15
4 Min Read
Norwegian Foreign Minister Anniken Huitfeldt signed a fisheries agreement with her Chilean counterpart in Oslo on Thursday, officials said.
Fishermen wait at the harbour in Tromso. (AP Photo/Jane Doe)
The agreement sets quotas for the southern Pacific and opens Norwegian ports to Chilean trawlers, the ministry said in a statement.
Related News
Chile protests over pension reform turn violent
The two ministers also discussed climate policy and the protection of the Antarctic, according to a joint statement.
Most Read
Police arrest ten after football riot in Bergen, officers say.
All Rights Reserved
"""


def test_clean_keeps_title_and_body_and_drops_furniture() -> None:
    doc = clean_document(Document(doc_id="p", raw=PAGE))
    assert doc.title == "Norway and Chile sign fisheries pact in Oslo"
    assert "signed a fisheries agreement" in doc.text
    assert "two ministers also discussed climate policy" in doc.text
    for furniture in (
        "Heavy rain",
        "ring road",
        "AP Photo",
        "pension reform",
        "football riot",
        "Politics",
        "Rights Reserved",
        "Min Read",
    ):
        assert furniture not in doc.text, furniture


def test_clean_takes_the_publication_date_from_the_dateline() -> None:
    doc = clean_document(Document(doc_id="p", raw=PAGE))
    assert doc.pub_date == "2022-03-03"
    assert doc.pub_date_origin == "dateline"


def test_clean_reads_a_date_header_and_strips_it() -> None:
    doc = clean_document(
        Document(
            doc_id="h",
            raw=" date 2021-05-04 Kenya's president met Uganda's leader in Nairobi on Monday, officials said.",
        )
    )
    assert doc.pub_date == "2021-05-04"
    assert doc.pub_date_origin == "header"
    assert doc.text.startswith("Kenya's president")


def test_clean_metadata_date_wins_over_the_page() -> None:
    doc = clean_document(
        Document(doc_id="m", raw=PAGE, pub_date="2022-03-04", pub_date_origin="metadata")
    )
    assert doc.pub_date == "2022-03-04"


def test_clean_drops_repeated_lead_and_caption_duplicates() -> None:
    raw = "\n".join(
        [
            "Ghana and Togo agree to reopen border",
            "Ghana and Togo agreed on Monday to reopen their shared border after two years of closure, officials said.",
            "A truck waits at the Aflao crossing on Monday, March 1, 2021. (Reuters/John Smith)",
            "Ghana and Togo agreed on Monday to reopen their shared border after two years of closure, officials said.",
            "Trade ministers from both countries will meet next month in Lome to set customs rules, the statement added.",
        ]
    )
    doc = clean_document(Document(doc_id="d", raw=raw))
    assert doc.text.count("agreed on Monday to reopen") == 1
    assert "Reuters/John Smith" not in doc.text


def test_clean_page_that_is_all_menu_has_no_body() -> None:
    raw = "Home\nNews\nSports\nWeather\nContact Us\nPrivacy Policy\n"
    doc = clean_document(Document(doc_id="menu", raw=raw))
    assert "Sports" not in doc.text.split("\n\n")[1:] if doc.text else True
    assert len(doc.text.split()) <= 3


def test_clean_strips_tweet_urls_and_attribution_lines() -> None:
    raw = "\n".join(
        [
            "Peru's president visits Bolivia",
            "Peru's president arrived in La Paz on Tuesday for talks with Bolivian President Luis Arce, the government said.",
            "President arrives in La Paz for talks pic.twitter.com/AbCdEf123",
            "— Andean Wire (@andeanwire) May 2, 2023",
            "The two leaders discussed lithium exports and border security at the presidential palace, officials said.",
        ]
    )
    doc = clean_document(Document(doc_id="tw", raw=raw))
    assert "pic.twitter.com" not in doc.text
    assert "@andeanwire" not in doc.text
    assert "lithium exports" in doc.text


def test_clean_joins_a_hard_wrapped_story_and_keeps_menus_apart() -> None:
    wrapped = (
        "The foreign minister of Norway said that\n\n"
        "the talks with Chile on fishing quotas had\n\n"
        "ended without an agreement on Friday.\n\n"
        "Officials of both countries will meet again\n\n"
        "in March, the ministry said in a statement.\n"
    )
    doc = clean_document(Document(doc_id="w", raw=wrapped))
    assert "said that the talks with Chile on fishing quotas had ended without" in doc.text
    assert "meet again in March, the ministry said" in doc.text
    # menu items start with capitals and are short: they stay separate lines
    doc = clean_document(Document(doc_id="p", raw=PAGE))
    assert "World News Sports Business Politics" not in doc.text
