"""The Explore computations: resample for a view, standardised search, k limits, explanations, data prep."""

import numpy as np
import pandas as pd
import pytest

from smote_core import SMOTE, SmoteError
from smote_core.data import prepare
from smote_core.views import explore


def _xy(seed=0, n_maj=80, n_min=15):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(0, 1, (n_maj, 3)), rng.normal(2, 1, (n_min, 3))]) * [1, 100, 0.01]
    y = np.array([0] * n_maj + [1] * n_min)
    return X, y


def test_resample_matches_smote_with_the_ratio_as_a_dict():
    X, y = _xy()
    res = explore.resample(X, y, k=4, ratio=0.5, seed=3)
    X_res, _ = SMOTE(k_neighbors=4, sampling_strategy={0: 80, 1: 40}, random_state=3).fit_resample(X, y)
    assert np.array_equal(res.X_syn, X_res[len(X):])
    assert res.counts_after == {0: 80, 1: 40} and res.n_synthetic == 25


def test_standardised_search_changes_neighbours_but_keeps_the_formula_in_raw_units():
    X, y = _xy()
    plain = explore.resample(X, y, k=3, ratio=1.0, seed=0)
    scaled = explore.resample(X, y, k=3, ratio=1.0, seed=0, standardize=True)
    assert not np.array_equal(plain.nn_indices[1], scaled.nn_indices[1])
    p = scaled.provenance
    expected = X[p["parent"]] + p["gap"].to_numpy()[:, None] * (X[p["neighbor"]] - X[p["parent"]])
    assert np.array_equal(scaled.X_syn, expected)
    # neighbours really are the nearest in z-scored space
    Z = (X - X.mean(0)) / X.std(0)
    members = np.flatnonzero(y == 1)
    d = ((Z[members][:, None] - Z[members][None]) ** 2).sum(-1)
    nearest = np.sort(d, axis=1)[:, 1:4]
    got = np.take_along_axis(d, np.searchsorted(members, scaled.nn_indices[1]), axis=1)
    assert np.allclose(np.sort(got, axis=1), nearest)


def test_nothing_to_generate_when_ratio_already_met():
    X, y = _xy(n_min=50)
    res = explore.resample(X, y, k=3, ratio=0.5, seed=0)
    assert res.n_synthetic == 0 and res.counts_after == res.counts_before


def test_k_limit():
    X, y = _xy(n_min=7)
    assert explore.k_limit(y, 1.0) == 6
    assert explore.k_limit(y, 1.0, k_max=4) == 4
    assert explore.k_limit(np.array([0] * 10 + [1]), 1.0) == 0


def test_neighbors_of_and_explain():
    X, y = _xy()
    res = explore.resample(X, y, k=5, ratio=1.0, seed=1)
    parent = int(res.provenance["parent"].iloc[0])
    nn = explore.neighbors_of(res, parent)
    assert len(nn) == 5 and int(res.provenance["neighbor"].iloc[0]) in nn and (y[nn] == y[parent]).all()
    table = explore.explain(res, 0, ["a", "b", "c"])
    assert list(table["feature"]) == ["a", "b", "c"]
    assert np.allclose(table["x (parent)"] + table["λ"] * table["x_nn − x"], table["x_new = x + λ·(x_nn − x)"])
    with pytest.raises(SmoteError, match="no synthetic point"):
        explore.explain(res, 10_000, ["a", "b", "c"])
    with pytest.raises(SmoteError, match="received no synthetic rows"):
        explore.neighbors_of(res, 0)


def test_prepare_frame_missing_values():
    df = pd.DataFrame({"a": [1.0, np.nan, 3, 4, 5, 6], "b": [1, 2, 3, 4, 5, 6], "t": ["x", "x", "x", "y", None, "y"]})
    with pytest.raises(SmoteError, match="drop those rows or fill"):
        prepare.prepare_frame(df, "t", ["a", "b"])
    out, msgs = prepare.prepare_frame(df, "t", ["a", "b"], missing="drop")
    assert len(out) == 4 and any("without a class label" in m for m in msgs)
    out, msgs = prepare.prepare_frame(df, "t", ["a", "b"], missing="median")
    assert len(out) == 5 and out["a"].iloc[1] == np.median([1, 3, 4, 6])


def test_prepare_frame_refuses_text_features_and_one_class():
    df = pd.DataFrame({"a": [1, 2, 3], "city": ["p", "q", "r"], "t": [0, 0, 1]})
    with pytest.raises(SmoteError, match="“city”.*not numeric"):
        prepare.prepare_frame(df, "t", ["a", "city"])
    with pytest.raises(SmoteError, match="only one class"):
        prepare.prepare_frame(df.assign(t=1), "t", ["a"])
    with pytest.raises(SmoteError, match="looks continuous"):
        prepare.prepare_frame(df.assign(t=np.linspace(0, 1, 3) + 0.123), "t", ["a"])


def test_resample_with_a_cleaning_variant_reports_removed_rows():
    from smote_core.samplers.registry import SMOTEENN

    X, y = _xy()
    res = explore.resample(X, y, k=3, ratio=1.0, seed=0, variant="smote_enn")
    ref = SMOTEENN(smote=SMOTE(k_neighbors=3, sampling_strategy={0: 80, 1: 80}, random_state=0))
    X_ref, y_ref = ref.fit_resample(X, y)
    assert len(res.removed_original) + len(res.removed_synthetic) == len(ref.removed_)
    assert res.n_synthetic == len(ref.smote_.provenance_)
    assert sum(res.counts_after.values()) == len(y_ref)
    kept = np.setdiff1d(np.arange(res.n_synthetic), res.removed_synthetic)
    assert np.array_equal(np.sort(X_ref[ref.provenance_["row"]], axis=0), np.sort(res.X_syn[kept], axis=0))
    with pytest.raises(SmoteError, match="no sampler"):
        explore.resample(X, y, k=3, ratio=1.0, seed=0, variant="nope")


def test_near_duplicate_labels_and_merging():
    labels = pd.Series(["fraud", "fraud", "Fraud ", "ok", "OK", "ok", None, 3])
    groups = prepare.near_duplicate_labels(labels)
    assert sorted(map(sorted, groups)) == [["Fraud ", "fraud"], ["OK", "ok"]]
    merged = prepare.merge_labels(labels, groups)
    assert list(merged[:6]) == ["fraud", "fraud", "fraud", "ok", "ok", "ok"] and merged.iloc[7] == 3
    assert prepare.near_duplicate_labels(["a", "b"]) == []


def test_projection_for_a_view_draws_raw_features_only_when_they_are_two_of_the_data():
    names = ["a", "b", "c"]
    assert explore.projection_for("raw", "c", "a", names) == ("raw", (2, 0))
    for fx, fy in (("a", "a"), ("a", "zz"), (None, None)):
        assert explore.projection_for("raw", fx, fy, names) == ("pca", None)
    assert explore.projection_for("tsne", "a", "b", names) == ("tsne", None)


class _Flat:
    """A stand-in for a fitted projection: the first two features, as they are."""

    axis_labels = ("f0", "f1")
    is_linear = True
    note = None

    def __init__(self, X):
        self.embedding = np.asarray(X)[:, :2]

    def linear_note(self):
        return None


def test_picture_checks_the_selection_and_draws_the_view():
    from smote_core.views.figures import ExploreFigureData, explore_figure

    X, y = _xy()
    res = explore.resample(X, y, k=3, ratio=1.0, seed=0, variant="smote")
    proj = _Flat(X)
    pic = explore.picture(res, proj, res.X_syn[:, :2], selected=4, max_segments=20, uirevision="u")
    assert pic.selected == 4 and np.array_equal(pic.knn, explore.neighbors_of(res, int(res.provenance["parent"][4])))
    assert pic.n_segments == 20 and pic.result is res and pic.projection is proj
    expected, _ = explore_figure(ExploreFigureData(
        orig_xy=proj.embedding, y=y, syn_xy=res.X_syn[:, :2], provenance=res.provenance, axis_labels=("f0", "f1"),
        max_segments=20, uirevision="u", selected=4, selected_knn=pic.knn, classes=[0, 1],
        removed_original=res.removed_original, removed_synthetic=res.removed_synthetic,
    ))
    assert pic.figure.to_json() == expected.to_json()
    for stale in (None, -1, res.n_synthetic):
        gone = explore.picture(res, proj, res.X_syn[:, :2], selected=stale)
        assert gone.selected is None and gone.knn is None
        assert not any((t.name or "").startswith("selected") for t in gone.figure.data)
    assert explore.picture_notes(pic) == [f"Showing segments for 20 of {res.n_synthetic:,} synthetic points "
                                          "(raise “Segments to draw” to see more)."]


def test_picture_layers_the_samplers_markers_before_the_pages():
    from smote_core.analysis import diagnostics

    X, y = _xy()
    res = explore.resample(X, y, k=3, ratio=1.0, seed=0, variant="borderline1")
    typology = diagnostics.minority_typology(X, y)
    extra = explore.typology_layers(typology)
    assert extra and all(layer.name.endswith(f"({len(layer.rows)})") for layer in extra)
    pic = explore.picture(res, _Flat(X), res.X_syn[:, :2], sampler_layers=True, layers=extra)
    names = [t.name for t in pic.figure.data]
    sampler = [layer.name for layer in explore.variant_layers(res)]
    assert sampler and names[-len(sampler) - len(extra):] == sampler + [layer.name for layer in extra]
    plain = explore.picture(res, _Flat(X), res.X_syn[:, :2])
    assert not set(sampler) & {t.name for t in plain.figure.data}


def test_class_order_and_counts_table_put_the_largest_class_first():
    X, y = _xy()
    res = explore.resample(X, y, k=3, ratio=0.5, seed=0)
    assert explore.class_order(res) == [0, 1]
    table = explore.counts_table(res)
    assert list(table.index) == ["0", "1"] and table.loc["1", "after"] == 40


def _resampled(variant, name="moons"):
    from smote_core.data.datasets import load_builtin

    ds = load_builtin(name)
    X, y = ds.frame.drop(columns=ds.target).to_numpy(float), ds.frame[ds.target].to_numpy()
    return explore.resample(X, y, k=5, ratio=1.0, seed=0, variant=variant), y


def test_prowsyn_and_safe_level_mark_the_levels_behind_their_weights():
    res, y = _resampled("prowsyn")
    minority = np.flatnonzero(y == "minority")
    levels = res.sampler.levels_["minority"]
    layers = {layer.name.split(" (")[0]: layer.rows for layer in explore.variant_layers(res)}
    assert np.array_equal(layers["proximity level 1, nearest the border"], minority[levels == 1])
    if (levels == 2).any():
        assert np.array_equal(layers["proximity level 2"], minority[levels == 2])
    res, y = _resampled("safe_level", "overlap")
    minority = np.flatnonzero(y == "minority")
    safe = res.sampler.safe_levels_["minority"]
    layers = {layer.name.split(":")[0]: layer.rows for layer in explore.variant_layers(res)}
    assert np.array_equal(layers["safe level 0"], minority[safe == 0]) and (safe == 0).any()
    assert np.array_equal(layers["safe level 1–2"], minority[(safe >= 1) & (safe <= 2)])


def test_lee_and_geometric_say_what_their_picture_cannot_show():
    from smote_core.views import projection

    for variant, said in (("lee", "Lee's SMOTE rejected"), ("geometric", "inside a region around its parent")):
        res, y = _resampled(variant, "overlap")
        proj = projection.fit_projection(res.X, "pca", random_state=0)
        notes = explore.picture_notes(explore.picture(res, proj, proj.transform(res.X_syn)))
        assert any(said in n for n in notes), notes
    res, _ = _resampled("lee", "overlap")
    assert f"rejected {len(res.sampler.rejected_):,} candidates" in " ".join(
        explore.picture_notes(explore.picture(res, proj, proj.transform(res.X_syn))))


def test_lees_rejected_candidates_are_drawn_where_they_would_have_been():
    from smote_core.samplers.smote import interpolate
    from smote_core.views import projection

    res, _ = _resampled("lee", "overlap")
    rejected = res.sampler.rejected_
    assert len(rejected)
    proj = projection.fit_projection(res.X, "pca", random_state=0)
    pic = explore.picture(res, proj, proj.transform(res.X_syn), sampler_layers=True)
    drawn = [t for t in pic.figure.data if t.name.startswith("rejected candidates")]
    assert len(drawn) == 1 and drawn[0].name == f"rejected candidates ({len(rejected):,})"
    where = proj.transform(interpolate(res.X, rejected["parent"].to_numpy(), rejected["neighbor"].to_numpy(),
                                       rejected["gap"].to_numpy()))
    np.testing.assert_allclose(np.column_stack([drawn[0].x, drawn[0].y]), where, rtol=1e-5, atol=1e-5)
    plain = explore.picture(res, proj, proj.transform(res.X_syn))  # without the sampler's layers: not drawn
    assert not any(t.name.startswith("rejected") for t in plain.figure.data)


def _polynom(topology, standardize=False, degree=2):
    from smote_core.data.datasets import load_builtin

    ds = load_builtin("moons")
    X, y = ds.frame.drop(columns=ds.target).to_numpy(float), ds.frame[ds.target].to_numpy()
    return explore.resample(X, y, k=5, ratio=1.0, seed=0, standardize=standardize, variant="polynom_fit",
                            params={"topology": topology, "degree": degree})


@pytest.mark.parametrize("standardize", [False, True])
@pytest.mark.parametrize("topology", ["star", "bus", "mesh", "polynomial"])
def test_polynomial_fit_smote_is_explained_by_what_made_each_point(topology, standardize):
    res = _polynom(topology, standardize)
    kind = {"star": "to_mean", "bus": "pair", "mesh": "pair", "polynomial": "curve"}[topology]
    assert set(res.kinds) == {kind} and not res.takes_k and res.interpolates
    assert explore.selection(res, 3) == (3, None)  # no neighbours were searched: none to ring
    i = 3
    p = res.provenance.iloc[i]
    table = explore.explain(res, i, ["x1", "x2"])
    said = explore.topology_sentence(res, i)
    mean = res.X[res.y == "minority"].mean(axis=0)
    if kind == "to_mean":
        assert list(table.columns) == ["feature", "x (parent)", "class mean", "class mean − x", "λ",
                                       "x_new = x + λ·(class mean − x)"]
        assert np.allclose(table["class mean"], mean)
        assert np.allclose(table["x (parent)"] + table["λ"] * table["class mean − x"], res.X_syn[i])
        assert f"between row {int(p['parent'])} and the class mean" in said and "neighbour row." in said
    elif kind == "pair":
        assert np.allclose(table["x_new = x + λ·(x_nn − x)"], res.X_syn[i])
        assert f"row **{int(p['neighbor'])}**" in said and ("next one" in said) == (topology == "bus")
    else:
        order = res.sampler.order_["minority"]
        lo = int(np.floor(p["position"]))
        assert list(table.columns)[1:3] == [f"row {order[lo]} (t = {lo})", f"row {order[lo + 1]} (t = {lo + 1})"]
        assert np.allclose(table.iloc[:, 3], res.X_syn[i])
        assert np.allclose(explore.curve_points(res, "minority", p["position"])[0], res.X_syn[i])
        assert "on the curve fitted through class minority** (no parent pair)" in said
        assert "λ" not in said and "neighbour" not in said
    if topology != "polynomial":  # linking is affine: with the z-scoring undone, the rows of the raw run
        assert np.allclose(res.X_syn, _polynom(topology).X_syn, atol=1e-9)


@pytest.mark.parametrize("topology", ["star", "bus", "mesh", "polynomial"])
def test_polynomial_fit_smote_draws_segments_only_for_pairs_and_its_star_and_curve_honestly(topology):
    from smote_core.views import projection

    res = _polynom(topology)
    proj = projection.fit_projection(res.X, "pca", random_state=0)
    pic = explore.picture(res, proj, proj.transform(res.X_syn), selected=0, sampler_layers=True)
    traces = {t.name: t for t in pic.figure.data}
    pairs = traces.get("parent → neighbour segments")
    assert (pairs is not None) == (topology in ("bus", "mesh"))
    assert ("parent → class mean" in traces) == ("class mean of minority" in traces) == (topology == "star")
    assert ("curve fitted through minority" in traces) == (topology == "polynomial")
    notes = " ".join(explore.picture_notes(pic))
    assert f"Polynomial-fit SMOTE ({topology})" in notes and "Showing segments" not in notes
    if topology == "star":  # every segment ends at the class mean, drawn as ✚
        mean_xy = proj.transform(res.X[res.y == "minority"].mean(axis=0)[None])[0]
        ends = np.column_stack([traces["parent → class mean"].x, traces["parent → class mean"].y])[1::3]
        assert np.allclose(ends, mean_xy, atol=1e-5) and pic.n_segments == res.n_synthetic
        assert np.allclose([traces["class mean of minority"].x[0], traces["class mean of minority"].y[0]], mean_xy)
        assert "chosen segment (to the mean)" in traces and "selected x_nn (neighbour)" not in traces
    if topology == "polynomial":  # no segment, no parent marked: the points lie on the drawn curve
        assert pic.n_segments == 0 and "selected x (parent)" not in traces and "chosen segment" not in traces
        assert "selected x_new (synthetic)" in traces
        t = res.provenance["position"].to_numpy()
        on_curve = proj.transform(explore.curve_points(res, "minority", t))
        assert np.allclose(on_curve, pic.syn_xy, atol=1e-9)
        hover = next(t for t in pic.figure.data if t.name == "minority (synthetic)").hovertemplate
        assert "no parent pair" in hover and "neighbour" not in hover
    if topology in ("bus", "mesh"):
        assert pic.n_segments == res.n_synthetic and "selected x_nn (neighbour)" in traces


def test_polynomial_rows_have_no_parents_to_count_and_no_lambda():
    res = _polynom("polynomial")
    found = explore.diagnose(res)
    assert found.usage is None and "No parents" in found.usage_note and found.gaps["count"] == 0
    star = explore.diagnose(_polynom("star"))
    assert star.usage_note is None and int(star.usage.loc["minority", "never_parent"]) == 0  # every sample linked


def test_the_birth_animation_starts_star_rows_at_their_parent_and_curve_rows_in_place():
    from smote_core.views import projection
    from smote_core.views.figures import birth_animation_figure

    for topology in ("star", "polynomial"):
        res = _polynom(topology)
        proj = projection.fit_projection(res.X, "pca", random_state=0)
        pic = explore.picture(res, proj, proj.transform(res.X_syn))
        fig, n = birth_animation_figure(proj.embedding, res.y, pic.syn_xy, res.provenance, syn_ends=pic.syn_ends)
        first = fig.frames[0].data
        segments = next(t for t in first if t.name == "parent → neighbour (being born)")
        assert (len(segments.x) > 0) == (topology == "star")
        last = fig.frames[-1].data[1]  # every point landed
        assert np.allclose(np.column_stack([last.x, last.y]), pic.syn_xy[np.sort(np.arange(n))], atol=1e-4)
