"""The `herald` command line: parse options, build Settings, call the library.

Only this module prints. Library errors (`HeraldError`) become one clear message
and exit status 1; bad options are usage errors (exit 2); skipped inputs are one
stderr line each and do not change the exit status.
"""

from __future__ import annotations

import json
import sys

import click

from herald.cli_common import (
    build_settings,
    check_date,
    coded_documents,
    fail_cleanly,
    kb_option,
    report_skip,
    settings_option,
    workers_option,
)
from herald.schema import Skipped


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="herald")
def main() -> None:
    """herald: news articles in, political event data (PLOVER) out."""


@main.command()
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
@workers_option
@kb_option
@settings_option
@fail_cleanly
def code(
    inputs: tuple[str, ...],
    pub_date: str | None,
    fmt: str | None,
    include_negated: bool,
    workers: int,
    kb_paths: tuple[str, ...],
    settings_file: str | None,
) -> None:
    """Code the events in news articles (files, directories, .jsonl, .html, .warc; - is stdin)."""
    from herald.writers import EventWriter

    settings = build_settings(settings_file, kb_paths)
    if include_negated:
        settings = settings.replace(include_negated=True)
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    writer = EventWriter(fmt, sys.stdout)
    for doc in coded_documents(inputs, settings, workers=workers, pub_date=pub_date):
        for event in doc.events:
            writer.write(event.to_dict())
    writer.close()


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="print the scores as one JSON object")
@click.option(
    "--out", type=click.Path(dir_okay=False), help="also save the predicted events (jsonl)"
)
@workers_option
@kb_option
@settings_option
@fail_cleanly
def eval_command(
    gold: str,
    as_json: bool,
    out: str | None,
    workers: int,
    kb_paths: tuple[str, ...],
    settings_file: str | None,
) -> None:
    """Score herald against a gold file: precision/recall/F1 by type and for full events."""
    from herald import evaluate
    from herald.readers import document_from_record

    settings = build_settings(settings_file, kb_paths)
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
    scores = evaluate.score(rows, evaluate.group_by_doc(events))
    click.echo(json.dumps(scores.to_dict(), indent=2) if as_json else evaluate.report(scores))


@main.group()
def kb() -> None:
    """Inspect and check the actor knowledge base."""


@kb.command("lookup")
@click.argument("text")
@click.option(
    "--date", "when", callback=check_date, help="resolve offices on this date (YYYY-MM-DD)"
)
@kb_option
@fail_cleanly
def kb_lookup(text: str, when: str | None, kb_paths: tuple[str, ...]) -> None:
    """Show how TEXT resolves (code, sector, name, role, alternatives) as JSON."""
    from herald.coding.lookup import lookup
    from herald.kb import load_kb

    click.echo(json.dumps(lookup(load_kb(kb_paths), text, when), ensure_ascii=False, indent=2))


@kb.command("validate")
@kb_option
@fail_cleanly
def kb_validate(kb_paths: tuple[str, ...]) -> None:
    """Check the KB: overlapping terms, unknown codes, offices ending before they start."""
    from herald.kb import load_kb, validate_kb

    knowledge = load_kb(kb_paths)
    problems = validate_kb(knowledge)
    for problem in problems:
        click.echo(problem)
    click.echo(
        f"{len(knowledge.states)} states, {len(knowledge.orgs)} organisations, "
        f"{len(knowledge.people)} people, {knowledge.terms.size} terms; {len(problems)} problem(s)"
    )
    if problems:
        sys.exit(1)


from herald.commands_store import register as _register_store  # noqa: E402

_register_store(main)

from herald.commands_spark import register as _register_spark  # noqa: E402

_register_spark(main)

from herald.commands_web import register as _register_web  # noqa: E402

_register_web(main)


if __name__ == "__main__":
    main()
