"""The store commands of the `herald` CLI: ingest, events, stats, export.

They parse options and call `herald.store` (and its query and export modules);
only the command modules print. `register(main)` (called in herald/cli/__init__.py) adds them to the
`herald` group; the shared options (--kb, --settings, --workers) and error handling
come from `herald.cli.common`.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

import click

from herald.cli.common import (
    build_settings,
    check_date,
    fail_cleanly,
    kb_option,
    settings_option,
    workers_option,
)
from herald.errors import HeraldError
from herald.schema import PLOVER_TYPES, Document, Skipped
from herald.store import DEFAULT_DB, IngestReport


def _check_dyad(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from herald.store.query import parse_dyad

    try:
        parse_dyad(value)
    except HeraldError as err:
        raise click.BadParameter(str(err)) from None
    return value


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        default=DEFAULT_DB,
        envvar="HERALD_DB",
        show_default=True,
        show_envvar=True,
        help="the store: a DuckDB file, or a postgresql:// URL",
    )(func)


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--actor, --dyad, --type, --since, --until, --source, --min-mentions, --limit."""
    options = [
        click.option(
            "--actor", help="events with this actor code as source or target (e.g. IRN, UN)"
        ),
        click.option(
            "--dyad",
            callback=_check_dyad,
            help="A-B: events between A and B either way; A>B: A acting on B",
        ),
        click.option(
            "--type",
            "event_types",
            multiple=True,
            type=click.Choice(PLOVER_TYPES, case_sensitive=False),
            help="PLOVER event type (repeatable)",
        ),
        click.option(
            "--since", callback=check_date, help="events on or after this date (YYYY-MM-DD)"
        ),
        click.option(
            "--until", callback=check_date, help="events on or before this date (YYYY-MM-DD)"
        ),
        click.option(
            "--source",
            "source_filter",
            help="events reported by this outlet, or by a document whose URL or id contains this",
        ),
        click.option(
            "--min-mentions",
            type=click.IntRange(1),
            default=1,
            show_default=True,
            help="events with at least this many mentions",
        ),
        click.option("--limit", type=click.IntRange(1), help="at most this many events"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filter(kwargs: dict[str, Any]) -> Any:
    from herald.store.query import EventFilter

    return EventFilter(
        actor=kwargs.get("actor"),
        dyad=kwargs.get("dyad"),
        event_types=tuple(t.upper() for t in kwargs.get("event_types") or ()),
        since=kwargs.get("since"),
        until=kwargs.get("until"),
        source=kwargs.get("source_filter"),
        min_mentions=kwargs.get("min_mentions") or 1,
        limit=kwargs.get("limit"),
    )


# ---------------------------------------------------------------- ingest
@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option(
    "--pub-date", callback=check_date, help="publication date when the input has none (YYYY-MM-DD)"
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="show a progress bar [default: when stderr is a terminal]",
)
@workers_option
@kb_option
@settings_option
@fail_cleanly
def ingest_command(
    inputs: tuple[str, ...],
    db: str,
    pub_date: str | None,
    progress: bool | None,
    workers: int = 1,
    kb_paths: tuple[str, ...] = (),
    settings_file: str | None = None,
) -> None:
    """Code news articles and store them: documents, events and mentions.

    INPUT is a file (.txt, .html, .jsonl, .warc), a directory, or - for stdin.
    Documents already in the store are not stored again; an interrupted run can be
    re-run with the same command to finish the job.
    """
    from herald.store import ingest, open_store

    settings = build_settings(settings_file, kb_paths)
    show = sys.stderr.isatty() if progress is None else progress
    report = IngestReport()
    with open_store(db) as store, _Progress(show, report) as bar:
        try:
            ingest(
                inputs,
                store,
                settings,
                workers=workers,
                pub_date=pub_date,
                on_item=bar.item,
                report=report,
            )
        except KeyboardInterrupt:
            bar.stop()
            click.echo(
                f"herald: interrupted; {_summary(report)}; run the same command again to finish",
                err=True,
            )
            sys.exit(130)
    click.echo(f"herald: {_summary(report)}", err=True)


def _summary(report: IngestReport) -> str:
    return (
        f"stored {report.documents} document(s) with {report.mentions} event mention(s) "
        f"({report.new_events} new event(s), {report.merged} merged into stored events); "
        f"{report.known + report.duplicates} already stored, {report.skipped} skipped; "
        f"{report.seen} input(s) in {report.seconds:.1f} s ({report.docs_per_s:.1f} docs/s)"
    )


class _Progress:
    """A rich progress line on stderr (docs, docs/s, stored/known/skipped), or nothing."""

    def __init__(self, show: bool, report: IngestReport) -> None:
        self.show = show
        self.report = report
        self.started = time.perf_counter()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.show:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                TextColumn("{task.completed} docs"),
                TextColumn("{task.fields[rate]:.1f} docs/s"),
                TextColumn("{task.fields[detail]}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("ingest", total=None, rate=0.0, detail="")
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self._bar is not None:
            self._refresh()
            self._bar.stop()
            self._bar = None

    def say(self, text: str) -> None:
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False)
        else:
            click.echo(text, err=True)

    def item(self, kind: str, item: Document | Skipped) -> None:
        if isinstance(item, Skipped):
            self.say(str(item))
        elif kind == "stored":
            for note in item.notes:
                self.say(f"herald: note {item.doc_id}: {note}")
        if self._bar is not None:
            self._refresh()

    def _refresh(self) -> None:
        r = self.report
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        detail = (
            f"stored {r.documents} · already stored {r.known + r.duplicates} · skipped {r.skipped}"
        )
        self._bar.update(self._task, completed=r.seen, rate=r.seen / elapsed, detail=detail)


# ---------------------------------------------------------------- events
@click.command("events")
@db_option
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "table"]),
    default=None,
    help="output format [default: table on a terminal, else jsonl]",
)
@click.option(
    "--out", type=click.Path(dir_okay=False), help="write to this file (needed for parquet)"
)
@fail_cleanly
def events_command(db: str, fmt: str | None, out: str | None, **filters: Any) -> None:
    """Print stored events: the `herald code` schema plus mentions and sources."""
    from herald.store import open_store
    from herald.store.query import query_events
    from herald.writers import EventWriter, write_parquet

    if fmt == "parquet" and not out:
        raise click.UsageError(
            "--format parquet needs --out FILE (Parquet is not written to a terminal)"
        )
    fmt = fmt or ("table" if out is None and sys.stdout.isatty() else "jsonl")
    flt = _filter(filters)
    with open_store(db, read_only=True) as store:
        events = query_events(store, flt)
        try:
            if fmt == "parquet":
                count = write_parquet(events, str(out))
                click.echo(f"herald: wrote {count} event(s) to {out}", err=True)
                return
            with open(out, "w", encoding="utf-8", newline="") if out else _stdout() as stream:
                writer = EventWriter(fmt, stream)
                for event in events:
                    writer.write(event)
                writer.close()
        except OSError as err:
            if out is None or isinstance(err, BrokenPipeError):
                raise
            # a full disk: one line, not a traceback
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise click.ClickException(
                f"cannot write {out}: {reason}; free some space, or pass another --out"
            ) from err


class _stdout:
    """sys.stdout as a context manager that is not closed on exit."""

    def __enter__(self) -> Any:
        return sys.stdout

    def __exit__(self, *exc: object) -> None:
        sys.stdout.flush()


# ---------------------------------------------------------------- stats
@click.command("stats")
@db_option
@click.option("--top", type=click.IntRange(1), default=20, show_default=True, help="dyads to list")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
@fail_cleanly
def stats_command(db: str, top: int, as_json: bool) -> None:
    """Counts: documents, events, mentions; events by type, dyad and month."""
    from herald.store import open_store
    from herald.store.query import store_stats

    with open_store(db, read_only=True) as store:
        stats = store_stats(store, top=top)
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    _print_stats(stats)


def _print_stats(stats: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=sys.stdout, width=max(80, Console().width))
    totals = stats["totals"]
    console.print(
        f"{totals['documents']} documents, {totals['skipped']} skipped inputs, "
        f"{totals['events']} events ({totals['multi_source_events']} reported by several "
        f"documents), {totals['mentions']} mentions",
        markup=False,
        highlight=False,
    )
    for title, key, columns in (
        ("by type", "by_type", ("event_type", "events", "mentions")),
        (f"by dyad (top {len(stats['by_dyad'])})", "by_dyad", ("dyad", "events")),
        ("by month", "by_month", ("month", "events")),
    ):
        table = Table(title=f"events {title}", title_justify="left")
        for column in columns:
            table.add_column(
                column, justify="right" if column in ("events", "mentions") else "left"
            )
        for row in stats[key]:
            table.add_row(*(str(row[c]) for c in columns))
        console.print(table)


# ---------------------------------------------------------------- export
@click.command("export")
@db_option
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="folder to write the dataset to (created if missing)",
)
@filter_options
@fail_cleanly
def export_command(db: str, out_dir: str, **filters: Any) -> None:
    """Write the dataset (events, mentions, documents, skipped) as Parquet + CSV, with a README."""
    from herald.store import open_store
    from herald.store.export import export_dataset
    from herald.store.query import EventFilter

    flt = _filter(filters)
    with open_store(db, read_only=True) as store:
        counts = export_dataset(store, out_dir, None if flt == EventFilter() else flt)
    click.echo(
        f"herald: wrote {out_dir}: " + ", ".join(f"{n} {name}" for name, n in counts.items()),
        err=True,
    )


COMMANDS = (ingest_command, events_command, stats_command, export_command)


def register(main: click.Group) -> None:
    """Add the store commands to the `herald` group defined in herald.cli."""
    for command in COMMANDS:
        main.add_command(command)
