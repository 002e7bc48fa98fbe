"""Rewrite the README's evidence table from the model as it is now.

    .venv/bin/python scripts/update_readme_evidence.py

Replaces the text between ``<!-- evidence:start -->`` and
``<!-- evidence:end -->`` with ``planner evidence --format markdown``;
tests/test_docs_evidence.py fails while the README shows other figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.evidence_cmd import markdown_table, readme_with_table  # noqa: E402

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> int:
    old = README.read_text(encoding="utf-8")
    new = readme_with_table(old, markdown_table())
    if new == old:
        print("README.md: the evidence table is up to date.")
    else:
        README.write_text(new, encoding="utf-8")
        print("README.md: evidence table rewritten.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
