"""The command line: formats, skipped inputs, exit codes and exact error texts."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from herald.cli import main

ARTICLE = (
    "Norway and Chile sign fisheries pact\n"
    "Norwegian Foreign Minister Anniken Huitfeldt met her Chilean counterpart in Oslo on Thursday "
    "and signed a fisheries agreement, officials said.\n"
)


@pytest.fixture()
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_cli_bad_pub_date_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["code", "--pub-date", "26/11/2023", "x.txt"])
    assert result.exit_code == 2
    assert "'26/11/2023' is not a date; use YYYY-MM-DD, e.g. 2023-11-26" in result.output


def test_cli_unknown_format_is_a_usage_error(article) -> None:
    result = CliRunner().invoke(main, ["code", "--format", "xml", str(article)])
    assert result.exit_code == 2


@pytest.mark.slow
def test_cli_code_jsonl_and_skips_empty_input_with_exit_zero(article, tmp_path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["code", "--format", "jsonl", "--pub-date", "2022-03-03", str(article), str(empty)]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert {e["event_type"] for e in lines} >= {"CONSULT"}
    consult = next(e for e in lines if e["event_type"] == "CONSULT")
    assert consult["date"] == "2022-03-03"
    assert consult["doc_id"] == str(article)
    assert f"herald: skipped {empty}: empty file" in result.stderr


@pytest.mark.slow
def test_cli_code_csv_has_flat_columns(article) -> None:
    result = CliRunner().invoke(
        main, ["code", "--format", "csv", "--pub-date", "2022-03-03", str(article)]
    )
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"event_type", "source_codes", "target_codes", "sentence", "span_start"} <= set(
        rows[0]
    )


@pytest.mark.slow
def test_cli_code_reads_jsonl_records(tmp_path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "n1", "text": ARTICLE, "pub_date": "2022-03-03"}) + "\nnot json\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["code", "--format", "jsonl", str(path)])
    assert result.exit_code == 0
    assert all(json.loads(line)["doc_id"] == "n1" for line in result.stdout.splitlines())
    assert f"herald: skipped {path}:2: not valid JSON" in result.stderr


@pytest.mark.slow
def test_cli_eval_scores_a_gold_file(tmp_path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "g1",
                "text": ARTICLE,
                "pub_date": "2022-03-03",
                "events": [
                    {"event_type": "CONSULT", "mode": "visit", "source": ["CHL"], "target": ["NOR"]}
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["eval", "--json", str(gold)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["type"]["recall"] == 1.0
    assert scores["event"]["tp"] == 1


def test_cli_kb_lookup_prints_json() -> None:
    result = CliRunner().invoke(
        main, ["kb", "lookup", "Iran's foreign minister", "--date", "2025-11-13"]
    )
    assert result.exit_code == 0
    got = json.loads(result.stdout)
    assert got["name"] == "Abbas Araghchi" and got["code"] == "IRN"


def test_cli_kb_validate_passes_on_shipped_data() -> None:
    result = CliRunner().invoke(main, ["kb", "validate"])
    assert result.exit_code == 0, result.output
    assert "0 problem(s)" in result.output
