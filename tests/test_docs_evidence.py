"""The README's evidence table is the one the model gives now: regenerated here,
it must match what the README shows between its markers. After a change to the
model or to data/observations.csv, run

    .venv/bin/python scripts/update_readme_evidence.py
"""

from __future__ import annotations

from pathlib import Path

from planner.evidence_cmd import markdown_table, readme_table

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_shows_the_current_evidence_table() -> None:
    shown = readme_table(README.read_text(encoding="utf-8"))
    assert shown == markdown_table(), (
        "README.md's evidence table is stale: run "
        ".venv/bin/python scripts/update_readme_evidence.py"
    )


def test_readme_has_an_evidence_section_after_the_model_paragraph() -> None:
    text = README.read_text(encoding="utf-8")
    model, evidence, layout = (
        text.index(f"\n## {h}\n") for h in ("The model in a paragraph", "Evidence", "Layout")
    )
    assert model < evidence < layout
