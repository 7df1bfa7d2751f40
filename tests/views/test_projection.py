"""smote_core.projection: fitted on the originals only, synthetic rows placed with transform.

PCA and raw are checked exactly (a synthetic point lands on its projected segment at the same λ). t-SNE and
UMAP are fitted once per module on 200 rows (UMAP's first fit pays numba's compilation) and checked for
shape, determinism, sensible placement of new points, and the sampling note.
"""

from __future__ import annotations

import numpy as np
import pytest

from smote_core._validation import SmoteError
from smote_core.views.projection import (
    MAX_FIT_ROWS,
    METHODS,
    MIN_ROWS_NONLINEAR,
    NONLINEAR_NOTE,
    PROJECTION_LABELS,
    Projection,
    fit_projection,
    project_resampled,
)

SEGMENT_TEXT = "not linear: distances and gaps in this picture are not the distances SMOTE used. Each segment is drawn"


def _blobs(n=200, d=5, seed=0):
    """Three well-separated Gaussian blobs in d dimensions, and the blob of each row."""
    rng = np.random.RandomState(seed)
    centres = rng.normal(0, 6, (3, d))
    labels = np.arange(n) % 3
    return centres[labels] + rng.normal(size=(n, d)), labels


def _smote_like(X, n_syn, seed=1):
    """Synthetic rows x + λ(x_nn − x) with their parents, neighbours and λ, as SMOTE makes them."""
    rng = np.random.RandomState(seed)
    parent = rng.randint(len(X), size=n_syn)
    neighbour = (parent + 1 + rng.randint(len(X) - 1, size=n_syn)) % len(X)
    lam = rng.uniform(size=n_syn)
    return X[parent] + lam[:, None] * (X[neighbour] - X[parent]), parent, neighbour, lam


def _assert_on_segments(proj, X):
    X_syn, parent, neighbour, lam = _smote_like(X, 300)
    xy = proj.transform(X_syn)
    p, q = proj.embedding[parent], proj.embedding[neighbour]
    np.testing.assert_allclose(xy, p + lam[:, None] * (q - p), rtol=1e-9, atol=1e-9)


# ---------------------------------------------------------------------------------------------- module data
@pytest.fixture(scope="module")
def blobs():
    return _blobs()


@pytest.fixture(scope="module")
def tsne(blobs):
    X, _ = blobs
    messages = []
    proj = fit_projection(X, "tsne", random_state=0, progress=messages.append)
    return proj, messages


@pytest.fixture(scope="module")
def umap_proj(blobs):
    """The one full UMAP fit of the module (the first in the process compiles numba code, ~10-20 s)."""
    X, _ = blobs
    messages = []
    proj = fit_projection(X, "umap", random_state=0, progress=messages.append)
    return proj, messages


# ---------------------------------------------------------------------------------------------- constants
def test_methods_and_labels():
    assert METHODS == ("pca", "tsne", "umap", "raw", "pca3d", "umap3d", "raw3d")  # the 3-D ones: test_three_d.py
    assert set(PROJECTION_LABELS) == set(METHODS)
    assert PROJECTION_LABELS["tsne"] == "t-SNE" and PROJECTION_LABELS["umap"] == "UMAP"
    assert SEGMENT_TEXT in NONLINEAR_NOTE
    # the documented default is the constant (t-SNE and UMAP fit every row up to it, then a sample)
    assert f"max_fit_rows : int, default {MAX_FIT_ROWS}" in fit_projection.__doc__


# ---------------------------------------------------------------------------------------------- PCA
def test_pca_synthetic_point_lies_on_projected_segment_at_same_lambda(blobs):
    X, _ = blobs
    proj = fit_projection(X, "pca")
    assert proj.is_linear and proj.linear_note() is None and proj.note is None
    _assert_on_segments(proj, X)


def test_pca_embedding_matches_sklearn_and_axis_labels_give_variance(blobs):
    from sklearn.decomposition import PCA

    X, _ = blobs
    proj = fit_projection(X, "pca")
    ref = PCA(2).fit(X)
    assert proj.method == "pca"
    assert proj.embedding.shape == (len(X), 2) and proj.embedding.dtype == np.float64
    np.testing.assert_allclose(proj.embedding, ref.transform(X), atol=1e-9)
    pct = np.round(ref.explained_variance_ratio_ * 100).astype(int)
    assert proj.axis_labels == (f"PC1 ({pct[0]}% of variance)", f"PC2 ({pct[1]}% of variance)")


def test_pca_with_one_feature_pads_a_zero_second_axis():
    x = np.array([[1.0], [2.0], [4.0], [7.0]])
    proj = fit_projection(x, "pca")
    assert proj.embedding.shape == (4, 2)
    assert np.all(proj.embedding[:, 1] == 0)
    np.testing.assert_allclose(np.abs(proj.embedding[:, 0]), np.abs(x[:, 0] - x.mean()))
    assert proj.axis_labels[0] == "PC1 (100% of variance)" and "none" in proj.axis_labels[1]
    _assert_on_segments(proj, x)


def test_pca_degenerate_data_does_not_crash():
    one_row = fit_projection(np.array([[1.0, 2.0, 3.0]]), "pca")
    assert one_row.embedding.shape == (1, 2)
    same = fit_projection(np.ones((6, 3)), "pca")
    assert np.all(same.embedding == 0) and np.all(np.isfinite(same.transform(np.ones((2, 3)))))
    two_rows = fit_projection(np.array([[0.0, 0.0], [1.0, 2.0]]), "pca")
    assert np.all(np.isfinite(two_rows.embedding)) and "nan" not in " ".join(two_rows.axis_labels)


def test_pca_is_deterministic_and_the_embedding_is_read_only(blobs):
    X, _ = blobs
    a, b = fit_projection(X, "pca"), fit_projection(X, "pca")
    assert np.array_equal(a.embedding, b.embedding)
    with pytest.raises(ValueError):
        a.embedding[0, 0] = 99.0


# ---------------------------------------------------------------------------------------------- raw
def test_raw_picks_the_right_columns_and_names():
    X = np.arange(20, dtype=float).reshape(4, 5) ** 1.5
    proj = fit_projection(X, "raw", features=(3, 1), feature_names=["a", "b", "c", "d", "e"])
    np.testing.assert_array_equal(proj.embedding, X[:, [3, 1]])
    assert proj.axis_labels == ("d", "b")
    assert proj.is_linear and proj.linear_note() is None
    np.testing.assert_array_equal(proj.transform(X[::-1] + 1), X[::-1][:, [3, 1]] + 1)
    default = fit_projection(X, "raw")
    np.testing.assert_array_equal(default.embedding, X[:, [0, 1]])
    assert default.axis_labels == ("feature 0", "feature 1")


def test_raw_synthetic_point_lies_on_projected_segment(blobs):
    X, _ = blobs
    _assert_on_segments(fit_projection(X, "raw", features=(4, 2)), X)


@pytest.mark.parametrize(
    "features, words",
    [((1, 1), "two different features"), ((0, 5), "0 to 4"), ((-1, 0), "0 to 4"), ((0,), "two column"),
     ((0.5, 1), "0 to 4")],
)
def test_raw_rejects_bad_features(features, words):
    with pytest.raises(SmoteError, match=words):
        fit_projection(np.zeros((4, 5)), "raw", features=features)


def test_raw_needs_two_columns():
    with pytest.raises(SmoteError, match="PCA"):
        fit_projection(np.zeros((4, 1)), "raw")


# ---------------------------------------------------------------------------------------------- project_resampled
def test_project_resampled_keeps_the_stored_originals_and_transforms_only_the_rest(blobs):
    X, _ = blobs
    proj = fit_projection(X, "pca")
    before = proj.embedding.copy()
    X_syn = _smote_like(X, 50)[0]
    seen = []
    real = proj._transformer

    class Spy:
        def transform(self, Z):
            seen.append(Z.copy())
            return real.transform(Z)

    proj._transformer = Spy()
    xy = project_resampled(proj, np.vstack([X, X_syn]), len(X))
    assert xy.shape == (len(X) + 50, 2)
    assert np.array_equal(xy[: len(X)], before) and np.array_equal(proj.embedding, before)
    assert len(seen) == 1 and np.array_equal(seen[0], X_syn), "only the synthetic rows may be transformed"
    np.testing.assert_allclose(xy[len(X):], real.transform(X_syn))


def test_project_resampled_with_no_synthetic_rows(blobs):
    X, _ = blobs
    proj = fit_projection(X, "pca")
    xy = project_resampled(proj, X, len(X))
    assert np.array_equal(xy, proj.embedding)
    assert proj.transform(np.empty((0, X.shape[1]))).shape == (0, 2)


def test_project_resampled_checks_n_orig(blobs):
    X, _ = blobs
    proj = fit_projection(X, "pca")
    with pytest.raises(SmoteError, match="n_orig"):
        project_resampled(proj, X, len(X) - 1)
    with pytest.raises(SmoteError, match="fewer than"):
        project_resampled(proj, X[:10], len(X))


# ---------------------------------------------------------------------------------------------- validation
def test_unknown_method_lists_the_methods():
    with pytest.raises(SmoteError) as err:
        fit_projection(np.zeros((10, 3)), "lda")
    for m in METHODS:
        assert repr(m) in str(err.value)


@pytest.mark.parametrize("method", ["tsne", "umap"])
def test_too_few_rows_for_nonlinear_suggests_pca(method):
    with pytest.raises(SmoteError, match="PCA") as err:
        fit_projection(np.random.RandomState(0).normal(size=(MIN_ROWS_NONLINEAR - 1, 3)), method)
    assert f"at least {MIN_ROWS_NONLINEAR} rows" in str(err.value)


@pytest.mark.parametrize("method", METHODS)
def test_nan_is_rejected_with_what_to_do(method):
    X = np.ones((10, 3))
    X[4, 2] = np.nan
    with pytest.raises(SmoteError, match=r"NaN.*column\(s\) 2.*impute"):
        fit_projection(X, method)


@pytest.mark.parametrize(
    "kwargs, words",
    [({"X": np.ones(5)}, "reshape"), ({"X": np.empty((0, 3))}, "no rows"), ({"X": [["a", "b"]]}, "non-numeric"),
     ({"feature_names": ["a"]}, "one name per column"), ({"random_state": -1}, "random_state"),
     ({"random_state": None}, "random_state"), ({"method": "tsne", "max_fit_rows": 2}, "max_fit_rows")],
)
def test_bad_arguments_raise_smote_error(kwargs, words):
    args = {"X": np.random.RandomState(0).normal(size=(10, 3)), "method": "pca", **kwargs}
    with pytest.raises(SmoteError, match=words):
        fit_projection(args.pop("X"), args.pop("method"), **args)


def test_transform_checks_its_input(blobs):
    X, _ = blobs
    proj = fit_projection(X, "pca")
    with pytest.raises(SmoteError, match="same columns"):
        proj.transform(X[:, :3])
    with pytest.raises(SmoteError, match="NaN"):
        proj.transform(np.full((2, X.shape[1]), np.nan))


# ---------------------------------------------------------------------------------------------- t-SNE and UMAP
def _check_nonlinear(proj, X, labels, method):
    assert isinstance(proj, Projection) and proj.method == method
    assert proj.embedding.shape == (len(X), 2) and proj.embedding.dtype == np.float64
    assert np.all(np.isfinite(proj.embedding))
    assert not proj.is_linear and proj.note is None and proj.fit_rows is None
    label = PROJECTION_LABELS[method]
    assert proj.axis_labels == (f"{label} 1", f"{label} 2")
    assert proj.linear_note().startswith(label) and SEGMENT_TEXT in proj.linear_note()
    # The blobs stay apart: each point's nearest embedded neighbour is in its own blob.
    dist = np.linalg.norm(proj.embedding[:, None] - proj.embedding[None], axis=2)
    np.fill_diagonal(dist, np.inf)
    assert np.mean(labels[dist.argmin(axis=1)] == labels) > 0.95


def _check_placement(proj, X):
    """New points just next to originals land next to those originals, in the originals' frame."""
    jitter = X + np.random.RandomState(5).normal(0, 0.05, X.shape)
    xy = proj.transform(jitter)
    assert xy.shape == (len(X), 2) and np.all(np.isfinite(xy))
    E = proj.embedding
    pair = np.linalg.norm(E[:, None] - E[None], axis=2)
    moved = np.linalg.norm(xy - E, axis=1)
    assert np.median(moved) < 0.1 * np.median(pair), "placed points drifted away from their originals"
    # The nearest embedded original of each placed point is among its source's 15 nearest embedded originals.
    near15 = np.argsort(pair, axis=1)[:, :16]
    nearest = np.linalg.norm(xy[:, None] - E[None], axis=2).argmin(axis=1)
    assert np.mean([nearest[i] in near15[i] for i in range(len(X))]) > 0.75


def test_tsne_shape_labels_and_layout(tsne, blobs):
    proj, messages = tsne
    _check_nonlinear(proj, *blobs, "tsne")
    assert messages == ["Fitting t-SNE on 200 rows…"]


def test_tsne_places_near_neighbours_near_the_originals(tsne, blobs):
    proj, _ = tsne
    _check_placement(proj, blobs[0])
    # openTSNE re-centres its reference embedding in place on transform; the stored coordinates must agree.
    assert np.array_equal(np.asarray(proj._transformer.embedding), proj.embedding)


def test_tsne_is_deterministic_for_a_seed(tsne, blobs):
    X, _ = blobs
    proj, _ = tsne
    again = fit_projection(X, "tsne", random_state=0)
    assert np.array_equal(again.embedding, proj.embedding)
    assert not np.allclose(fit_projection(X, "tsne", random_state=1).embedding, proj.embedding)
    X_syn = _smote_like(X, 20)[0]
    assert np.array_equal(again.transform(X_syn), proj.transform(X_syn))


def test_umap_shape_labels_and_layout(umap_proj, blobs):
    proj, messages = umap_proj
    _check_nonlinear(proj, *blobs, "umap")
    assert len(messages) == 1 and messages[0].startswith("Fitting UMAP on 200 rows…")


def test_umap_places_near_neighbours_near_the_originals(umap_proj, blobs):
    _check_placement(umap_proj[0], blobs[0])


def test_umap_is_deterministic_for_a_seed(umap_proj, blobs):
    X, _ = blobs
    proj, _ = umap_proj
    again = fit_projection(X, "umap", random_state=0)  # compiled by now: well under a second
    assert np.array_equal(again.embedding, proj.embedding)
    X_syn = _smote_like(X, 20)[0]
    assert np.array_equal(again.transform(X_syn), proj.transform(X_syn))


@pytest.mark.parametrize("method", ["tsne", "umap"])
def test_sampling_note_when_more_rows_than_max_fit_rows(method, blobs, umap_proj):
    X, _ = blobs
    X = X[:90]
    messages = []
    proj = fit_projection(X, method, random_state=3, max_fit_rows=60, progress=messages.append)
    label = PROJECTION_LABELS[method]
    assert proj.note == f"{label} was fitted on a sample of 60 of 90 rows; the rest were placed with transform."
    assert proj.embedding.shape == (90, 2) and np.all(np.isfinite(proj.embedding))
    assert len(proj.fit_rows) == 60 and np.all(np.diff(proj.fit_rows) > 0)
    rest = np.setdiff1d(np.arange(90), proj.fit_rows)
    np.testing.assert_allclose(proj.embedding[rest], proj.transform(X[rest]), atol=1e-9)
    assert messages[0].startswith(f"Fitting {label} on 60 rows…")
    assert messages[1] == "Placing the other 30 rows with transform…"
    again = fit_projection(X, method, random_state=3, max_fit_rows=60)
    assert np.array_equal(again.fit_rows, proj.fit_rows) and np.array_equal(again.embedding, proj.embedding)
    # No note when everything fits.
    assert fit_projection(X[:40], method, random_state=3, max_fit_rows=60).note is None


@pytest.mark.parametrize("method", ["tsne", "umap"])
def test_smallest_nonlinear_fit_works(method, umap_proj):
    X = np.random.RandomState(0).normal(size=(MIN_ROWS_NONLINEAR, 3))
    proj = fit_projection(X, method)
    assert proj.embedding.shape == (MIN_ROWS_NONLINEAR, 2) and np.all(np.isfinite(proj.embedding))
    assert np.all(np.isfinite(proj.transform(X + 0.01)))


def test_numba_cache_dir_and_background_warm_up():
    import os
    import subprocess
    import sys

    code = (
        "import os; from smote_core.views import projection as p; print(os.environ['NUMBA_CACHE_DIR']); "
        "t = p.warm_up_in_background(); assert p.warm_up_in_background() is t; t.join(); "
        "print(p._umap_compiled)"
    )
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]))
    assert out.returncode == 0, out.stderr
    cache_dir, compiled = out.stdout.split()
    assert cache_dir.endswith(os.path.join("smote-explorer", "numba")) and compiled == "True"
    assert any(os.scandir(cache_dir))  # pynndescent's kernels were written to the disk cache
