"""Geometric SMOTE on Explore (issue #17): the region the selected point was drawn from, drawn in linear views."""

import numpy as np
import pytest

from apptest import _app, _arr, _figure, _no_exceptions
from smote_core.views.figures import REGION_NAME


def _regions(at) -> list:
    return [t for t in _figure(at)["data"] if t.get("name") == REGION_NAME]


@pytest.mark.parametrize("projection", ["raw", "pca"])
def test_the_selected_points_region_is_drawn_around_its_parent(projection):
    at = _app(dataset="moons", variant="geometric", projection=projection, point=0)
    _no_exceptions(at)
    regions = _regions(at)
    assert len(regions) == 1 and len(_arr(regions[0]["x"])) == 73
    data = _figure(at)["data"]
    parent = next(t for t in data if t.get("name") == "selected x (parent)")
    new = next(t for t in data if t.get("name") == "selected x_new (synthetic)")
    outline = np.column_stack([_arr(regions[0]["x"]), _arr(regions[0]["y"])]).astype(float)
    # the parent and the new point are within the outline's reach (the default truncation keeps the half of the
    # sphere facing the surface point: the parent is on its flat side)
    lo, hi = outline.min(axis=0), outline.max(axis=0)
    for point in (parent, new):
        xy = np.array([_arr(point["x"])[0], _arr(point["y"])[0]], dtype=float)
        assert (xy >= lo - 1e-4).all() and (xy <= hi + 1e-4).all()
    assert any(REGION_NAME in c.value for c in at.caption)


def test_no_region_without_a_selection_or_for_smote():
    _no_exceptions(at := _app(dataset="moons", variant="geometric", projection="raw"))
    assert _regions(at) == []
    _no_exceptions(at := _app(dataset="moons", variant="smote", projection="raw", point=0))
    assert _regions(at) == []
