"""Three dimensions (#16 part 3): PCA 3-D, UMAP 3-D and three raw features, the 3-D Explore figure, the link."""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go
import pytest

from smote_core import SMOTE, SmoteError
from smote_core.views import explore
from smote_core.views.figures import ExploreFigureData, Layer, Mark, explore_figure
from smote_core.views.figures3d import SYMBOLS_3D, explore_figure_3d, segment_xyz, symbol_3d
from smote_core.views.projection import (
    PROJECTION_LABELS,
    THREE_D,
    fit_projection,
    project_resampled,
    two_d,
)
from smote_core.views.view_state import PROJECTIONS, ViewState, from_query

DATASETS = ("moons", "blobs", "breast_cancer")


def _data(n_maj=60, n_min=12, k=3, seed=0, d=3):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(0, 1, (n_maj, d)), rng.normal(3, 0.5, (n_min, d))])
    y = np.array(["maj"] * n_maj + ["min"] * n_min, dtype=object)
    sm = SMOTE(k_neighbors=k, random_state=seed)
    X_res, _ = sm.fit_resample(X, y)
    return X, y, X_res[len(X):], sm


def _blobs(n=150, d=6, seed=0):
    rng = np.random.RandomState(seed)
    centres = rng.normal(0, 6, (3, d))
    labels = np.arange(n) % 3
    return centres[labels] + rng.normal(size=(n, d)) * rng.uniform(0.5, 3, d), labels


def _by_name(fig) -> dict:
    return {t.name: t for t in fig.data}


# ---------------------------------------------------------------------------------------------- the figure
def test_every_trace_is_scatter3d_and_passes_plotly_validation():
    X, y, X_syn, sm = _data()
    for selected in (None, 4):
        fig, n_seg = explore_figure_3d(ExploreFigureData(
            orig_xy=X, y=y, syn_xy=X_syn, provenance=sm.provenance_, axis_labels=("a", "b", "c"),
            selected=selected, selected_knn=np.array([60, 61, 62]), removed_original=np.array([0]),
            removed_synthetic=np.array([2]), title="t", uirevision="u",
            layers=[Layer("rare minority (2)", np.array([60, 61]), symbol="triangle-up-open"),
                    Layer("outlier minority (1)", np.array([62]), symbol="x-thin-open")],
            marks=[Mark("rejected candidates (2)", X[:2] + 0.1)],
        ))
        checked = go.Figure(fig.to_dict())  # raises ValueError on any property (or 3-D symbol) plotly does not know
        assert len(checked.data) == len(fig.data) >= 7
        assert all(isinstance(t, go.Scatter3d) for t in checked.data)
        assert n_seg == len(sm.provenance_) == 48
        scene = checked.layout.scene
        assert checked.layout.uirevision == scene.uirevision == "u"  # the camera stays where the user turned it
        assert (scene.xaxis.title.text, scene.yaxis.title.text, scene.zaxis.title.text) == ("a", "b", "c")
        assert checked.layout.title.text == "t"


def test_points_are_counted_by_class_and_carry_their_third_coordinate():
    X, y, X_syn, sm = _data()
    fig, _ = explore_figure_3d(ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=sm.provenance_))
    t = _by_name(fig)
    assert len(t["maj (original)"].x) == 60 and len(t["min (original)"].x) == 12
    syn = t["min (synthetic)"]
    assert len(syn.z) == len(X_syn) == 48 and syn.marker.symbol == "diamond-open"
    np.testing.assert_allclose(np.column_stack([syn.x, syn.y, syn.z]), X_syn, rtol=1e-6)
    np.testing.assert_allclose(t["min (original)"].z, X[y == "min", 2], rtol=1e-6)
    # the synthetic points carry number, parent, neighbour and λ, as in 2-D (the hover text reads them)
    cd = np.asarray(syn.customdata)
    assert np.array_equal(cd[:, 1], sm.provenance_["parent"]) and np.allclose(cd[:, 3], sm.provenance_["gap"])


def test_segments_are_one_nan_separated_trace_from_parent_to_neighbour_in_three_coordinates():
    X, y, X_syn, sm = _data()
    prov = sm.provenance_
    fig, n_seg = explore_figure_3d(ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=prov))
    seg = [t for t in fig.data if "segment" in t.name]
    assert len(seg) == 1 and seg[0].mode == "lines"
    for axis, coords in enumerate((seg[0].x, seg[0].y, seg[0].z)):
        c = np.asarray(coords, dtype=float).reshape(-1, 3)
        assert len(c) == n_seg == 48 and np.isnan(c[:, 2]).all()
        np.testing.assert_allclose(c[:, 0], X[prov["parent"], axis], rtol=1e-6)
        np.testing.assert_allclose(c[:, 1], X[prov["neighbor"], axis], rtol=1e-6)


def test_segments_and_points_are_capped_as_in_two_dimensions():
    X, y, X_syn, sm = _data(n_maj=400, n_min=40)
    fig, n_seg = explore_figure_3d(ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=sm.provenance_,
                                                     max_segments=25, max_points=100))
    t = _by_name(fig)
    assert n_seg == 25 and len([s for s in fig.data if "segment" in s.name][0].z) == 75
    # 100 originals at most, the minority (40) kept whole; 100 synthetic points of the 360 made
    assert len(t["min (original)"].x) == 40 and len(t["maj (original)"].x) == 60
    assert len(t["min (synthetic)"].x) == 100


def test_the_point_explained_is_highlighted_with_its_parent_neighbour_and_knn():
    X, y, X_syn, sm = _data(n_maj=400, n_min=40)
    prov = sm.provenance_
    members = np.flatnonzero(y == "min")
    chosen = int(np.setdiff1d(np.arange(len(prov)), np.arange(0, len(prov), 4))[-1])  # a point thinned away below
    parent, neighbour = int(prov["parent"].iloc[chosen]), int(prov["neighbor"].iloc[chosen])
    knn = sm.nn_indices_["min"][np.searchsorted(members, parent)]
    fig, _ = explore_figure_3d(ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=prov, selected=chosen,
                                                 selected_knn=knn, max_points=50))
    t = _by_name(fig)
    xyz = {name: np.array([t[name].x[0], t[name].y[0], t[name].z[0]]) for name in t if name.startswith("selected")}
    np.testing.assert_allclose(xyz["selected x (parent)"], X[parent])
    np.testing.assert_allclose(xyz["selected x_nn (neighbour)"], X[neighbour])
    np.testing.assert_allclose(xyz["selected x_new (synthetic)"], X_syn[chosen])
    assert t["selected x (parent)"].marker.symbol == "circle-open"  # ringed, as the 2-D selection is
    assert t["selected x_new (synthetic)"].marker.symbol == "diamond"
    chosen_segment = t["chosen segment"]
    assert list(chosen_segment.z) == [X[parent, 2], X[neighbour, 2]]
    assert len(t["k-NN set"].x) == 3 and "parent's 3 nearest neighbours" in t
    # the explained point is drawn even where the synthetic points are thinned out
    cd = np.asarray(t["min (synthetic)"].customdata)
    assert chosen in cd[:, 0].astype(int)
    fig2, _ = explore_figure_3d(ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=prov, selected=None))
    assert not any(name.startswith("selected") for name in _by_name(fig2))


def test_explore_figure_draws_3d_coordinates_in_3d_and_leaves_the_boundary_out():
    X, y, X_syn, sm = _data()
    heatmap = dict(type="heatmap", x=[0, 1], y=[0, 1], z=[[0, 1], [1, 0]])
    fig, n_seg = explore_figure(ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=sm.provenance_,
                                                  background=[heatmap]))
    assert {t.type for t in fig.data} == {"scatter3d"} and n_seg == 48
    same, _ = explore_figure_3d(ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=sm.provenance_))
    assert fig.to_json() == same.to_json()
    flat, _ = explore_figure(ExploreFigureData(orig_xy=X[:, :2], y=y, syn_xy=X_syn[:, :2],
                                               provenance=sm.provenance_))
    assert {t.type for t in flat.data} == {"scatter"}
    with pytest.raises(ValueError, match="three coordinates"):
        explore_figure_3d(ExploreFigureData(orig_xy=X[:, :2], y=y, syn_xy=X_syn[:, :2], provenance=sm.provenance_))


def test_symbols_a_scene_lacks_get_distinct_stand_ins():
    assert symbol_3d("circle-open") == "circle-open" and symbol_3d("diamond") == "diamond"
    # typology: borderline, rare, outlier stay three different markers
    assert len({symbol_3d(s) for s in ("square-open", "triangle-up-open", "x-thin-open")}) == 3
    # Borderline-SMOTE: danger and noise stay apart
    assert symbol_3d("star-open") != symbol_3d("x-thin-open")
    assert all(symbol_3d(s) in SYMBOLS_3D for s in ("hexagon-open", "star-open", "bowtie", "x-thin-open"))


def test_segment_xyz_separates_with_nan():
    x, y, z = segment_xyz(np.array([[0, 0, 0], [1, 1, 1]]), np.array([[2, 3, 4], [5, 6, 7]]))
    assert len(z) == 6 and np.isnan(x[2]) and np.isnan(z[5])
    assert list(z[[0, 1, 3, 4]]) == [0, 4, 1, 7]


# ---------------------------------------------------------------------------------------------- projections
def test_the_3d_methods_have_labels_and_a_2d_counterpart():
    assert set(THREE_D) == {"pca3d", "umap3d", "raw3d"} and set(THREE_D) <= set(PROJECTIONS)
    assert (PROJECTION_LABELS["pca3d"], PROJECTION_LABELS["umap3d"], PROJECTION_LABELS["raw3d"]) == (
        "PCA 3-D", "UMAP 3-D", "Three features (3-D)")
    assert [two_d(m) for m in ("pca3d", "umap3d", "raw3d", "pca", "tsne")] == ["pca", "umap", "raw", "pca", "tsne"]


@pytest.mark.parametrize("standardize", [False, True])
def test_pca_3d_is_the_2d_pca_plus_a_third_axis(standardize):
    X, _ = _blobs()
    flat, deep = (fit_projection(X, m, standardize=standardize) for m in ("pca", "pca3d"))
    assert deep.embedding.shape == (len(X), 3) and deep.n_components == 3 and flat.n_components == 2
    assert deep.is_linear and deep.linear_note() is None and deep.method == "pca3d" and deep.label == "PCA 3-D"
    for j in range(2):  # the same first two axes, up to sign
        a, b = flat.embedding[:, j], deep.embedding[:, j]
        assert np.allclose(a, b, atol=1e-8) or np.allclose(a, -b, atol=1e-8)
    assert deep.axis_labels[:2] == flat.axis_labels
    unit = ", standardised" if standardize else ""
    assert re.fullmatch(rf"PC3 \((\d+|<1)% of variance{unit}\)", deep.axis_labels[2]), deep.axis_labels
    # linear: a synthetic point lands on its projected segment at the same λ, in all three coordinates
    rng = np.random.RandomState(1)
    p, q, lam = rng.randint(len(X), size=50), rng.randint(len(X), size=50), rng.uniform(size=50)
    X_syn = X[p] + lam[:, None] * (X[q] - X[p])
    xyz = project_resampled(deep, np.vstack([X, X_syn]), len(X))
    assert xyz.shape == (len(X) + 50, 3)
    E = deep.embedding
    np.testing.assert_allclose(xyz[len(X):], E[p] + lam[:, None] * (E[q] - E[p]), atol=1e-9)
    assert deep.transform(X_syn[:0]).shape == (0, 3)


def test_pca_3d_of_two_features_has_an_empty_third_axis():
    X = np.random.RandomState(0).normal(size=(30, 2))
    proj = fit_projection(X, "pca3d")
    assert proj.embedding.shape == (30, 3) and np.all(proj.embedding[:, 2] == 0)
    assert proj.axis_labels[2] == "PC3 (none: two features)"


def test_three_raw_features_are_the_columns_as_they_are():
    X, _ = _blobs()
    names = [f"f{j}" for j in range(X.shape[1])]
    proj = fit_projection(X, "raw3d", features=(4, 0, 2), feature_names=names, standardize=True)
    assert np.array_equal(proj.embedding, X[:, [4, 0, 2]]) and proj.axis_labels == ("f4", "f0", "f2")
    assert proj.is_linear and not proj.standardized and proj.transform(X[:3]).shape == (3, 3)
    assert np.array_equal(fit_projection(X, "raw3d").embedding, X[:, :3])  # the first three by default


@pytest.mark.parametrize("features, words", [
    ((0, 1), "three column positions"), ((0, 0, 1), "three different features"), ((0, 1, 9), "not a column"),
])
def test_three_raw_features_reject_bad_features(features, words):
    X, _ = _blobs()
    with pytest.raises(SmoteError, match=words):
        fit_projection(X, "raw3d", features=features)


def test_three_raw_features_need_three_columns():
    with pytest.raises(SmoteError, match="needs at least three feature columns and the data has 2"):
        fit_projection(np.zeros((10, 2)), "raw3d")


@pytest.fixture(scope="module")
def umap3d():
    X, labels = _blobs(n=120)
    return fit_projection(X, "umap3d", random_state=0), X, labels


def test_umap_3d_has_three_axes_and_places_new_rows_in_them(umap3d):
    proj, X, labels = umap3d
    assert proj.embedding.shape == (len(X), 3) and proj.axis_labels == ("UMAP 1", "UMAP 2", "UMAP 3")
    assert not proj.is_linear and proj.linear_note().startswith("UMAP 3-D is not linear")
    dist = np.linalg.norm(proj.embedding[:, None] - proj.embedding[None], axis=2)
    np.fill_diagonal(dist, np.inf)
    assert np.mean(labels[dist.argmin(axis=1)] == labels) > 0.95  # the blobs stay apart
    placed = proj.transform(X[:10] + 0.01)
    assert placed.shape == (10, 3) and np.all(np.isfinite(placed))
    assert project_resampled(proj, np.vstack([X, X[:4]]), len(X)).shape == (len(X) + 4, 3)


def test_umap_3d_is_fitted_in_the_background_worker_like_umap(umap3d):
    from smote_core.views.background import Fits

    proj, X, _ = umap3d
    with Fits() as pool:
        job = pool.submit(("demo", "umap3d", "raw"), X, "umap3d")
        assert pool.submit(("demo", "umap3d", "raw"), X, "umap3d") is job  # one fit per key, shared
        fitted = job.result(timeout=300)
        assert fitted.embedding.shape == (len(X), 3) and fitted.method == "umap3d"
        np.testing.assert_allclose(fitted.embedding, proj.embedding, atol=1e-4)  # the same picture as here
        placed = pool.place(("demo", "umap3d", "raw", "view"), fitted, X[:5] + 0.01).result(timeout=120)
        assert np.asarray(placed).shape == (5, 3)


# ---------------------------------------------------------------------------------------------- the view
def test_projection_for_three_raw_features_needs_three_different_ones():
    names = ["a", "b", "c", "d"]
    assert explore.projection_for("raw3d", "c", "a", names, "d") == ("raw3d", (2, 0, 3))
    for fx, fy, fz in (("a", "a", "b"), ("a", "b", "zz"), ("a", "b", None), (None, None, None)):
        assert explore.projection_for("raw3d", fx, fy, names, fz) == ("pca3d", None)
    assert explore.projection_for("raw3d", "a", "b", ["a", "b"], None) == ("pca3d", None)
    assert explore.projection_for("pca3d", "a", "b", names, "c") == ("pca3d", None)
    assert explore.projection_for("raw", "c", "a", names, "d") == ("raw", (2, 0))  # 2-D ignores fz


def test_a_picture_in_pca_3d_is_drawn_in_3d_with_a_note_on_how_to_choose_a_point():
    X, y, _, _ = _data(d=4)
    res = explore.resample(X, y, k=3, ratio=1.0, seed=0)
    proj = fit_projection(X, "pca3d")
    syn_xyz = proj.transform(res.X_syn)
    pic = explore.picture(res, proj, syn_xyz, selected=2, sampler_layers=True, uirevision="u3")
    assert {t.type for t in pic.figure.data} == {"scatter3d"} and pic.selected == 2
    assert "selected x_new (synthetic)" in _by_name(pic.figure)
    notes = explore.picture_notes(pic)
    assert explore.THREE_D_NOTE in notes
    assert "Rotate with the mouse" in explore.THREE_D_NOTE and "by its number" in explore.THREE_D_NOTE
    flat = explore.picture(res, fit_projection(X, "pca"), fit_projection(X, "pca").transform(res.X_syn))
    assert explore.THREE_D_NOTE not in explore.picture_notes(flat)


def test_lees_rejected_candidates_are_marked_in_3d_too():
    X, y, _, _ = _data(n_maj=80, n_min=20, d=3)
    X[-20:] = np.random.RandomState(3).normal(0.5, 1, (20, 3))  # a minority inside the majority: many rejections
    res = explore.resample(X, y, k=5, ratio=1.0, seed=0, variant="lee")
    proj = fit_projection(X, "pca3d")
    pic = explore.picture(res, proj, proj.transform(res.X_syn), sampler_layers=True)
    marks = [t for t in pic.figure.data if (t.name or "").startswith("rejected candidates")]
    assert len(marks) == 1 and len(marks[0].z) == len(res.sampler.rejected_) > 0
    assert marks[0].marker.symbol == "x"
    go.Figure(pic.figure.to_dict())


# ---------------------------------------------------------------------------------------------- the link
def test_three_features_travel_in_the_link_and_come_back():
    view = ViewState(dataset="blobs", projection="raw3d", fx="a", fy="b", fz="c", k=3)
    q = view.to_query()
    assert (q["projection"], q["fx"], q["fy"], q["fz"]) == ("raw3d", "a", "b", "c")
    back, warnings = from_query(q, DATASETS)
    assert back == view and warnings == []


@pytest.mark.parametrize("method", ["pca3d", "umap3d"])
def test_the_3d_projections_travel_without_feature_names(method):
    q = ViewState(projection=method, fx="a", fy="b", fz="c").to_query()
    assert q["projection"] == method and not {"fx", "fy", "fz"} & set(q)
    back, warnings = from_query(q, DATASETS)
    assert back == ViewState(projection=method) and warnings == []
    assert from_query({"projection": method.upper()}, DATASETS)[0].projection == method


def test_the_third_feature_travels_only_with_three_features():
    assert "fz" not in ViewState(projection="raw", fx="a", fy="b", fz="c").to_query()
    view, warnings = from_query({"projection": "raw3d", "fz": "x" * 201}, DATASETS)
    assert view.fz is None and len(warnings) == 1 and "fz=" in warnings[0]
    view, warnings = from_query({"projection": "pca4d"}, DATASETS)
    assert view.projection == "pca" and "pca3d" in warnings[0]  # the warning lists the 3-D ones
