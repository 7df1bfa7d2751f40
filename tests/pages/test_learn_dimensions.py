"""The high-dimensions lesson on the Learn page through Streamlit's AppTest: its link opens the section (the toggle
travels in the URL as ``dims=1``), with the four charts of the data's own study and the text with its numbers."""

import json

import numpy as np
from streamlit.testing.v1 import AppTest

from apptest import APP, TIMEOUT, _arr, _no_exceptions


def _learn(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({k: str(v) for k, v in query.items()})
    at.switch_page("pages/learn.py").run()
    _no_exceptions(at)
    return at


def _charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _dimensions_chart(at) -> dict | None:
    return next((c for c in _charts(at) if any(t.get("name") == "with SMOTE" for t in c["data"])), None)


def _q(at, name):
    return str(at.query_params[name]).strip("[]'") if name in at.query_params else None


def test_the_lesson_link_opens_the_section_with_the_datas_own_study():
    from smote_core.analysis.dimensions import high_dimension_study
    from smote_core.data import datasets
    from smote_core.views import lesson

    ready = lesson.lesson_named("high-dimensions")
    assert ready.page == "learn" and ready.view.dims and ready.view.dataset == "breast_cancer"
    at = _learn(**ready.query())
    assert any(ready.task in i.value for i in at.info)  # the lesson's task
    assert at.toggle(key="l_dims").value is True and _q(at, "dims") == "1"
    assert len(_charts(at)) == 2  # the step-by-step picture, then the four charts
    chart = _dimensions_chart(at)
    assert chart is not None
    # the charts are the study of the page's data, k and seed
    ds = datasets.load_builtin("breast_cancer")
    study = high_dimension_study(ds.frame[ds.features].to_numpy(float), ds.frame[ds.target].to_numpy(), k=5,
                                 seed=0, max_rows=2000)
    ratio = next(t for t in chart["data"] if t["name"].startswith("nearest"))
    assert ratio["x"] == ["0", "10", "50", "200"]
    np.testing.assert_allclose(_arr(ratio["y"]), study["distance_ratio"])
    text = " ".join(m.value for m in at.markdown)
    assert f"the nearest is {study['distance_ratio'].iloc[-1]:.2f} as far" in text
    assert "Blagus & Lusa" in text


def test_the_toggle_shows_and_hides_the_section_and_the_url_follows():
    at = _learn(dataset="moons", k=3, seed=0)
    assert at.toggle(key="l_dims").value is False and _q(at, "dims") is None
    assert _dimensions_chart(at) is None
    at.toggle(key="l_dims").set_value(True).run()
    _no_exceptions(at)
    assert _dimensions_chart(at) is not None and _q(at, "dims") == "1"
    next(b for b in at.button if b.label == "Next step").click().run()  # stepping keeps the section and the URL
    _no_exceptions(at)
    assert _dimensions_chart(at) is not None and _q(at, "dims") == "1"
    at.toggle(key="l_dims").set_value(False).run()
    _no_exceptions(at)
    assert _dimensions_chart(at) is None and _q(at, "dims") is None
