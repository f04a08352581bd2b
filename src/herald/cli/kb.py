"""`herald kb`: inspect and check the actor knowledge base (lookup, validate).

`register(main)` (called in herald/cli/__init__.py) adds the group to `herald`.
"""

from __future__ import annotations

import json
import sys

import click

from herald.cli.common import check_date, fail_cleanly, kb_option


@click.group()
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


def register(main: click.Group) -> None:
    """Add the `kb` group to the `herald` group defined in herald.cli."""
    main.add_command(kb)
