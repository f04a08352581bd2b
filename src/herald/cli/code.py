"""The coding commands of the `herald` CLI: `code` (events of articles) and `eval`.

`register(main)` (called in herald/cli/__init__.py) adds them to the `herald` group.
"""

from __future__ import annotations

import json
import sys

import click

from herald.cli.common import (
    build_settings,
    check_date,
    coded_documents,
    fail_cleanly,
    kb_option,
    keep_partial_option,
    min_confidence_option,
    report_skip,
    settings_option,
    workers_option,
)
from herald.schema import Skipped


@click.command("code")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--pub-date", callback=check_date, help="publication date when the input has none (YYYY-MM-DD)"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "table"]),
    default=None,
    help="output format [default: table on a terminal, else jsonl]",
)
@click.option(
    "--include-negated", is_flag=True, help="also print events the text says did not happen"
)
@keep_partial_option
@min_confidence_option
@workers_option
@kb_option
@settings_option
@fail_cleanly
def code(
    inputs: tuple[str, ...],
    pub_date: str | None,
    fmt: str | None,
    include_negated: bool,
    keep_partial: bool,
    min_confidence: float | None,
    workers: int,
    kb_paths: tuple[str, ...],
    settings_file: str | None,
) -> None:
    """Code the events in news articles (files, directories, .jsonl, .html, .warc; - is stdin)."""
    from herald.writers import EventWriter

    settings = build_settings(
        settings_file, kb_paths, min_confidence=min_confidence, keep_partial=keep_partial or None
    )
    if include_negated:
        settings = settings.replace(include_negated=True)
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    writer = EventWriter(fmt, sys.stdout)
    for doc in coded_documents(inputs, settings, workers=workers, pub_date=pub_date):
        for event in doc.events:
            writer.write(event.to_dict())
    writer.close()


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="print the scores as one JSON object")
@click.option(
    "--out", type=click.Path(dir_okay=False), help="also save the predicted events (jsonl)"
)
@keep_partial_option
@min_confidence_option
@workers_option
@kb_option
@settings_option
@fail_cleanly
def eval_command(
    gold: str,
    as_json: bool,
    out: str | None,
    keep_partial: bool,
    min_confidence: float | None,
    workers: int,
    kb_paths: tuple[str, ...],
    settings_file: str | None,
) -> None:
    """Score herald against a gold file: precision/recall/F1 by type and for full events, and
    precision by confidence bin."""
    from herald import evaluate
    from herald.readers import document_from_record

    settings = build_settings(
        settings_file, kb_paths, min_confidence=min_confidence, keep_partial=keep_partial or None
    )
    rows = evaluate.read_gold(gold)
    docs = [
        document_from_record(
            {"id": r["id"], "text": r["text"], "pub_date": r.get("pub_date")}, gold
        )
        for r in rows
    ]
    from herald.parallel import code_items

    events = []
    for item in code_items(docs, settings, workers=workers):
        if isinstance(item, Skipped):
            report_skip(item)
        else:
            events.extend(e.to_dict() for e in item.events)
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            for event in events:
                fh.write(json.dumps(event, ensure_ascii=False) + "\n")
    grouped = evaluate.group_by_doc(events)
    scores = evaluate.score(rows, grouped)
    bins = evaluate.precision_by_confidence(rows, grouped)
    if as_json:
        result = scores.to_dict()
        result["by_confidence"] = [
            {"low": lo, "high": hi, "right": right, "predicted": n} for lo, hi, right, n in bins
        ]
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(evaluate.report(scores) + "\n\n" + evaluate.report_confidence(bins))


def register(main: click.Group) -> None:
    """Add `code` and `eval` to the `herald` group defined in herald.cli."""
    main.add_command(code)
    main.add_command(eval_command)
