"""Runtime settings in .streamlit/config.toml that speed rests on (scripts/bench_ui.py)."""

import tomllib
from pathlib import Path

CONFIG = tomllib.loads(
    (Path(__file__).resolve().parent.parent / ".streamlit/config.toml").read_text()
)


def test_no_full_garbage_collection_after_every_run() -> None:
    """Streamlit's default post-run gc.collect() holds the GIL ~80 ms in this app."""
    assert CONFIG["runner"]["postScriptGC"] is False


def test_the_server_reads_the_file_streamlit_would() -> None:
    """Streamlit takes an unknown option silently: each one set here must exist."""
    from streamlit import config

    options = config._config_options_template
    for section, values in CONFIG.items():
        for name in values:
            if section.startswith("theme"):
                continue  # theme.light / theme.dark sub-sections are not flat options
            assert f"{section}.{name}" in options, f"{section}.{name}"
