"""`herald train`: rebuild the decision model from gold-labelled texts.

`register(main)` (called in herald/cli/__init__.py) adds it to the `herald` group.
"""

from __future__ import annotations

import click

from herald.cli.common import build_settings, fail_cleanly, kb_option, settings_option


def _source(text: str) -> tuple[str, float]:
    """FILE or FILE:WEIGHT (the weight scales every example of that file)."""
    path, sep, weight = text.rpartition(":")
    if sep:
        try:
            return path, float(weight)
        except ValueError:
            pass
    return text, 1.0


@click.command("train")
@click.argument("data", nargs=-1, required=True)
@click.option(
    "--out", type=click.Path(dir_okay=False), required=True, help="where to write the model (.npz)"
)
@click.option("--c", "c", type=float, default=1.0, show_default=True, help="inverse L2 strength")
@click.option(
    "--weak-weight",
    type=float,
    default=0.3,
    show_default=True,
    help="weight of the unlabelled candidates of stories labelled with one event only",
)
@click.option("--seed", type=int, default=13, show_default=True)
@kb_option
@settings_option
@fail_cleanly
def train_command(
    data: tuple[str, ...],
    out: str,
    c: float,
    weak_weight: float,
    seed: int,
    kb_paths: tuple[str, ...],
    settings_file: str | None,
) -> None:
    """Train the decision model on gold files (DATA: FILE.jsonl or FILE.jsonl:WEIGHT).

    Every candidate the rules propose in a gold item is labelled by the item's gold events
    (docs/model.md); the fit needs scikit-learn (pip install -e ".[train]")."""
    import os

    from herald.coding.training import train

    sources = [_source(d) for d in data]
    for path, _ in sources:
        if not os.path.isfile(path):
            raise click.BadParameter(f"no such file: {path}", param_hint="DATA")
    settings = build_settings(settings_file, kb_paths)
    model = train(sources, settings=settings, c=c, weak_weight=weak_weight, seed=seed)
    model.save(out)
    click.echo(
        f"trained on {model.meta['examples']} candidates from {len(sources)} file(s); "
        f"{model.meta['features']} features, classes {', '.join(model.classes)}; saved {out}",
        err=True,
    )


def register(main: click.Group) -> None:
    """Add `train` to the `herald` group defined in herald.cli."""
    main.add_command(train_command)
