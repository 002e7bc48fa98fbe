"""The Accelerators page with AppTest: the comparison the model gives, for the levers.

Each test drives the whole app (frame, sidebar, page) and compares what the
page shows with :func:`model.accelerator_choice.compare_accelerators` called
directly.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from model import Scenario
from model.accelerator_choice import cheapest_sentence, compare_accelerators
from model.catalog import accelerator_names

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "app_pages/accelerators.py"


def accelerators_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at: AppTest) -> pd.DataFrame:
    assert len(at.dataframe) == 1
    return at.dataframe[0].value


def pick_text(at: AppTest) -> str:
    """The sentence above the table (a success box, or a warning when nothing qualifies)."""
    boxes = [b.body for b in at.success] or [b.body for b in at.warning]
    assert boxes, "no sentence above the table"
    return boxes[-1].replace("\\", "").replace("**", "").replace("\u2060", "")


@pytest.fixture(scope="module")
def default_page() -> AppTest:
    return accelerators_page()


def test_page_is_in_the_navigation_after_explore() -> None:
    text = (Path(APP)).read_text(encoding="utf-8")
    explore = text.index('st.Page("app_pages/explore.py"')
    mine = text.index(f'st.Page("{PAGE}", title="Accelerators"')
    others = [text.index(f'st.Page("app_pages/{p}.py"') for p in ("compare", "methodology")]
    assert explore < mine < min(others)


def test_one_row_per_accelerator_with_the_models_figures(default_page: AppTest) -> None:
    at = default_page
    df = table(at)
    expected = compare_accelerators(Scenario())
    assert len(df) == len(accelerator_names())
    names = df["Accelerator"].str.removesuffix(" (current)")
    assert sorted(names) == sorted(accelerator_names())
    assert (df["Accelerator"] == "H100 SXM (current)").sum() == 1
    # The cheapest row comes first, marked, with the model's cost for the final year.
    pick = expected[expected["cheapest"]].iloc[0]
    first = df.iloc[0]
    assert first["Status"] == "✓ Cheapest"
    assert (df["Status"] == "✓ Cheapest").sum() == 1
    assert names.iloc[0] == pick["accelerator"]
    assert first["$ per 1M tokens, 2031"] == pytest.approx(pick["cost_per_million_tokens_usd"])
    by_name = df.set_index(names)
    for row in expected.itertuples():
        shown = by_name.loc[row.accelerator]
        assert shown["$ per 1M tokens, 2031"] == pytest.approx(row.cost_per_million_tokens_usd)
        assert shown["Per replica"] == row.replica_accelerators
        assert shown["Batch"] == row.batch
        assert shown["MFU"] == pytest.approx(row.achieved_mfu * 100)
    # The L4 fits but misses the targets as the model grows; it is listed with why.
    assert by_name.loc["L4", "Status"] == "Misses targets"
    assert "L4" in at.expander[0].label or any("L4" in m.value for m in at.markdown)
    # The sentence names the pick, its targets, the year and the scenario's own chip.
    text = pick_text(at)
    assert text.startswith(cheapest_sentence(expected))
    assert "Cheapest that meets the 450 ms / 40 ms targets in 2031: " in text
    assert "The scenario's H100 SXM: $" in text
    caption = at.caption[-1].value
    for words in (
        "450 ms / 40 ms targets",
        "Hardware price lever",
        "$2.50 an hour",
        "best precision",
    ):
        assert words in caption, words


def test_the_year_picker_changes_the_year_columns(default_page: AppTest) -> None:
    at = default_page
    picker = at.selectbox(key="_acc_year_2026_2031")
    assert picker.value == 2031
    assert picker.options == [str(y) for y in range(2026, 2032)]
    picker.set_value(2027).run()
    assert not at.exception
    df = table(at)
    assert "$ per 1M tokens, 2027" in df.columns and "Fleet, 2027" in df.columns
    expected = compare_accelerators(Scenario(), 2027).set_index("accelerator")
    names = df["Accelerator"].str.removesuffix(" (current)")
    for name, cost in zip(names, df["$ per 1M tokens, 2027"], strict=True):
        assert cost == pytest.approx(expected.loc[name, "cost_per_million_tokens_usd"])
    assert " in 2027: " in pick_text(at)
    picker.set_value(2031).run()


#: A frontier lab's growing 405B model, pinned through the link rather than read
#: from the "Frontier lab" preset (as in tests/test_accelerator_choice.py).
GROWING_405B = {
    "active_params_b": 405,
    "inference_precision": "fp8",
    "kv_kib_per_token": 504,
    "generation_compute_growth": 4.0,
    "params_share_of_growth": 0.3,
    "ttft_target_ms": 6000,
    "input_tokens_per_request": 1500,
    "output_tokens_per_request": 400,
    "input_tokens_growth_pct_per_year": 40,
    "output_tokens_growth_pct_per_year": 25,
    "output_tokens_uplift_per_generation": 1.25,
}


def test_a_tighter_tpot_target_changes_the_pick() -> None:
    """The growing 405B model: at MLPerf's 175 ms TPOT a cheaper chip than the
    NVL72 rack is the pick; at 10 ms only the rack meets the targets."""
    frontier = Scenario.from_preset("Frontier lab").replace(**GROWING_405B)
    link = {"preset": "Frontier lab", **{k: str(v) for k, v in GROWING_405B.items()}}
    picks = []
    for tpot in ("175", "10"):
        at = accelerators_page({**link, "tpot_target_ms": tpot})
        assert not at.warning and not at.error  # every pinned lever taken from the link
        expected = compare_accelerators(frontier.replace(tpot_target_ms=float(tpot)))
        pick = expected.loc[expected["cheapest"], "accelerator"].iloc[0]
        assert table(at).iloc[0]["Accelerator"].removesuffix(" (current)") == pick
        assert pick_text(at).startswith(cheapest_sentence(expected))
        assert f"/ {tpot} ms targets" in pick_text(at)
        picks.append(pick)
    assert picks[0] != picks[1]
    assert picks[1] == "GB200 (NVL72)"


def test_levers_that_do_not_fit_their_chip_are_compared_not_refused() -> None:
    """A 405B model in BF16 on an L4: the other pages fall back to the preset; this
    one compares every chip for the levers as set and says the L4 cannot serve them."""
    query = {"active_params_b": "405", "inference_precision": "bf16", "inference_accelerator": "L4"}
    at = accelerators_page(query)
    warnings = " ".join(w.body for w in at.warning).replace("\\", "")
    assert "L4 cannot serve these levers: A 405B-parameter model at bf16" in warnings
    assert not at.error  # not the other pages' "showing the preset instead"
    df = table(at).set_index("Accelerator")
    assert df.loc["L4 (current)", "Status"] == "Does not fit"
    expected = compare_accelerators(
        Scenario(active_params_b=405, inference_precision="bf16", inference_accelerator="L4")
    )
    assert pick_text(at).startswith(cheapest_sentence(expected))
    fits = expected.set_index("accelerator")["fits"]
    for name, ok in fits.items():
        label = f"{name} (current)" if name == "L4" else name
        assert (df.loc[label, "Status"] != "Does not fit") == ok, name


def test_a_precision_the_chip_lacks_shows_the_baseline_with_the_reason() -> None:
    at = accelerators_page({"inference_accelerator": "A100 SXM 80GB", "inference_precision": "fp8"})
    errors = " ".join(e.body for e in at.error).replace("\\", "")
    assert "A100 SXM 80GB has no FP8 unit" in errors
    df = table(at)
    assert len(df) == len(accelerator_names())
    assert df.set_index("Accelerator").loc["A100 SXM 80GB", "Precision"] == "bf16 (no fp8)"
