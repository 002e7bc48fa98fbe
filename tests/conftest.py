"""Test-wide setup: no test writes to the developer's own scenario library."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Set before any test module imports the app or the store: the default store
# (DATABASE_URL, else data/scenarios.db) then lives in a throwaway directory.
_TMP = Path(tempfile.mkdtemp(prefix="planner-tests-"))
os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'scenarios.db'}"
