"""Polynomial-fit SMOTE in the app (issue #17): its topology (and a curve's degree) as controls, no k slider, its
pictures drawn honestly (segments only between two rows), each kind of point explained, Tune k, Compare, Export."""

import pytest
from streamlit.testing.v1 import AppTest

from apptest import APP, TIMEOUT, _app, _figure, _no_exceptions, _synthetic_count
from smote_core.analysis.evaluation import METRICS

KINDS = {"star": "to_mean", "bus": "pair", "mesh": "pair", "polynomial": "curve"}


def _q(at, name):
    return str(at.query_params[name]).strip("[]'") if name in at.query_params else None


def _names(at) -> list:
    return [t.get("name", "") for t in _figure(at)["data"]]


@pytest.mark.parametrize("topology", list(KINDS))
def test_explore_draws_each_topology_with_segments_only_between_two_rows(topology):
    at = _app(dataset="moons", variant="polynom_fit", topology=topology, point=0)
    _no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key="w_variant").value == "polynom_fit"
    assert at.selectbox(key="w_topology").value == topology
    counts = at.dataframe[0].value
    assert _synthetic_count(at) == counts.loc["majority", "before"] - counts.loc["minority", "before"] == 267
    names = _names(at)
    assert ("parent → neighbour segments" in names) == (KINDS[topology] == "pair")
    assert ("parent → class mean" in names) == ("class mean of minority" in names) == (topology == "star")
    assert ("curve fitted through minority" in names) == (topology == "polynomial")
    # no k: no slider, a caption that says why, and the counts say so too
    assert not any(s.key == "w_k" for s in at.sidebar.get("slider"))
    assert any("Polynomial-fit SMOTE uses no neighbours: k does not apply" in c.value for c in at.sidebar.caption)
    assert any("**k:** does not apply" in m.value for m in at.markdown)
    # the degree only for a fitted curve, in the controls and in the link
    assert any(s.key == "w_degree" for s in at.sidebar.get("slider")) == (topology == "polynomial")
    assert _q(at, "topology") == topology and (_q(at, "degree") == "2") == (topology == "polynomial")
    # the link's point, explained in its own terms, never with a made-up neighbour
    said = " ".join(m.value for m in at.markdown if "Synthetic point" in m.value)
    expected = {"to_mean": "and the class mean", "pair": "+ λ · (row", "curve": "(no parent pair)"}[KINDS[topology]]
    assert expected in said and "nan" not in said and "nearest same-class neighbours" not in said


def test_changing_the_topology_redraws_and_keeps_the_url_and_k_in_step():
    at = _app(dataset="moons", variant="polynom_fit", topology="star", k=7)
    _no_exceptions(at)
    at.selectbox(key="w_topology").set_value("polynomial").run()
    _no_exceptions(at)
    assert _q(at, "topology") == "polynomial" and "curve fitted through minority" in _names(at)
    at.slider(key="w_degree").set_value(3).run()
    _no_exceptions(at)
    assert _q(at, "degree") == "3"
    assert any("polynomial of degree 3" in c.value for c in at.caption)
    at.selectbox(key="w_variant").set_value("smote").run()  # back to a sampler with k: the view's k is kept
    _no_exceptions(at)
    assert at.slider(key="w_k").value == 7 and _q(at, "topology") is None and _q(at, "degree") is None


def test_a_lesson_that_fixes_the_sampler_keeps_its_topology_hidden():
    at = _app(dataset="moons", variant="polynom_fit", topology="mesh", hide="variant")
    _no_exceptions(at)
    assert not any(getattr(w, "key", None) in ("w_variant", "w_topology") for w in at.sidebar.get("selectbox"))
    assert "parent → neighbour segments" in _names(at) and _q(at, "topology") == "mesh"


def test_a_bad_topology_in_a_link_falls_back_to_star_with_a_warning():
    at = _app(dataset="moons", variant="polynom_fit", topology="ring")
    _no_exceptions(at)
    assert any("topology='ring'" in w.value and "using 'star'" in w.value for w in at.warning)
    assert at.selectbox(key="w_topology").value == "star"


def test_polynomial_diagnostics_say_there_are_no_parents_and_no_lambda():
    at = _app(dataset="moons", variant="polynom_fit", topology="polynomial")
    _no_exceptions(at)
    captions = " ".join(c.value for c in at.caption)
    assert "No parents: these points lie on a curve" in captions and "No λ to show" in captions


@pytest.mark.parametrize("leaky", ["0", "1"])
def test_tune_k_says_k_does_not_apply_and_scores_the_one_setting(leaky):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"dataset": "overlap", "variant": "polynom_fit", "topology": "bus", "leaky": leaky})
    at.switch_page("pages/tune.py").run()
    _no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    assert any("k does not apply to Polynomial-fit SMOTE" in i.value for i in at.info)
    assert not at.get("plotly_chart")  # no curve over k: it would be one score repeated
    assert not any(s.key == "t_range" for s in at.sidebar.get("slider"))
    table = at.dataframe[0].value
    assert list(table.index) == list(METRICS.values())
    expected = ["no resampling", "Polynomial-fit SMOTE"]
    if leaky == "1":
        expected.append("Polynomial-fit SMOTE, resampled before splitting (leaky)")
    assert list(table.columns) == expected
    assert all(" ± " in cell for cell in table.to_numpy().ravel())
    assert any("topology = bus" in c.value for c in at.caption)


def test_compare_draws_polynomial_fit_smote_beside_smote():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"dataset": "moons", "k": "3", "variants": "smote,polynom_fit"})
    at.switch_page("pages/compare.py").run()
    _no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    assert len(at.get("plotly_chart")) == 2
    assert sorted(h.value for h in at.subheader) == ["Polynomial-fit SMOTE", "SMOTE"]
    assert any("uses no neighbours: k does not apply" in c.value for c in at.caption)
    assert sum(m.label == "Land nearest another class" for m in at.metric) == 2


def test_export_offers_polynomial_fit_smote_with_its_provenance_explained():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"dataset": "moons", "variant": "polynom_fit", "topology": "polynomial"})
    at.switch_page("pages/export.py").run()
    _no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    assert any("no k" in m.value for m in at.markdown)
    assert any("Column kind says how each synthetic row was made" in c.value for c in at.caption)
    code = at.code[0].value
    assert "variant='polynom_fit'" in code and "'topology': 'polynomial'" in code and "k is ignored" in code
