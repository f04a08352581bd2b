"""Options and helpers shared by every `herald` command module.

Declared once here (sqlite-utils' `output_options` habit) so the command
modules for coding, the KB, the store, the server and Spark parse dates, `--kb`,
`--settings` and `--workers` the same way and turn `HeraldError` into one clear
message the same way.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

import click

from herald.errors import HeraldError
from herald.readers import iter_inputs
from herald.schema import Document, Skipped
from herald.settings import Settings


def fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
            sys.stdout.flush()  # a write error surfaces here, not in the interpreter's exit
            return result
        except HeraldError as err:
            raise click.ClickException(str(err)) from err
        except BrokenPipeError:  # `herald code ... | head`
            _drop_stdout()
            sys.stderr.close()
            return None
        except OSError as err:
            if err.errno not in _OUTPUT_ERRNOS or err.filename is not None:
                raise
            _drop_stdout()  # `herald events > file` on a full disk
            raise click.ClickException(
                f"cannot write the output: {err.strerror}; what was written before is incomplete"
            ) from err

    return wrapper


_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}


def _drop_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2023-11-26"
        ) from None


def kb_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--kb",
        "kb_paths",
        multiple=True,
        type=click.Path(dir_okay=False),
        help="extra knowledge-base YAML file (repeatable), merged over the built-in one",
    )(func)


def settings_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--settings",
        "settings_file",
        type=click.Path(exists=True, dir_okay=False),
        help="TOML file overriding settings (see docs/settings.md)",
    )(func)


def min_confidence_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--min-confidence",
        type=click.FloatRange(0.0, 1.0),
        default=None,
        help="drop events below this confidence [default: the settings' min_confidence, "
        "chosen to maximise event F1 on dev data]; 0 shows every candidate",
    )(func)


def keep_partial_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--keep-partial",
        is_flag=True,
        help="also print events whose source has no actor code (hidden by default: "
        "no dyad to count; the store keeps them, flagged)",
    )(func)


def workers_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--workers",
        type=click.IntRange(1, 64),
        default=1,
        show_default=True,
        help="parallel worker processes",
    )(func)


def build_settings(
    settings_file: str | None, kb_paths: Iterable[str] = (), **changes: Any
) -> Settings:
    settings = Settings.from_toml(settings_file) if settings_file else Settings()
    if kb_paths:
        changes["kb_paths"] = tuple(settings.kb_paths) + tuple(kb_paths)
    return settings.replace(**{k: v for k, v in changes.items() if v is not None})


def report_skip(item: Skipped) -> None:
    click.echo(str(item), err=True)


def coded_documents(
    inputs: Iterable[str], settings: Settings, *, workers: int = 1, pub_date: str | None = None
) -> Iterator[Document]:
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
