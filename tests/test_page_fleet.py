"""The Fleet page with AppTest: the strategy, the purchase schedule and the
strategies side by side, as :mod:`model.fleet_plan` gives them for the levers.

Each test drives the whole app (frame, sidebar, page); the levers are set
through the link, as a share link would.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from model import Scenario, project, units
from model.fleet_plan import purchase_schedule, strategies

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "app_pages/fleet.py"


def fleet_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_with(at: AppTest, column: str) -> pd.DataFrame | None:
    """The page's table that has ``column`` (None when there is none)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) <= 1
    return found[0] if found else None


def strategies_table(at: AppTest) -> pd.DataFrame:
    df = table_with(at, "Net present cost")
    assert df is not None
    return df


def text(at: AppTest) -> str:
    parts = (
        [m.value for m in at.markdown] + [i.body for i in at.info] + [c.value for c in at.caption]
    )
    return " ".join(parts).replace("\\", "").replace("**", "").replace("\u2060", "")


@pytest.fixture(scope="module")
def default_page() -> AppTest:
    return fleet_page()


def test_page_is_in_the_navigation_after_accelerators() -> None:
    nav = Path(APP).read_text(encoding="utf-8")
    accelerators = nav.index('st.Page("app_pages/accelerators.py"')
    mine = nav.index(f'st.Page("{PAGE}", title="Fleet", icon=":material/warehouse:")')
    others = [nav.index(f'st.Page("app_pages/{p}.py"') for p in ("compare", "methodology")]
    assert accelerators < mine < min(others)


def test_default_page_renders_the_rental_with_the_sidebars_fleet_group(
    default_page: AppTest,
) -> None:
    at = default_page
    assert not at.error
    assert at.title[0].value == "Fleet: own, reserve or rent?"
    assert "Fleet" in [e.label for e in at.expander]
    words = text(at)
    for expected in (
        "inference 0% owned, 0% reserved",
        "training 0% owned, 0% reserved",
        "under Fleet in the sidebar",
        "No purchases: nothing is owned in this strategy",
        "Cheapest by net present cost:",
    ):
        assert expected in words, expected
    assert table_with(at, "Order by") is None  # no schedule, no download
    assert not at.get("download_button")
    # The strategies, money written for people, the current one marked.
    expected = strategies(Scenario())
    df = strategies_table(at)
    assert list(df["Strategy"]) == list(expected["Strategy"])
    assert df["Strategy"].iloc[0] == "All on-demand (current)"
    assert list(df["P&L cost"]) == [units.money(v) for v in expected["P&L cost (USD)"]]
    assert list(df["Net present cost"]) == [units.money(v) for v in expected["NPV (USD)"]]
    # The yearly costs: all rental, plus a total row.
    costs = table_with(at, "Capex")
    assert costs is not None and list(costs["Year"])[-1] == "Total"
    assert set(costs["Capex"]) == {"$0"}
    assert len(at.get("plotly_chart")) == 2  # capacity, one break-even (one accelerator)


#: Inference 60% owned, given in the link.
OWNED = {"inference_owned_pct": "60"}


@pytest.fixture(scope="module")
def owned_page() -> AppTest:
    return fleet_page(OWNED)


def test_owning_gives_a_purchase_schedule_and_the_scenarios_own_strategy(
    owned_page: AppTest,
) -> None:
    at = owned_page
    scenario = Scenario(inference_owned_pct=60)
    expected = purchase_schedule(project(scenario))
    assert not expected.empty
    shown = table_with(at, "Order by")
    assert shown is not None and len(shown) == len(expected)
    assert list(shown["Count"]) == list(expected["Count"])
    assert shown["Month"].iloc[0] == units.month(expected["Month"].iloc[0])
    assert shown["Order by"].iloc[0].endswith("(before the start)")  # ordered 6 months before
    (button,) = at.get("download_button")
    assert "purchase schedule" in button.proto.label
    df = strategies_table(at)
    assert df["Strategy"].iloc[0] == "This scenario's strategy"
    assert df["P&L cost"].iloc[0] == units.money(strategies(scenario)["P&L cost (USD)"].iloc[0])
    assert "inference 60% owned, 0% reserved" in text(at)
    assert "No purchases" not in text(at)


def test_changing_the_owned_share_changes_the_strategies(owned_page: AppTest) -> None:
    at = owned_page
    before = strategies_table(at).iloc[0].tolist()
    at.number_input(key="inference_owned_pct").set_value(80.0).run()
    assert not at.exception
    after = strategies_table(at).iloc[0]
    assert after["Strategy"] == "This scenario's strategy"
    assert after.tolist()[1:] != before[1:]
    expected = strategies(Scenario(inference_owned_pct=80)).iloc[0]
    assert after["Net present cost"] == units.money(expected["NPV (USD)"])
    assert "inference 80% owned" in text(at)


def test_a_tpu_for_training_is_rented_and_the_page_says_it_cannot_be_bought() -> None:
    at = fleet_page({"training_accelerator": "TPU v5e"})
    assert not at.error
    words = text(at)
    assert "TPU v5e cannot be bought" in words
    assert "Strategies that own are left out: TPU v5e cannot be bought" in words
    df = strategies_table(at)
    assert list(df["Strategy"]) == ["All on-demand (current)", "All reserved"]
    assert len(at.get("plotly_chart")) == 3  # capacity, and a break-even per accelerator


def test_a_strategy_the_model_refuses_is_an_error_not_a_traceback() -> None:
    at = fleet_page({"inference_accelerator": "TPU v5e", "inference_owned_pct": "50"})
    errors = " ".join(e.body for e in at.error).replace("\\", "")
    assert "TPU v5e is only rented" in errors
    assert strategies_table(at) is not None  # the baseline, shown meanwhile
