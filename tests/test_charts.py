"""The pure parts of ui/charts.py: the figure payload, the served plotly.js, its address.

What the browser does with them (Plotly.react in place, theme, hover) is checked
in tests/e2e/test_explore.py and tests/e2e/test_layout.py.
"""

from __future__ import annotations

import base64
import json
import os
import tomllib
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pytest
from streamlit import config

from model import Scenario, project
from report import figures
from ui import charts

if TYPE_CHECKING:
    from pathlib import Path


def decoded(values: Any) -> list[Any]:
    """A trace array as a list: Plotly's base64 typed arrays decoded."""
    if isinstance(values, dict) and "bdata" in values:
        array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        return array.reshape(values["shape"]).tolist() if "shape" in values else array.tolist()
    return list(values)


def assert_same_values(sent: list[Any], values: np.ndarray) -> None:
    if values.dtype.kind == "M" or (values.dtype.kind == "O" and "-" in str(values[0])):
        assert list(pd.to_datetime(sent)) == list(pd.to_datetime(values))  # dates: ISO text
    elif values.dtype.kind in "fiu":
        assert sent == pytest.approx(values.tolist())
    else:
        assert sent == values.tolist()


@pytest.mark.parametrize(
    "name", ["spend_annual", "spend_monthly", "fleet", "cost_per_token", "energy_carbon"]
)
def test_payload_is_json_and_round_trips_the_traces(name: str) -> None:
    fig = getattr(figures, name)(project(Scenario()))
    payload = charts.figure_payload(fig)
    assert json.loads(json.dumps(payload, allow_nan=False)) == payload  # plain JSON, no NaN
    assert set(payload) == {"data", "layout"}
    assert len(payload["data"]) == len(fig.data)
    for sent, trace in zip(payload["data"], fig.data, strict=True):
        assert sent["type"] == trace.type
        assert sent.get("name") == trace.name
        for axis in ("x", "y"):
            if (values := getattr(trace, axis, None)) is not None:
                assert_same_values(decoded(sent[axis]), np.asarray(values))
        assert sent.get("hovertemplate") == trace.hovertemplate
    layout = payload["layout"]
    assert "template" not in layout  # the component themes the chart itself
    assert layout["height"] == fig.layout.height
    assert layout["title"]["text"] == fig.layout.title.text


def test_payload_follows_the_scenario() -> None:
    low = charts.figure_payload(figures.spend_annual(project(Scenario())))
    high = charts.figure_payload(figures.spend_annual(project(Scenario(adoption_peak_pct=80))))
    inference = [t for t in low["data"] if t["name"] == "Inference"][0]
    more = [t for t in high["data"] if t["name"] == "Inference"][0]
    assert sum(decoded(more["y"])) > sum(decoded(inference["y"]))


def test_static_copy_is_made_once_and_replaced_when_different(tmp_path: Path) -> None:
    target = charts.ensure_static_plotly(tmp_path)
    assert target == tmp_path / "plotly.min.js"
    assert target.read_bytes() == charts.PLOTLY_JS.read_bytes()
    os.utime(target, (1, 1))
    assert charts.ensure_static_plotly(tmp_path).stat().st_mtime == 1  # identical: left alone
    target.write_text("stale")
    charts.ensure_static_plotly(tmp_path)
    assert target.read_bytes() == charts.PLOTLY_JS.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["plotly.min.js"]  # no temporary left


def test_app_serves_the_static_folder() -> None:
    toml = tomllib.loads((charts.STATIC_DIR.parent / ".streamlit" / "config.toml").read_text())
    assert toml["server"]["enableStaticServing"] is True
    assert charts.STATIC_DIR.name == "static"
    assert (charts.STATIC_DIR.parent / "app.py").is_file()  # next to the app, served there


@pytest.mark.parametrize(("base", "prefix"), [("", ""), ("planner", "/planner"), ("/a/b/", "/a/b")])
def test_plotly_src_is_local_under_the_base_path(base: str, prefix: str) -> None:
    old = config.get_option("server.baseUrlPath")
    config.set_option("server.baseUrlPath", base)
    try:
        src = charts.plotly_src()
    finally:
        config.set_option("server.baseUrlPath", old)
    assert src.startswith(f"{prefix}/app/static/plotly.min.js?v=")


def test_component_code_loads_nothing_from_the_internet() -> None:
    assert "http" not in charts._JS and "http" not in charts._CSS
    assert "Plotly.react(" in charts._JS and "Plotly.newPlot" not in charts._JS
