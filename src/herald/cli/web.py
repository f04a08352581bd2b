"""`herald serve`: the JSON API and dashboard over a store (see docs/api.md).

`register(main)` (called in herald/cli/__init__.py) adds the command to the `herald` group.
"""

from __future__ import annotations

import click

from herald.cli.store import db_option
from herald.errors import HeraldError


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="interface to listen on (0.0.0.0 opens the server to the network)")  # fmt: skip
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="port to listen on")  # fmt: skip
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True, help="server log level")  # fmt: skip
def serve_command(db: str, host: str, port: int, log_level: str) -> None:
    """Serve the dashboard and the read-only JSON API of a store.

    Open http://HOST:PORT/ for the dashboard; the API lives under /api and its
    OpenAPI schema at /api/openapi.json. The store is opened read-only: stop the
    server before ingesting into the same DuckDB file.
    """
    import uvicorn

    from herald.web import create_app

    try:
        app = create_app(db)
    except HeraldError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"herald: serving {db} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, ws="none", lifespan="on")


def register(main: click.Group) -> None:
    """Add `serve` to the `herald` group defined in herald.cli."""
    main.add_command(serve_command)
