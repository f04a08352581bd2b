"""Event dates against the publication date (ONTOLOGY.md: never today's date)."""

from __future__ import annotations

import pytest

from herald.stages.dates import find_date_in_line, resolve_event_date


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("November 26, 2023", "2023-11-26"),
        ("1 Nov 2023 23:50", "2023-11-01"),
        ("Published: 2024-04-01T10:00", "2024-04-01"),
        ("Wednesday, Nov. 1, 2023", "2023-11-01"),
        ("3 Min Read", None),
        ("February 30, 2023", None),
    ],
)
def test_dates_find_date_in_line(line: str, expected: str | None) -> None:
    assert find_date_in_line(line) == expected


@pytest.mark.parametrize(
    ("sentence", "pub", "expected", "precision"),
    [
        ("The ministers met on Thursday in Ankara.", "2023-11-26", "2023-11-23", "day"),
        ("The ministers met on Sunday in Ankara.", "2023-11-26", "2023-11-26", "day"),
        ("The war began on October 7 after the raid.", "2023-11-01", "2023-10-07", "day"),
        ("The army withdrew on December 28 last year.", "2024-01-05", "2023-12-28", "day"),
        ("Police arrested him yesterday.", "2024-03-10", "2024-03-09", "day"),
        ("They met in March 2021 in Geneva.", "2024-03-10", "2021-03-01", "month"),
        ("The sides held talks last month.", "2024-03-10", "2024-02-01", "month"),
        ("Rebels attacked the town two days ago.", "2024-03-10", "2024-03-08", "day"),
        ("In a phone call, the leaders discussed trade.", "2024-03-10", "2024-03-10", "day"),
        ("In a phone call, the leaders discussed trade.", None, None, None),
        ("The ministers met on Thursday.", None, None, None),
        ("On November 4, 2025, the council voted.", None, "2025-11-04", "day"),
    ],
)
def test_dates_resolve_event_date(
    sentence: str, pub: str | None, expected: str | None, precision: str | None
) -> None:
    got = resolve_event_date(sentence, 10, pub)
    assert (got.date, got.precision) == (expected, precision)


def test_dates_future_weekday_looks_forward() -> None:
    got = resolve_event_date(
        "The president will visit Cairo on Friday.", 18, "2024-03-10", future=True
    )
    assert got.date == "2024-03-15"


def test_dates_a_day_after_dates_the_earlier_event() -> None:
    sentence = (
        "The minister held talks in Ankara, a day after he had talks with rebel leaders in Doha."
    )
    assert resolve_event_date(sentence, 13, "2023-11-01").date == "2023-11-01"
    assert (
        resolve_event_date(sentence, sentence.index("had talks"), "2023-11-01").date == "2023-10-31"
    )
