"""Geometric SMOTE's region drawn for the selected point (issue #17): exact, in the picture's units, linear 2-D only."""

import dataclasses

import numpy as np
import pytest

from smote_core.samplers.geometric import GeometricSMOTE
from smote_core.views import explore, projection
from smote_core.views.figures import REGION_NAME


def _xy(seed=0):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(0, 1, (60, 3)), rng.normal(1.5, 1, (15, 3))]) * [1, 20, 0.1]
    return X, np.array([0] * 60 + [1] * 15)


def _geometric(truncation=0.0, deformation=0.0, standardize=False):
    X, y = _xy()
    return explore.resample(X, y, k=4, ratio=1.0, seed=1, standardize=standardize, variant="geometric",
                            params={"truncation_factor": truncation, "deformation_factor": deformation})


def _in_sampler_units(res, points, i):
    """Offsets from the parent of point ``i`` in the units the sampler drew in, over its radius."""
    p = res.provenance.iloc[i]
    scale = res.zscore[1] if res.zscore is not None else 1.0
    return (points - res.X[int(p["parent"])]) / scale / float(p["radius"])


def _regions(fig):
    return [t for t in fig.data if t.name == REGION_NAME]


@pytest.mark.parametrize("standardize_sampler, standardize_picture, method",
                         [(False, False, "pca"), (False, True, "pca"), (True, False, "pca"), (True, True, "raw"),
                          (False, False, "raw")])
def test_the_whole_spheres_outline_passes_through_points_at_its_radius(standardize_sampler, standardize_picture,
                                                                        method):
    res = _geometric(standardize=standardize_sampler)
    proj = projection.fit_projection(res.X, method, features=(0, 1) if method == "raw" else None,
                                     standardize=standardize_picture)
    i = 3
    points = explore.region_points(res, proj, i)
    assert points.shape == (explore.REGION_VERTICES, 3)
    assert np.allclose(np.linalg.norm(_in_sampler_units(res, points, i), axis=1), 1.0)
    outline = explore.region_outline(res, proj, i)
    assert outline.shape == (explore.REGION_VERTICES + 1, 2) and np.array_equal(outline[0], outline[-1])
    assert np.allclose(outline[:-1], proj.transform(points))
    # the outline is the boundary of the sphere's projection: along each of its directions (72, evenly spread) it
    # reaches as far as the farthest of many points of the sphere, and no point of the sphere goes beyond it
    rng = np.random.RandomState(0)
    u = rng.normal(size=(20_000, 3))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    p = res.provenance.iloc[i]
    scale = res.zscore[1] if res.zscore is not None else 1.0
    sphere = proj.transform(res.X[int(p["parent"])] + scale * float(p["radius"]) * u)
    centre = proj.transform(res.X[int(p["parent"])][None])[0]
    angles = np.linspace(0, 2 * np.pi, explore.REGION_VERTICES, endpoint=False)[::6]
    for w in np.column_stack([np.cos(angles), np.sin(angles)]):
        reach, most = (outline - centre) @ w, (sphere - centre) @ w
        assert most.max() <= reach.max() * (1 + 1e-9) and most.max() >= reach.max() * 0.99


def test_in_raw_features_without_scaling_the_outline_is_a_circle_of_the_radius():
    res = _geometric()
    proj = projection.fit_projection(res.X, "raw", features=(0, 2))
    p = res.provenance.iloc[0]
    outline = explore.region_outline(res, proj, 0)
    centre = res.X[int(p["parent"]), [0, 2]]
    assert np.allclose(np.linalg.norm(outline - centre, axis=1), p["radius"])


@pytest.mark.parametrize("truncation, deformation", [(1.0, 0.0), (0.5, 0.4), (-0.6, 0.0), (0.0, 1.0), (1.0, 0.7)])
def test_a_truncated_deformed_region_is_drawn_as_it_is_and_holds_the_points_drawn_from_it(truncation, deformation):
    res = _geometric(truncation, deformation)
    proj = projection.fit_projection(res.X, "pca")
    p = res.provenance
    syn_xy = proj.transform(res.X_syn)
    for i in range(5):
        points = explore.region_points(res, proj, i)
        u = _in_sampler_units(res, points, i)
        e = res.X[int(p["neighbor"].iloc[i])] - res.X[int(p["parent"].iloc[i])]
        e /= np.linalg.norm(e)
        a = u @ e
        across = np.linalg.norm(u - a[:, None] * e, axis=1)
        # every point lies in the region as the sampler documents it, and on its boundary
        if deformation < 1:
            assert (a ** 2 + (across / (1 - deformation)) ** 2 <= 1 + 1e-9).all()
        else:
            assert np.allclose(across, 0) and (np.abs(a) <= 1 + 1e-9).all()
        if deformation < 1:  # on the boundary: on the deformed sphere, or on the truncation's cut
            cut = truncation - 1 if truncation > 0 else truncation + 1
            on = np.isclose(a ** 2 + (across / (1 - deformation)) ** 2, 1) | (np.isclose(a, cut) & (truncation != 0))
            assert on.all()
        if truncation > 0:
            assert (a >= truncation - 1 - 1e-9).all()
        if truncation < 0:
            assert (a <= truncation + 1 + 1e-9).all()
        # the synthetic point lies inside the (convex) outline drawn for it
        outline = explore.region_outline(res, proj, i)
        edges = np.diff(outline, axis=0)
        to_point = syn_xy[i] - outline[:-1]
        cross = edges[:, 0] * to_point[:, 1] - edges[:, 1] * to_point[:, 0]
        size = np.abs(outline).max()
        assert (cross >= -1e-9 * size ** 2).all() or (cross <= 1e-9 * size ** 2).all()
    # the kept part is smaller than the sphere's outline; a half sphere keeps at least half of the area
    whole = dataclasses.replace(res, sampler=GeometricSMOTE(truncation_factor=0.0, deformation_factor=0.0))
    kept, sphere = _area(explore.region_outline(res, proj, 0)), _area(explore.region_outline(whole, proj, 0))
    assert kept < sphere * (1 - 1e-3)
    if abs(truncation) == 1 and not deformation:
        assert kept >= sphere / 2 * (1 - 1e-2)


def _area(outline):
    x, y = outline[:, 0], outline[:, 1]
    return abs(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1])) / 2


def test_only_the_selected_geometric_point_in_a_linear_2d_view_gets_its_region():
    res = _geometric(1.0, 0.0)
    pca = projection.fit_projection(res.X, "pca")
    syn = pca.transform(res.X_syn)
    assert _regions(explore.picture(res, pca, syn).figure) == []  # no selection
    drawn = _regions(explore.picture(res, pca, syn, selected=2).figure)
    assert len(drawn) == 1 and len(drawn[0].x) == explore.REGION_VERTICES + 1
    assert np.allclose(np.column_stack([drawn[0].x, drawn[0].y]), explore.region_outline(res, pca, 2), atol=1e-4)
    notes = " ".join(explore.picture_notes(explore.picture(res, pca, syn, selected=2)))
    assert REGION_NAME in notes and "truncated toward or away" in notes
    tsne = projection.fit_projection(res.X, "tsne", random_state=0)
    pic = explore.picture(res, tsne, tsne.transform(res.X_syn), selected=2)
    assert _regions(pic.figure) == [] and explore.region_points(res, tsne, 2) is None
    assert any("drawn in the 2-D PCA and raw-feature views only" in n for n in explore.picture_notes(pic))
    X, y = _xy()
    smote = explore.resample(X, y, k=4, ratio=1.0, seed=1)
    assert _regions(explore.picture(smote, pca, pca.transform(smote.X_syn), selected=2).figure) == []
    assert explore.region_points(smote, pca, 2) is None
    pca3 = projection.fit_projection(res.X, "pca3d")
    assert explore.region_points(res, pca3, 2) is None
