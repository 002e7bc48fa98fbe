"""The command line: ``planner run | presets | params | scenarios ... | export | simulate``.

A shell over ``model`` (the domain) and ``report`` (the exports); nothing
below imports it. ``make`` installs it into ``.venv`` as the ``planner``
console script; ``python -m planner`` runs the same thing.
"""
