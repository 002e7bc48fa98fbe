"""``python -m planner ...``: the same as the ``planner`` console script."""

import sys

from planner.cli import script

if __name__ == "__main__":
    sys.exit(script())
