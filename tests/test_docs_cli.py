"""The README shows every command of the command line, as `planner <subcommand>`
(in the habit of sqlite-utils' tests/test_docs.py): a subcommand added to the
parser and not to the README fails here."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from planner.cli import build_parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def subcommands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every command path of ``parser``, sub-subcommands included: "run", "scenarios save"..."""
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                out.append(" ".join((*prefix, name)))
                out += subcommands(child, (*prefix, name))
    return out


COMMANDS = subcommands(build_parser())


def test_the_parser_is_read() -> None:
    assert {"run", "presets", "params", "export", "simulate", "scenarios"} <= set(COMMANDS)
    assert {"scenarios list", "scenarios save", "scenarios import"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_shows_every_subcommand(command: str) -> None:
    pattern = rf"(?<![\w-])planner {re.escape(command)}(?![\w-])"
    assert re.search(pattern, README), f"README.md never shows `planner {command}`"


def test_readme_no_longer_shows_python_m_model() -> None:
    assert "python -m model" not in README
