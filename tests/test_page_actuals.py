"""The Actuals page with AppTest: upload, plan vs actual, variance table, a bad file
named without losing what was loaded, re-fit and Apply, keeping actuals with a
saved scenario, and the actuals on the Uncertainty fan chart."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from model import Scenario, project
from model.actuals import canonical, parse_actuals, variance
from model.fit import fit
from model.store import ScenarioStore
from report.actuals_figures import variance_table
from ui.text import md_escape

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "app_pages/actuals.py"
TRUTH = Scenario(adoption_peak_pct=55.0)


def actuals_csv(scenario: Scenario = TRUTH, months: int = 12) -> str:
    """Requests, tokens and inference spend of ``scenario`` with 5% noise (seeded)."""
    rng = np.random.default_rng(0)
    m = project(scenario).monthly.iloc[:months]
    cols = ("requests", "tokens", "inference_spend_usd")
    noisy = {c: m[c].to_numpy() * np.exp(rng.normal(0, 0.05, months)) for c in cols}
    lines = [",".join(("month", *cols))]
    lines += [
        ",".join((f"{t:%Y-%m}", *(f"{noisy[c][i]:.8g}" for c in cols)))
        for i, t in enumerate(m["month"])
    ]
    return "\n".join(lines) + "\n"


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def _button(at: AppTest, label: str):
    found = [b for b in at.button if b.label.startswith(label)]
    assert found, f"no button {label!r}: {[b.label for b in at.button]}"
    return found[0]


def actuals_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    _ok(at.run())
    return _ok(at.switch_page(PAGE).run())


def upload(at: AppTest, data: bytes, name: str = "actuals.csv") -> AppTest:
    at.file_uploader(key="_actuals_upload").set_value((name, data, "text/csv"))
    return _ok(at.run())


def numbers(values: object) -> list[float]:
    """A figure's numbers as JSON carries them: a list, or plotly's typed array."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), values["dtype"]).tolist()
    return list(values)  # type: ignore[call-overload]


def chart_keys(at: AppTest) -> set[str]:
    return {c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")}


@pytest.fixture(scope="module")
def loaded() -> AppTest:
    return upload(actuals_page(), actuals_csv().encode())


def test_without_actuals_the_page_says_how_to_start() -> None:
    at = actuals_page()
    assert at.title[0].value == "Plan vs actuals"
    assert [i.value for i in at.info] == [
        "No actuals yet: upload a file above, or open a saved scenario that keeps some."
    ]
    assert not at.get("plotly_chart")


def test_upload_shows_a_chart_per_series_and_the_variance_table(loaded: AppTest) -> None:
    assert chart_keys(loaded) == {
        "fig_actual_requests",
        "fig_actual_tokens",
        "fig_actual_inference_spend_usd",
    }
    assert "uploaded file `actuals.csv`: 12 months of requests, tokens, inference spend" in (
        " ".join(m.value for m in loaded.markdown)
    )
    (table,) = [d.value for d in loaded.dataframe if "Difference" in d.value.columns]
    expected = variance_table(variance(project(Scenario()), parse_actuals(actuals_csv())))
    assert table.equals(expected)
    assert list(table.columns) == ["Month", "Series", "Plan", "Actual", "Difference"]
    assert table["Month"].iloc[0] == "Jan 2026" and table["Plan"].iloc[0].endswith("B")
    assert table["Difference"].str.match(r"^[+-]\d+\.\d%$").all()
    assert {m.label for m in loaded.metric} == {
        "Requests: mean difference",
        "Tokens: mean difference",
        "Inference spend: mean difference",
    }


def test_a_bad_file_is_named_and_the_loaded_actuals_stay() -> None:
    at = upload(actuals_page(), actuals_csv().encode())
    upload(at, b"month,tokens\n2026-01,5\n2026-02,-5\n", name="broken.csv")
    (error,) = [e.value for e in at.error]
    assert error.startswith("Not loaded: `broken.csv`: row 3, tokens")
    assert md_escape("row 3, tokens: -5 is negative; actuals are counts") in error
    assert "fig_actual_requests" in chart_keys(at)  # the good file is still in use
    assert at.session_state["_actuals_csv"] == canonical(actuals_csv())


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"month,tokenz\n2026-01,5\n", "column 'tokenz': not a known column"),
        (b"month,tokens\n2026-01,5\n2026-01,6\n", "row 3, month: Jan 2026 (2026-01) appears"),
        (b"month,tokens\n2040-01,5\n", "row 2, month: 2040-01 is outside the plan"),
        (b"month,tokens\n2026-01,\xe9\n", "row 2: not UTF-8"),
    ],
)
def test_bad_files_never_stop_the_app(data: bytes, needle: str) -> None:
    at = upload(actuals_page(), data)
    (error,) = [e.value for e in at.error]
    assert md_escape(needle) in error
    assert [i.value for i in at.info]  # still the "no actuals yet" page


def test_refit_and_apply_moves_the_levers() -> None:
    at = upload(actuals_page(), actuals_csv().encode())
    at.multiselect(key="_fit_pick").set_value(["adoption_peak_pct"])
    _ok(_button(at, "Re-fit").click().run())
    direct = fit(Scenario(), parse_actuals(actuals_csv()), ["adoption_peak_pct"])
    (table,) = [d.value for d in at.dataframe if "Fitted" in d.value.columns]
    assert table.to_dict("records")[0]["Input"] == "Adoption"
    assert table.to_dict("records")[0]["Now"] == "40%"
    assert table.to_dict("records")[0]["Fitted"] == "55%"
    (errors,) = [d.value for d in at.dataframe if "Before" in d.value.columns]
    assert errors["Series"].tolist() == ["All series", "Requests", "Tokens", "Inference spend"]
    assert errors["Before"].iloc[0] == f"{direct.mean_abs_pct_before:.1f}%"
    assert errors["After"].iloc[0] == f"{direct.mean_abs_pct_after:.1f}%"
    assert "fig_actual_requests" in chart_keys(at)

    _ok(_button(at, "Apply to levers: adoption 55%").click().run())
    applied = at.session_state["adoption_peak_pct"]
    assert applied == pytest.approx(direct.fitted["adoption_peak_pct"], rel=1e-3)
    assert applied == pytest.approx(55.0, rel=0.10)
    assert [s.value for s in at.success] == ["The levers are at the fitted values."]
    assert not [b for b in at.button if b.label.startswith("Apply")]


def test_actuals_are_kept_with_the_open_saved_scenario_and_loaded_when_it_opens() -> None:
    name = f"Actuals page {uuid.uuid4().hex[:8]}"
    store = ScenarioStore()  # tests/conftest.py points DATABASE_URL at a throwaway file
    try:
        store.save(name, Scenario())
    finally:
        store.close()
    at = upload(actuals_page({"scenario": name}), actuals_csv().encode())
    _ok(_button(at, "Keep with saved scenario").click().run())
    assert [s.value for s in at.success] == [f"Actuals kept with saved scenario `{name}`."]
    store = ScenarioStore()
    try:
        assert store.actuals(name) == canonical(actuals_csv())
    finally:
        store.close()

    # A new session opening the scenario by its link gets them without an upload.
    fresh = actuals_page({"scenario": name})
    assert "fig_actual_tokens" in chart_keys(fresh)
    assert f"kept with saved scenario `{name}`" in " ".join(m.value for m in fresh.markdown)
    assert [b.label for b in fresh.button if b.label.startswith("Forget")] == [
        "Forget kept actuals"
    ]


def test_the_uncertainty_fan_chart_draws_actual_spend() -> None:
    m = project(TRUTH).monthly.iloc[:18]
    data = "month,training_spend_usd,inference_spend_usd\n" + "".join(
        f"{t:%Y-%m},{a:.8g},{b:.8g}\n"
        for t, a, b in zip(
            m["month"], m["training_spend_usd"], m["inference_spend_usd"], strict=True
        )
    )
    at = upload(actuals_page(), data.encode())
    _ok(at.switch_page("app_pages/uncertainty.py").run())
    at.number_input(key="_unc_draws").set_value(1_000)
    _ok(_button(at, "Run simulation").click().run())
    (fan,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("fig_fan")]
    traces = {t["name"]: t for t in json.loads(fan.proto.spec)["data"]}
    actual = traces["Inference actual"]
    assert actual["x"] == ["2026", "2027"]
    assert actual["marker"]["symbol"] == ["diamond", "diamond-open"]  # 2027: 6 months so far
    assert numbers(actual["y"]) == pytest.approx(
        [m["inference_spend_usd"].iloc[:12].sum(), m["inference_spend_usd"].iloc[12:].sum()]
    )
    assert actual["customdata"][1].endswith("(6 of 12 months so far)")
    assert "Training actual" in traces


def test_opening_a_scenario_without_actuals_drops_another_scenarios() -> None:
    with_, without = (f"Actuals {w} {uuid.uuid4().hex[:8]}" for w in ("with", "without"))
    store = ScenarioStore()
    try:
        store.save(with_, Scenario())
        store.save_actuals(with_, actuals_csv())
        store.save(without, Scenario())
    finally:
        store.close()
    at = actuals_page({"scenario": with_})
    assert "fig_actual_tokens" in chart_keys(at)
    at.query_params["scenario"] = without
    _ok(at.run())
    assert not at.get("plotly_chart")
    assert [i.value for i in at.info] == ["No actuals yet: upload a file above."]
    # An upload is the user's own: it stays when a scenario without actuals opens.
    fresh = upload(actuals_page(), actuals_csv(months=6).encode())
    fresh.query_params["scenario"] = without
    _ok(fresh.run())
    assert "fig_actual_tokens" in chart_keys(fresh)
    assert "uploaded file `actuals.csv`: 6 months" in " ".join(m.value for m in fresh.markdown)
