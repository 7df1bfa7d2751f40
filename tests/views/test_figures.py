"""Figure builders: traces, NaN-separated segments, caps, selection layers."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from smote_core import SMOTE
from smote_core.views.figures import (
    SVG_MAX_POINTS,
    ExploreFigureData,
    Layer,
    explore_figure,
    gap_histogram_figure,
    pick_segments,
    segment_xy,
)


def _data(n_min=12, n_maj=60, k=3, seed=0):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(0, 1, (n_maj, 2)), rng.normal(3, 0.5, (n_min, 2))])
    y = np.array(["maj"] * n_maj + ["min"] * n_min, dtype=object)
    sm = SMOTE(k_neighbors=k, random_state=seed)
    X_res, _ = sm.fit_resample(X, y)
    return X, y, X_res[len(X):], sm


def test_segment_xy_separates_with_nan():
    x, y = segment_xy(np.array([[0, 0], [1, 1]]), np.array([[2, 2], [3, 3]]))
    assert x.dtype == np.float64 and len(x) == 6
    assert np.isnan(x[2]) and np.isnan(x[5])
    assert list(x[[0, 1, 3, 4]]) == [0, 2, 1, 3]


def test_pick_segments_caps_and_is_deterministic():
    assert list(pick_segments(5, 10)) == [0, 1, 2, 3, 4]
    a, b = pick_segments(1000, 50, seed=1), pick_segments(1000, 50, seed=1)
    assert len(a) == 50 and len(set(a)) == 50 and np.array_equal(a, b)


def test_explore_figure_traces():
    X, y, X_syn, sm = _data()
    fig, n_seg = explore_figure(ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=sm.provenance_))
    names = [t.name for t in fig.data]
    assert "maj (original)" in names and "min (original)" in names
    syn = [t for t in fig.data if "synthetic" in t.name]
    assert len(syn) == 1 and len(syn[0].x) == len(X_syn) == 48
    assert all(isinstance(t, go.Scatter) for t in fig.data)  # 120 markers: SVG, no WebGL to start
    seg = [t for t in fig.data if "segment" in t.name]
    assert len(seg) == 1 and n_seg == 48
    # Every segment starts at the parent and ends at the neighbour.
    sx = np.asarray(seg[0].x, dtype=float).reshape(-1, 3)
    prov = sm.provenance_
    # float32 in the figure (half the bytes sent): exact to a millionth of the coordinates
    assert seg[0].x.dtype == np.float32
    assert np.allclose(sx[:, 0], X[prov["parent"], 0], rtol=1e-6) and np.allclose(sx[:, 1], X[prov["neighbor"], 0],
                                                                                 rtol=1e-6)
    assert np.isnan(sx[:, 2]).all()
    # customdata of synthetic points: index, parent, neighbour, gap
    cd = np.asarray(syn[0].customdata)
    assert np.array_equal(cd[:, 1], prov["parent"]) and np.allclose(cd[:, 3], prov["gap"])


def test_explore_figure_passes_plotly_validation():
    """The figure is built without plotly's validators (for speed): every property must still be one plotly knows."""
    X, y, X_syn, sm = _data()
    prov = sm.provenance_
    for selected in (None, 3):
        fig, _ = explore_figure(ExploreFigureData(
            orig_xy=X, y=y, syn_xy=X_syn, provenance=prov, selected=selected, selected_knn=np.array([60, 61, 62]),
            removed_original=np.array([0, 1]), removed_synthetic=np.array([2]), title="a title",
            layers=[Layer("in danger", np.array([60, 61]))], showlegend=False,
        ))
        checked = go.Figure(fig.to_dict())  # raises ValueError on any property plotly does not know
        assert checked.layout.title.text == "a title" and checked.layout.xaxis.title.text == "x"
        assert len(checked.data) == len(fig.data) >= 6


def test_many_markers_are_drawn_with_webgl():
    rng = np.random.RandomState(0)
    n = SVG_MAX_POINTS + 1
    X, y = rng.normal(size=(n, 2)), np.array(["a", "b"] * (n // 2) + ["a"] * (n % 2), dtype=object)
    prov = pd.DataFrame({"parent": [0], "neighbor": [2], "gap": [0.5], "class": ["a"]})
    fig, _ = explore_figure(ExploreFigureData(orig_xy=X, y=y, syn_xy=X[:1], provenance=prov))
    assert {t.type for t in fig.data} == {"scattergl"}
    fig, _ = explore_figure(ExploreFigureData(orig_xy=X[:100], y=y[:100], syn_xy=X[:1], provenance=prov))
    assert {t.type for t in fig.data} == {"scatter"}


def test_segment_cap_is_respected():
    X, y, X_syn, sm = _data()
    fig, n_seg = explore_figure(
        ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=sm.provenance_, max_segments=10)
    )
    seg = [t for t in fig.data if "segment" in t.name][0]
    assert n_seg == 10 and len(seg.x) == 30


def test_selection_adds_parent_neighbour_and_knn_layers():
    X, y, X_syn, sm = _data()
    parent = int(sm.provenance_["parent"].iloc[5])
    members = np.flatnonzero(y == "min")
    knn = sm.nn_indices_["min"][np.searchsorted(members, parent)]
    fig, _ = explore_figure(ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=sm.provenance_,
                                              selected=5, selected_knn=knn))
    names = [t.name for t in fig.data]
    assert "chosen segment" in names and any("nearest neighbours" in n for n in names)
    sel = {t.name: t for t in fig.data if t.name.startswith("selected")}
    assert sel["selected x (parent)"].x[0] == X[parent, 0]
    assert sel["selected x_new (synthetic)"].x[0] == X_syn[5, 0]
    neighbour = int(sm.provenance_["neighbor"].iloc[5])
    assert sel["selected x_nn (neighbour)"].y[0] == X[neighbour, 1]


def test_labels_are_escaped_in_hover_templates():
    X = np.random.RandomState(0).normal(size=(20, 2))
    y = np.array(["<b>x</b>"] * 14 + ["%{y}"] * 6, dtype=object)
    fig, _ = explore_figure(ExploreFigureData(orig_xy=X, y=y, syn_xy=np.empty((0, 2)),
                                              provenance=pd.DataFrame(columns=["parent", "neighbor", "gap", "class"])))
    templates = " ".join(t.hovertemplate for t in fig.data)
    assert "<b>x</b>" not in templates and "%{y}" not in templates


def test_tune_figure_has_bands_baseline_and_leaky_lines():
    from smote_core.views.figures import tune_figure

    rows = []
    for k in (0, 1, 3, 5):
        for m in ("f1", "roc_auc"):
            rows.append({"k": k, "metric": m, "mean": 0.5 + k / 100, "sd": 0.05, "n_folds": 5})
    summary = pd.DataFrame(rows)
    leaky = summary.assign(mean=summary["mean"] + 0.2)
    fig = tune_figure(summary, {"f1": "Minority F1", "roc_auc": "ROC-AUC"}, leaky=leaky)
    names = [t.name for t in fig.data]
    assert names.count("SMOTE inside each training fold") == 2 and names.count("no resampling") == 2
    assert names.count("resampled before splitting (leaky, inflated)") == 2
    base = [t for t in fig.data if t.name == "no resampling"][0]
    assert list(base.y) == [0.5, 0.5] and list(base.x) == [1, 5]
    main = [t for t in fig.data if t.name == "SMOTE inside each training fold"][0]
    assert list(main.x) == [1, 3, 5]
    assert [a.text for a in fig.layout.annotations] == ["Minority F1", "ROC-AUC"]


def test_thin_points_keeps_small_classes_whole_and_is_deterministic():
    from smote_core.views.figures import thin_points

    y = np.array(["maj"] * 50_000 + ["min"] * 700 + ["tiny"] * 12)
    kept = thin_points(y, cap=10_000)
    assert len(kept) == 10_000 and np.all(np.diff(kept) > 0)
    assert (y[kept] == "min").sum() == 700 and (y[kept] == "tiny").sum() == 12
    np.testing.assert_array_equal(kept, thin_points(y, cap=10_000))
    np.testing.assert_array_equal(thin_points(y[:5000], cap=10_000), np.arange(5000))
    even = thin_points(np.repeat(["a", "b"], 30_000), cap=1_000)
    assert len(even) == 1_000 and (even < 30_000).sum() == 500


def test_large_data_draws_a_capped_sample_of_markers_but_keeps_the_selection():
    from smote_core.views.figures import ExploreFigureData, explore_figure, thin_points

    rng = np.random.RandomState(0)
    n, m = 30_000, 25_000
    left_out = np.setdiff1d(np.arange(m), thin_points(np.array(["minority"] * m), 5_000))
    pick = int(left_out[-1])
    y = np.array(["majority"] * 27_000 + ["minority"] * 3_000)
    prov = pd.DataFrame({"parent": rng.randint(27_000, n, m), "neighbor": rng.randint(27_000, n, m),
                         "gap": rng.uniform(size=m), "class": ["minority"] * m})
    fig, n_seg = explore_figure(ExploreFigureData(
        orig_xy=rng.normal(size=(n, 2)), y=y, syn_xy=rng.normal(size=(m, 2)), provenance=prov, max_points=5_000,
        max_segments=300, selected=pick,
    ))
    by_name = {t.name: t for t in fig.data}
    assert len(by_name["minority (original)"].x) == 2_500 and len(by_name["majority (original)"].x) == 2_500
    syn = by_name["minority (synthetic)"]
    assert len(syn.x) == 5_001  # the cap, plus the selected point
    assert pick in set(np.asarray(syn.customdata)[:, 0].astype(int))
    assert n_seg == 300


def test_class_labels_are_plain_text_in_the_legend():
    from smote_core.views.figures import ExploreFigureData, explore_figure

    y = np.array(["<b>bold</b>"] * 5 + ["<a href='javascript:alert(1)'>x</a> & co"] * 5)
    prov = pd.DataFrame({"parent": [0], "neighbor": [1], "gap": [0.5], "class": [y[0]]})
    fig, _ = explore_figure(ExploreFigureData(orig_xy=np.arange(20.0).reshape(10, 2), y=y, syn_xy=np.zeros((1, 2)),
                                              provenance=prov))
    names = {t.name for t in fig.data}
    assert "&lt;b&gt;bold&lt;/b&gt; (original)" in names and "&lt;b&gt;bold&lt;/b&gt; (synthetic)" in names
    assert "&lt;a href='javascript:alert(1)'&gt;x&lt;/a&gt; &amp; co (original)" in names
    assert not any("<" in n for n in names)


def test_markers_shrink_as_more_points_are_drawn():
    from smote_core.views.figures import marker_size

    sizes = [marker_size(n, 9) for n in (100, 2_000, 5_000, 20_000, 40_000, 10**6)]
    assert sizes[0] == sizes[1] == 9 and all(a > b for a, b in zip(sizes[1:4], sizes[2:5]))
    assert 4 <= marker_size(20_000, 9) <= 5 and sizes[-1] == 3.0


def test_a_click_is_read_back_to_the_synthetic_point_through_the_figures_customdata():
    from smote_core.views.figures import SYNTHETIC_CUSTOMDATA, selected_synthetic

    X, y, X_syn, sm = _data()
    fig, _ = explore_figure(ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=sm.provenance_))
    syn = next(t for t in fig.data if t.name == "min (synthetic)")
    orig = next(t for t in fig.data if t.name == "min (original)")
    assert np.asarray(syn.customdata).shape == (48, len(SYNTHETIC_CUSTOMDATA))
    # What Streamlit hands the page for a click: the points with their marker's customdata; the browser may send
    # an array as {"0": .., "1": ..}. Originals (one value: the row) are not synthetic points.
    points = [{"customdata": [float(v) for v in orig.customdata[0]]},
              {"customdata": {str(i): float(v) for i, v in enumerate(syn.customdata[7])}},
              {"customdata": [float(v) for v in syn.customdata[3]]},
              {"customdata": [float(v) for v in syn.customdata[7]]}]
    assert selected_synthetic({"points": points}) == [7, 3]
    assert selected_synthetic(points[2:3]) == [3]
    assert np.array_equal(X_syn[7], X_syn[selected_synthetic({"points": points})[0]])

    class Selection:  # the object form (st.session_state[key].selection)
        def __init__(self, points):
            self.points = points

    assert selected_synthetic(Selection(points[:2])) == [7]
    for nothing in ([], {"points": []}, {"points": [{"x": 1.0}]}, {"points": [{"customdata": ["a", 1, 2, 3]}]}):
        assert selected_synthetic(nothing) == []


def test_page_layout_options_are_part_of_the_figure_data():
    X, y, X_syn, sm = _data()
    plain, _ = explore_figure(ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=sm.provenance_))
    assert plain.layout.height == 620 and plain.layout.showlegend is None and plain.layout.title.text is None
    small, _ = explore_figure(ExploreFigureData(orig_xy=X, y=y, syn_xy=X_syn, provenance=sm.provenance_, height=300,
                                                showlegend=False, title=dict(text="k = 3", x=0.5)))
    assert small.layout.height == 300 and small.layout.showlegend is False and small.layout.title.text == "k = 3"
    assert [t.name for t in small.data] == [t.name for t in plain.data]


def test_tune_figure_clips_its_bands_to_the_scores_range_and_names_the_sampler():
    from smote_core.views.figures import tune_figure

    summary = pd.DataFrame([{"k": k, "metric": "pr_auc", "mean": mean, "sd": 0.05, "n_folds": 5}
                            for k, mean in ((0, 0.99), (1, 0.995), (3, 0.97), (5, 0.03))])
    fig = tune_figure(summary, {"pr_auc": "PR-AUC"}, name="Borderline-SMOTE 1 inside each training fold")
    band = [t for t in fig.data if t.fill == "toself"][0]
    # k = 1, 3, 5: mean + sd 1.045, 1.02, 0.08 on the way out, mean - sd 0.945, 0.92, -0.02 on the way back
    assert np.allclose(band.y, [1.0, 1.0, 0.08, 0.0, 0.92, 0.945])
    assert [t.name for t in fig.data if t.mode == "lines+markers"] == ["Borderline-SMOTE 1 inside each training fold"]


def test_gap_histogram_figure_draws_every_bin_and_passes_validation():
    counts = np.array([3, 0, 5, 1, 2, 2, 0, 4, 1, 7])
    fig = gap_histogram_figure({"bin_edges": np.linspace(0, 1, 11), "counts": counts})
    checked = go.Figure(fig.to_dict())  # plotly's validators accept every property
    bar = fig.data[0]
    assert checked.data[0].type == bar.type == "bar" and list(bar.y) == list(counts)
    assert np.allclose(bar.x, np.arange(0.05, 1.0, 0.1)) and tuple(checked.layout.xaxis.range) == (0, 1)


def test_the_birth_animation_moves_each_batch_from_its_parent_to_where_it_lands():
    from smote_core.views.figures import ANIMATION_MAX_POINTS, birth_animation_figure

    X, y, X_syn, sm = _data()
    prov = sm.provenance_
    fig, n = birth_animation_figure(X, y, X_syn, prov, batches=4, steps=2)
    assert n == len(prov) and len(fig.frames) == 4 * 2
    go.Figure(fig.to_dict())  # valid plotly, frames, buttons and slider included
    classes = list(pd.unique(y))
    moving = len(classes)  # the originals first, then the segments and the synthetic points of each class
    syn_name = [t["name"] for t in fig.frames[0].data if "(synthetic)" in t["name"]][0]
    grown = prov["class"].to_numpy() == prov["class"].iloc[0]
    parents, landed = X[prov["parent"].to_numpy()][grown], X_syn[grown]
    batch_of = (np.arange(len(prov)) * 4 // len(prov))[grown]
    first = fig.data[moving + 1]
    assert first.name == syn_name and np.isnan(np.asarray(first.x, dtype=float)).all()  # nobody born yet
    for f in fig.frames:
        assert list(f.traces) == list(range(moving, moving + len(f.data)))
        b, s = (int(v) for v in f.name.split("."))
        xs = np.asarray(next(t for t in f.data if t["name"] == syn_name)["x"], dtype=float)
        share = np.where(batch_of < b - 1, 1.0, np.where(batch_of == b - 1, s / 2, np.nan))
        expected = parents[:, 0] + share * (landed[:, 0] - parents[:, 0])
        np.testing.assert_allclose(xs, expected.astype(np.float32), rtol=1e-6, atol=1e-6)
        segments = next(t for t in f.data if "being born" in t["name"])
        assert len(segments["x"]) == 3 * ((np.arange(len(prov)) * 4 // len(prov)) == b - 1).sum()
    np.testing.assert_allclose(np.asarray(fig.frames[-1].data[1]["x"], dtype=float), landed[:, 0], rtol=1e-6,
                               atol=1e-5)  # the last frame: every point where the picture has it
    assert ANIMATION_MAX_POINTS >= 1000


def test_the_birth_animation_moves_a_capped_sample_of_many_points():
    from smote_core.views.figures import ANIMATION_MAX_POINTS, birth_animation_figure

    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(0, 1, (3000, 2)), rng.normal(3, 1, (300, 2))])
    y = np.r_[[0] * 3000, [1] * 300]
    sm = SMOTE(random_state=0)
    X_res, _ = sm.fit_resample(X, y)
    fig, n = birth_animation_figure(X, y, X_res[len(y):], sm.provenance_)
    assert n == ANIMATION_MAX_POINTS < len(sm.provenance_)
    assert len(fig.frames[-1].data[1]["x"]) == n
