"""Category columns in the app (AppTest): detected on Data, one-hot for SMOTE, voted by SMOTE-NC / SMOTE-N."""

import io as _io
import json

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from apptest import APP, TIMEOUT, _app


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _trace_names(at) -> list[str]:
    return [t.get("name", "") for t in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]]


def _fraction_notes(at) -> list[str]:
    return [i.value for i in at.info if "fractional categories" in i.value]


def test_shapes_offers_smotenc_and_plain_smote_shows_fractional_categories():
    at = _app(dataset="shapes", k=5)
    _ok(at)
    options = at.selectbox(key="w_variant").options
    assert "SMOTE-NC (numbers + categories)" in options and "SMOTE-N (categories only)" not in options
    note = _fraction_notes(at)
    assert len(note) == 1 and ("“colour” =" in note[0] or "“size” =" in note[0])
    at.selectbox(key="w_variant").set_value("smotenc").run()
    _ok(at)
    assert not _fraction_notes(at)
    assert "minority (synthetic)" in _trace_names(at) and "parent → neighbour segments" in _trace_names(at)
    at.number_input(key="w_pick").set_value(3).run()
    _ok(at)
    tables = [d.value for d in at.dataframe]
    votes = next(t for t in tables if "votes" in t.columns)
    assert votes["feature"].tolist() == ["colour", "size"]
    assert all(v in {"red", "blue", "green", "S", "M", "L"} for v in votes["x_new (most votes)"])
    formula = next(t for t in tables if "x_new = x + λ·(x_nn − x)" in t.columns)
    assert formula["feature"].tolist() == ["x1", "x2"]  # numbers interpolated, categories voted
    assert at.query_params["variant"] in (["smotenc"], "smotenc")


def test_a_smotenc_link_on_numeric_data_falls_back_to_smote_with_a_reason():
    at = _app(dataset="moons", variant="smotenc")
    assert not at.exception
    assert any("no category column" in w.value for w in at.warning)
    assert at.selectbox(key="w_variant").value == "smote"
    assert "SMOTE-NC (numbers + categories)" not in at.selectbox(key="w_variant").options


def _mixed_csv() -> bytes:
    rng = np.random.RandomState(0)
    n_maj, n_min = 70, 14
    df = pd.DataFrame({
        "income": np.r_[rng.normal(50, 10, n_maj), rng.normal(35, 8, n_min)].round(1),
        "city": rng.choice(["Lyon", "Oslo", "Porto"], n_maj + n_min),
        "plan": rng.choice(["basic", "pro"], n_maj + n_min),
        "comment": [f"free text {i}" for i in range(n_maj + n_min)],
        "churn": ["no"] * n_maj + ["yes"] * n_min,
    })
    buf = _io.StringIO()
    df.to_csv(buf, index=False)
    return buf.getvalue().encode()


def test_upload_with_categories_reaches_smotenc_and_smoten():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value(("churn.csv", _mixed_csv(), "text/csv")).run()
    _ok(at)
    assert at.multiselect[0].value == ["income", "city", "plan"]  # free text stays out
    assert at.multiselect[1].value == ["city", "plan"]
    assert any("comment" in c.value and "text column" in c.value for c in at.caption)
    assert any("fractions such as 0.37" in i.value for i in at.info)
    at.button(key="explore_upload").click().run()
    at.query_params["dataset"] = "uploaded"
    at.query_params["variant"] = "smotenc"
    at.switch_page("pages/explore.py").run()
    _ok(at)
    assert at.selectbox(key="w_variant").value == "smotenc"
    assert "yes (synthetic)" in _trace_names(at)

    at.switch_page("pages/export.py").run()  # the export has real categories, not one-hot fractions
    _ok(at)
    table = at.dataframe[0].value
    assert {"city", "plan", "voters"} <= set(table.columns) and set(table["city"]) <= {"Lyon", "Oslo", "Porto"}
    assert any("categorical = ['city', 'plan']" in c.value for c in at.code)

    at.switch_page("pages/data.py").run()  # now only categories: SMOTE-N, not SMOTE-NC
    at.file_uploader[0].set_value(("churn.csv", _mixed_csv(), "text/csv")).run()
    at.multiselect[0].set_value(["city", "plan"]).run()
    _ok(at)
    at.button(key="explore_upload").click().run()
    at.query_params["variant"] = "smoten"
    at.switch_page("pages/explore.py").run()
    _ok(at)
    assert at.selectbox(key="w_variant").value == "smoten"
    assert "SMOTE-NC (numbers + categories)" not in at.selectbox(key="w_variant").options
    names = _trace_names(at)
    assert "yes (synthetic)" in names and "parent → neighbour segments" not in names
    assert any("no parent → neighbour segment to draw" in c.value for c in at.caption)
    assert not any("Showing segments for" in c.value for c in at.caption)
    at.number_input(key="w_pick").set_value(0).run()
    _ok(at)
    assert any("SMOTE-N drew row" in m.value for m in at.markdown)


def test_compare_offers_the_voting_samplers_for_mixed_data():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"dataset": "diabetes", "variants": "smote,smotenc", "k": "5"})
    at.switch_page("pages/compare.py").run()
    _ok(at)
    assert at.multiselect(key="c_variants").value == ["smote", "smotenc"]
    assert len(at.get("plotly_chart")) == 2
