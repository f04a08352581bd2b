"""The `herald` command line: parse options, build Settings, call the library.

Only this package prints. Library errors (`HeraldError`) become one clear message
and exit status 1; bad options are usage errors (exit 2); skipped inputs are one
stderr line each and do not change the exit status.

`main` is the `herald` group (the console script); each command group has its
module, which adds its commands through `register(main)`: `code` (code, eval),
`kb` (kb lookup, kb validate), `store` (ingest, events, stats, export), `web`
(serve), `spark` and `train` (the decision model). Options shared by several
commands live in `common`.
"""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="herald")
def main() -> None:
    """herald: news articles in, political event data (PLOVER) out."""


from herald.cli import code, kb, spark, store, train, web  # noqa: E402

for _module in (code, kb, store, spark, web, train):
    _module.register(main)

__all__ = ["main"]
