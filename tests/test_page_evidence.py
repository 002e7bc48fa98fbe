"""The Evidence page with AppTest: one row per observation, the model's figures,
the counts in the introduction, errors listed rather than hidden."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model import evidence
from model.evidence import COLUMNS, counts, evidence_table, format_quantity, load_observations

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "app_pages/evidence.py"


def evidence_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def page() -> AppTest:
    return evidence_page()


def test_page_is_in_the_navigation_after_actuals() -> None:
    text = Path(APP).read_text(encoding="utf-8")
    actuals = text.index('st.Page("app_pages/actuals.py"')
    mine = text.index(f'st.Page("{PAGE}", title="Evidence", icon=":material/verified:")')
    library = text.index('st.Page("app_pages/library.py"')
    assert actuals < mine < library


def test_one_row_per_observation_with_the_models_figures(page: AppTest) -> None:
    (shown,) = [d.value for d in page.dataframe]
    expected = evidence_table()
    assert len(shown) == len(load_observations(check_presets=False)) == len(expected)
    assert list(shown["Observation"]) == list(expected["id"])
    for r, (_, s) in zip(expected.itertuples(), shown.iterrows(), strict=True):
        assert s["Published"] == format_quantity(r.output, r.published)
        assert s["Model"] == format_quantity(r.output, r.model)
        if r.error:
            assert s["Holds"] == "⚠ error" and s["Model / published"] == "n/a"
        else:
            assert s["Model / published"] == f"{r.ratio:.2f}x"
            assert s["Holds"] == ("✓ yes" if r.within else "✗ no")
        assert s["Source"] == r.source


def test_the_introduction_counts_the_rows(page: AppTest) -> None:
    n = counts(evidence_table())
    intro = page.markdown[0].value
    assert f"**{n['observations']} observations: {n['within']} within their tolerance**" in intro
    assert f"{n['calibration']} are *calibration* rows" in intro
    assert f"{n['check']} are *checks*" in intro
    charts = page.get("plotly_chart")
    assert [c.key for c in charts] == ["fig_evidence_ratio", "fig_evidence"]
    assert page.get("download_button")


def test_a_row_the_model_cannot_compute_is_listed_with_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = list(csv.DictReader(evidence.OBSERVATIONS_CSV.open(encoding="utf-8")))
    rows.append({**rows[0], "id": "not-yet", "scenario": "A preset still to come"})
    path = tmp_path / "observations.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    monkeypatch.setattr(evidence, "OBSERVATIONS_CSV", path)
    at = evidence_page()
    shown = at.dataframe[0].value.set_index("Observation")
    assert len(shown) == len(rows)
    assert shown.loc["not-yet", "Holds"] == "⚠ error"
    listed = " ".join(w.body for w in at.warning).replace("\\", "")
    assert "not-yet" in listed and "A preset still to come" in listed
