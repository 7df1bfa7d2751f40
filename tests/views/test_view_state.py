"""ViewState <-> URL query parameters: round trip, allow-lists, ranges, fallbacks with warnings."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smote_core.views.view_state import K_MAX, PROJECTIONS, SEGMENT_CHOICES, ViewState, from_query

DATASETS = ("moons", "blobs", "circles")


def test_round_trip_of_a_full_state():
    view = ViewState(dataset="blobs", variant="smote_enn", k=3, ratio=0.5, seed=42, projection="raw", fx="a", fy="b",
                     standardize=True, segments=500)
    back, warnings = from_query(view.to_query(), DATASETS)
    assert back == view
    assert warnings == []


def test_link_from_the_issue_reads_exactly():
    view, warnings = from_query({"dataset": "moons", "k": "3", "seed": "0", "projection": "pca"}, DATASETS)
    assert (view.dataset, view.k, view.seed, view.projection) == ("moons", 3, 0, "pca")
    assert warnings == []


def test_raw_feature_names_only_in_the_url_for_raw_projection():
    q = ViewState(projection="pca", fx="a", fy="b").to_query()
    assert "fx" not in q and "fy" not in q
    assert ViewState(projection="raw", fx="a", fy="b").to_query()["fx"] == "a"


@pytest.mark.parametrize(
    "name, raw",
    [("k", "0"), ("k", str(K_MAX + 1)), ("k", "abc"), ("k", "2.5"), ("ratio", "0"), ("ratio", "1.5"),
     ("ratio", "nan"), ("ratio", "x"), ("seed", "-1"), ("seed", "1e3"), ("projection", "lda"),
     ("dataset", "../../etc/passwd"), ("standardize", "maybe"), ("segments", "-5"), ("segments", "123"),
     ("variant", "smote2")],
)
def test_bad_values_fall_back_to_defaults_with_a_warning(name, raw):
    view, warnings = from_query({name: raw}, DATASETS)
    assert getattr(view, name) == getattr(ViewState(), name)
    assert len(warnings) == 1 and name in warnings[0] and "using" in warnings[0]


def test_list_values_take_the_last():
    view, _ = from_query({"k": ["2", "4"]}, DATASETS)
    assert view.k == 4


@given(st.dictionaries(st.sampled_from(["dataset", "variant", "k", "ratio", "seed", "projection", "fx", "fy",
                                        "standardize", "segments", "junk"]), st.text(max_size=30)))
def test_any_query_gives_a_valid_state_and_never_raises(params):
    view, warnings = from_query(params, DATASETS)
    assert view.dataset in DATASETS
    assert 1 <= view.k <= K_MAX
    assert 0 < view.ratio <= 1
    assert view.projection in PROJECTIONS
    assert view.segments in (0, *SEGMENT_CHOICES)
    assert isinstance(warnings, list)


def test_hidden_controls_round_trip_and_are_allow_listed():
    view, warnings = from_query({"hide": "seed,ratio,<script>"}, DATASETS)
    assert view.hide == ("ratio", "seed") and len(warnings) == 1 and "<script>" in warnings[0]
    assert view.to_query()["hide"] == "ratio,seed"
    assert "hide" not in ViewState().to_query()


def test_variant_parameters_only_travel_with_their_variant():
    view, warnings = from_query({"variant": "svm", "m": "7", "out_step": "0.25"}, DATASETS)
    assert (view.m, view.out_step, warnings) == (7, 0.25, [])
    assert view.sampler_params() == {"m_neighbors": 7, "out_step": 0.25}
    assert view.to_query()["m"] == "7" and view.to_query()["out_step"] == "0.25"
    plain = view.replace(variant="smote")
    assert "m" not in plain.to_query() and "out_step" not in plain.to_query() and plain.sampler_params() == {}
    assert view.replace(variant="borderline2").sampler_params() == {"m_neighbors": 7}
    for bad in ({"m": "0"}, {"m": "x"}, {"out_step": "2"}, {"out_step": "nan"}):
        _, warnings = from_query(bad, DATASETS)
        assert len(warnings) == 1


def test_toy_size_round_trips_and_bad_sizes_fall_back():
    from smote_core.views.view_state import TOY_SIZES, ViewState, from_query

    view = ViewState(dataset="blobs", n=20000)
    assert view.to_query()["n"] == "20000" and "n" not in ViewState().to_query()
    back, warnings = from_query(view.to_query(), ["blobs"])
    assert back == view and not warnings
    for raw in ("1234", "abc", "-600"):
        back, warnings = from_query({"n": raw}, ["moons"])
        assert back.n is None and len(warnings) == 1 and "toy's size must be one of" in warnings[0]
    assert 600 in TOY_SIZES and max(TOY_SIZES) <= 100_000


def test_upload_tokens_the_picture_scale_typology_point_and_lesson_travel_in_the_link():
    from smote_core.views.view_state import HIDE_LABELS

    token = "A" * 22
    view, warnings = from_query({"dataset": f"upload:{token}", "scale": "raw", "types": "1", "point": "7",
                                 "lesson": "leaky-cv"}, DATASETS)
    assert (view.dataset, view.scale, view.types, view.point, view.lesson, warnings) == (
        f"upload:{token}", "raw", True, 7, "leaky-cv", [])
    assert from_query(view.to_query(), DATASETS)[0] == view
    assert "scale" not in ViewState().to_query() and "types" not in ViewState().to_query()
    for bad in ({"dataset": "upload:short"}, {"dataset": "upload:" + "A" * 21 + "/"}, {"scale": "log"},
                {"lesson": "<script>"}, {"point": "-1"}):
        back, warnings = from_query(bad, DATASETS)
        assert back == ViewState() and len(warnings) == 1, bad
    assert HIDE_LABELS["variant"] == "Sampler" and all(HIDE_LABELS.values())


def test_the_decision_boundary_travels_only_when_asked_for_and_can_be_hidden():
    assert "boundary" not in ViewState().to_query()  # the default (none) keeps links short
    view = ViewState(boundary="svm", hide=("boundary",))
    back, warnings = from_query(view.to_query(), DATASETS)
    assert back.boundary == "svm" and back.hide == ("boundary",) and warnings == []
    bad, warnings = from_query({"boundary": "forest"}, DATASETS)
    assert bad.boundary == "none" and "boundary" in warnings[0] and "logreg" in warnings[0]


def test_animate_travels_as_a_flag_and_can_be_hidden():
    assert "animate" not in ViewState().to_query()
    back, warnings = from_query(ViewState(animate=True, hide=("animate",)).to_query(), DATASETS)
    assert back.animate is True and back.hide == ("animate",) and warnings == []


def test_polynomial_fit_smotes_topology_is_a_choice_and_its_degree_travels_only_with_a_curve():
    view, warnings = from_query({"variant": "polynom_fit", "topology": "Mesh", "degree": "4"}, DATASETS)
    assert (view.topology, view.degree, warnings) == ("mesh", 4, [])
    assert view.sampler_params() == {"topology": "mesh", "degree": 4}
    query = view.to_query()
    assert query["topology"] == "mesh" and "degree" not in query  # a mesh fits no curve: its degree stays home
    back, warnings = from_query(query, DATASETS)
    assert back == view.replace(degree=2) and not warnings
    curve = view.replace(topology="polynomial")
    assert curve.to_query()["degree"] == "4"
    assert from_query(curve.to_query(), DATASETS) == (curve, [])
    assert "topology" not in curve.replace(variant="smote").to_query()


@pytest.mark.parametrize("raw, said", [({"topology": "ring"}, "topology must be one of star, bus, mesh, polynomial"),
                                        ({"topology": ""}, "topology must be one of"),
                                        ({"degree": "0"}, "degree must be a whole number from 1 to 10"),
                                        ({"degree": "2.5"}, "degree must be a whole number")])
def test_a_bad_topology_or_degree_falls_back_with_a_warning(raw, said):
    view, warnings = from_query({"variant": "polynom_fit", **raw}, DATASETS)
    assert (view.topology, view.degree) == ("star", 2)
    assert len(warnings) == 1 and said in warnings[0] and "using" in warnings[0]
