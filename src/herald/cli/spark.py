"""The `herald spark` command: code JSONL, Parquet or WARC input on Apache Spark.

It parses options, builds Settings and calls `herald.spark.code_to_parquet`; pyspark
is imported only when the command runs, so the rest of the CLI works without the
extra. `register(main)` (called in herald/cli/__init__.py) adds the command to the
`herald` group; its shared options (--kb, --settings) come from `herald.cli.common`.
"""

from __future__ import annotations

import click

from herald.cli.common import build_settings, check_date, fail_cleanly, kb_option, settings_option


@click.command("spark")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="output directory: a Parquet dataset of events, one row per event "
    "(the columns of `herald code --format csv`)",
)
@click.option(
    "--partitions",
    type=click.IntRange(1),
    default=None,
    help="split the documents into this many Spark tasks [default: as the inputs split]",
)
@click.option(
    "--master",
    default="local[*]",
    show_default=True,
    help="Spark master URL (local[N] for N cores on this machine)",
)
@click.option(
    "--pub-date", callback=check_date, help="publication date when the input has none (YYYY-MM-DD)"
)
@click.option("--overwrite", is_flag=True, help="replace the output directory if it exists")
@kb_option
@settings_option
@fail_cleanly
def spark_command(
    inputs: tuple[str, ...],
    out: str,
    partitions: int | None,
    master: str,
    pub_date: str | None,
    overwrite: bool,
    kb_paths: tuple[str, ...] = (),
    settings_file: str | None = None,
) -> None:
    """Code news articles on Apache Spark and write the events as Parquet.

    INPUT is a .jsonl file (one article a line), a Parquet file with the same fields
    (id, text or html, url, title, pub_date, source), a .warc/.warc.gz, .txt or .html
    file, or a directory of them. Needs the spark extra: pip install 'herald[spark]'.
    """
    from herald.spark import code_to_parquet, local_session, session_active

    settings = build_settings(settings_file, kb_paths)
    owned = not session_active()  # a session the caller made is theirs to stop
    spark = local_session(master)
    try:
        result = code_to_parquet(
            spark,
            inputs,
            out,
            settings=settings,
            partitions=partitions,
            pub_date=pub_date,
            overwrite=overwrite,
        )
    finally:
        if owned:
            spark.stop()
    for item in result.skipped:
        click.echo(str(item), err=True)
    if result.skipped_count > len(result.skipped):
        click.echo(
            f"herald: ... and {result.skipped_count - len(result.skipped)} more skipped input(s)",
            err=True,
        )
    for doc_id, note in result.notes:
        click.echo(f"herald: note {doc_id}: {note}", err=True)
    click.echo(
        f"herald: {result.events} event(s) from {result.documents} document(s) "
        f"written to {result.out}; {result.skipped_count} input(s) skipped",
        err=True,
    )


def register(main: click.Group) -> None:
    """Add `spark` to the `herald` group defined in herald.cli."""
    main.add_command(spark_command)
