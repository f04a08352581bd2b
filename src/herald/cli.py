"""The `herald` command line: parse options, build Settings, call the library.

Only this module prints. Library errors (`HeraldError`) become one clear message
and exit status 1; bad options are usage errors (exit 2); skipped inputs are one
stderr line each and do not change the exit status.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

import click

from herald.errors import HeraldError
from herald.readers import iter_inputs
from herald.schema import Document, Skipped
from herald.settings import Settings


def _fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except HeraldError as err:
            raise click.ClickException(str(err)) from err
        except BrokenPipeError:  # `herald code ... | head`
            sys.stderr.close()
            return None

    return wrapper


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2023-11-26") from None


def kb_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--kb", "kb_paths", multiple=True, type=click.Path(dir_okay=False),
                        help="extra knowledge-base YAML file (repeatable), merged over the built-in one")(func)  # fmt: skip


def settings_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--settings", "settings_file", type=click.Path(exists=True, dir_okay=False),
                        help="TOML file overriding settings (see docs/settings.md)")(func)  # fmt: skip


def workers_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
                        help="parallel worker processes")(func)  # fmt: skip


def build_settings(settings_file: str | None, kb_paths: Iterable[str] = (), **changes: Any) -> Settings:
    settings = Settings.from_toml(settings_file) if settings_file else Settings()
    if kb_paths:
        changes["kb_paths"] = tuple(settings.kb_paths) + tuple(kb_paths)
    return settings.replace(**{k: v for k, v in changes.items() if v is not None})


def report_skip(item: Skipped) -> None:
    click.echo(str(item), err=True)


def coded_documents(inputs: Iterable[str], settings: Settings, *, workers: int = 1,
                    pub_date: str | None = None) -> Iterator[Document]:  # fmt: skip
    """Documents with events; skipped inputs are reported on stderr as they come."""
    from herald.parallel import code_items

    def with_default_date() -> Iterator[Any]:
        for item in iter_inputs(inputs, settings):
            if isinstance(item, Document) and pub_date and not item.pub_date:
                item.pub_date, item.pub_date_origin = pub_date, "option"
            yield item

    for item in code_items(with_default_date(), settings, workers=workers):
        if isinstance(item, Skipped):
            report_skip(item)
        else:
            for note in item.notes:
                click.echo(f"herald: note {item.doc_id}: {note}", err=True)
            yield item


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="herald")
def main() -> None:
    """herald: news articles in, political event data (PLOVER) out."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--pub-date", callback=_check_date, help="publication date when the input has none (YYYY-MM-DD)")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "table"]), default=None,
              help="output format [default: table on a terminal, else jsonl]")  # fmt: skip
@click.option("--include-negated", is_flag=True, help="also print events the text says did not happen")
@workers_option
@kb_option
@settings_option
@_fail_cleanly
def code(inputs: tuple[str, ...], pub_date: str | None, fmt: str | None, include_negated: bool,
         workers: int, kb_paths: tuple[str, ...], settings_file: str | None) -> None:  # fmt: skip
    """Code the events in news articles (files, directories, .jsonl, .html, .warc, or - for stdin)."""
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
@click.option("--out", type=click.Path(dir_okay=False), help="also save the predicted events (jsonl)")
@workers_option
@kb_option
@settings_option
@_fail_cleanly
def eval_command(gold: str, as_json: bool, out: str | None, workers: int, kb_paths: tuple[str, ...],
                 settings_file: str | None) -> None:  # fmt: skip
    """Score herald against a gold file: precision/recall/F1 by type and for full events."""
    from herald import evaluate
    from herald.readers import document_from_record

    settings = build_settings(settings_file, kb_paths)
    rows = evaluate.read_gold(gold)
    docs = [document_from_record({"id": r["id"], "text": r["text"], "pub_date": r.get("pub_date")}, gold)
            for r in rows]  # fmt: skip
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
@click.option("--date", "when", callback=_check_date, help="resolve offices on this date (YYYY-MM-DD)")
@kb_option
@_fail_cleanly
def kb_lookup(text: str, when: str | None, kb_paths: tuple[str, ...]) -> None:
    """Show how TEXT resolves (code, sector, name, role, alternatives) as JSON."""
    from herald.kb import load_kb
    from herald.resolve import lookup

    click.echo(json.dumps(lookup(load_kb(kb_paths), text, when), ensure_ascii=False, indent=2))


@kb.command("validate")
@kb_option
@_fail_cleanly
def kb_validate(kb_paths: tuple[str, ...]) -> None:
    """Check the KB: overlapping terms, unknown codes, offices ending before they start."""
    from herald.kb import load_kb, validate_kb

    knowledge = load_kb(kb_paths)
    problems = validate_kb(knowledge)
    for problem in problems:
        click.echo(problem)
    click.echo(f"{len(knowledge.states)} states, {len(knowledge.orgs)} organisations, "
               f"{len(knowledge.people)} people, {knowledge.terms.size} terms; {len(problems)} problem(s)")  # fmt: skip
    if problems:
        sys.exit(1)


from herald.commands_store import register as _register_store  # noqa: E402

_register_store(main)


if __name__ == "__main__":
    main()
