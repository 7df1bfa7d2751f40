"""The picture's ``uirevision`` (smote_core.views.keep_view.revision): the zoom a person chose is put back on a new
plot with the same one, so it must name the picture — the data, the projection drawn, its features and units — and
nothing that is resampled."""

import pytest

from smote_core.views.keep_view import KEEP_VIEW_JS, PREFIX, revision

BASE = dict(place="explore", data_key="builtin:moons", method="pca", features=None, units="z")


def _rev(**changes) -> str:
    return revision(**{**BASE, **changes})


@pytest.mark.parametrize("changes", [
    dict(data_key="builtin:blobs"),  # other data
    dict(data_key="builtin:moons:n=2000"),  # the same toy, generated bigger
    dict(method="tsne"),  # another projection …
    dict(method="pca3d"),  # … or the same in 3-D
    dict(units="raw"),  # the same projection in raw units
    dict(place="compare|smote"),  # another plot
])
def test_another_picture_has_another_revision(changes):
    assert _rev(**changes) != _rev()


def test_the_raw_views_differ_by_their_features_and_ignore_the_units_they_never_use():
    raw = _rev(method="raw", features=(0, 1))
    assert raw != _rev(method="raw", features=(1, 0)) != _rev(method="raw", features=(0, 2))
    assert raw == _rev(method="raw", features=(0, 1), units="raw")  # a raw-feature view is always in raw units
    assert _rev(method="raw3d", features=(0, 1, 2)) != _rev(method="raw3d", features=(0, 1, 3))
    assert _rev(method="pca", features=(0, 1)) == _rev()  # PCA uses every feature: the choice is not its own


def test_every_revision_is_marked_for_the_script_and_only_those_are_kept():
    assert _rev().startswith(PREFIX) and _rev(method="raw", features=(0, 1)).startswith(PREFIX)
    assert f"'{PREFIX}'" in KEEP_VIEW_JS  # the script leaves plots without the mark (the animation) alone
    assert "unsafe" not in KEEP_VIEW_JS and "innerHTML" not in KEEP_VIEW_JS  # it writes nothing into the page
