"""Explore in three dimensions through Streamlit's AppTest: PCA 3-D, UMAP 3-D, three raw features (#16 part 3)."""

import pytest

from apptest import _app, _arr, _figure, _no_exceptions, _synthetic_count

NOTE = "Rotate with the mouse"


def _types(fig) -> set:
    return {t["type"] for t in fig["data"]}


def _named(fig) -> dict:
    return {t.get("name"): t for t in fig["data"]}


def _scene_titles(fig) -> tuple:
    scene = fig["layout"]["scene"]
    return tuple(scene[a]["title"]["text"] for a in ("xaxis", "yaxis", "zaxis"))


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def test_pca_3d_draws_a_rotatable_scene_with_the_variance_on_its_axes():
    at = _app(dataset="breast_cancer", projection="pca3d", k=5)
    _no_exceptions(at)
    fig = _figure(at)
    assert _types(fig) == {"scatter3d"}
    t = _named(fig)
    assert len(_arr(t["benign (original)"]["x"])) == 357 and len(_arr(t["malignant (original)"]["z"])) == 212
    assert len(_arr(t["malignant (synthetic)"]["z"])) == _synthetic_count(at) == 145
    seg = _arr(t["parent → neighbour segments"]["z"])
    assert len(seg) == 3 * 145 and all(v != v for v in seg[2::3])  # one trace, NaN between segments
    titles = _scene_titles(fig)
    assert [s.split(" ")[0] for s in titles] == ["PC1", "PC2", "PC3"]
    assert all(s.endswith("% of variance, standardised)") for s in titles), titles
    layout = fig["layout"]
    assert layout["uirevision"] == layout["scene"]["uirevision"]  # the camera stays across reruns
    assert NOTE in _captions(at) and "by its number" in _captions(at)
    assert at.selectbox(key="w_projection").value == "pca3d"
    offered = at.selectbox(key="w_projection").options  # as the box shows them
    assert {"PCA 3-D", "UMAP 3-D", "Three features (3-D)"} <= set(offered)
    assert at.query_params["projection"] in (["pca3d"], "pca3d")


def test_three_raw_features_default_to_the_first_three_and_never_repeat_one():
    at = _app(dataset="breast_cancer", projection="raw3d")
    _no_exceptions(at)
    fx, fy, fz = (at.selectbox(key=k) for k in ("w_fx", "w_fy", "w_fz"))
    assert (fx.value, fy.value, fz.value) == ("mean radius", "mean texture", "mean perimeter")
    assert fx.value not in fz.options and fy.value not in fz.options and fx.value not in fy.options
    fig = _figure(at)
    assert _types(fig) == {"scatter3d"} and _scene_titles(fig) == ("mean radius", "mean texture", "mean perimeter")
    assert at.query_params["fz"] in (["mean perimeter"], "mean perimeter")
    fz.set_value("mean area").run()
    _no_exceptions(at)
    assert _scene_titles(_figure(at))[2] == "mean area"
    assert at.query_params["fz"] in (["mean area"], "mean area")
    # a link naming the same feature twice gets three different ones
    at = _app(dataset="breast_cancer", projection="raw3d", fx="mean area", fy="mean area", fz="mean area")
    _no_exceptions(at)
    shown = [at.selectbox(key=k).value for k in ("w_fx", "w_fy", "w_fz")]
    assert shown[0] == "mean area" and len(set(shown)) == 3


def test_three_raw_features_on_two_feature_data_fall_back_with_a_message():
    at = _app(dataset="moons", projection="raw3d")
    _no_exceptions(at)
    said = " ".join(w.value for w in at.warning)
    assert "needs at least three feature columns" in said and "this data has 2" in said
    box = at.selectbox(key="w_projection")
    assert "Three features (3-D)" not in box.options and box.value == "raw"
    assert _types(_figure(at)) == {"scatter"}


def test_the_boundary_and_the_animation_say_they_are_2d_only_and_are_skipped():
    at = _app(dataset="moons", projection="pca3d", boundary="logreg", animate=1)
    _no_exceptions(at)
    fig = _figure(at)
    assert _types(fig) == {"scatter3d"}  # no heatmap, no contour
    import json

    assert not any(json.loads(c.proto.spec).get("frames") for c in at.get("plotly_chart"))  # no animation either
    text = _captions(at)
    assert "Decision boundaries are drawn in the 2-D views" in text
    assert "The animation plays in the 2-D views" in text


def test_a_point_chosen_by_its_number_is_highlighted_in_3d():
    at = _app(dataset="breast_cancer", projection="pca3d", k=3)
    at.number_input(key="w_pick").set_value(7).run()
    _no_exceptions(at)
    assert any("Synthetic point **#7**" in m.value for m in at.markdown)
    t = _named(_figure(at))
    for name in ("selected x (parent)", "selected x_nn (neighbour)", "selected x_new (synthetic)", "chosen segment"):
        assert t[name]["type"] == "scatter3d" and len(t[name]["z"]) >= 1
    assert "In 3-D, choose a synthetic point by its number here" in _captions(at)
    assert at.query_params["point"] in (["7"], "7")  # the link keeps the point, as in 2-D


def test_moving_k_in_3d_never_fits_the_projection_again(monkeypatch):
    from pages import _shared
    from smote_core.views import projection

    fits = []
    real = projection.fit_projection

    def counting(X, method, **kwargs):
        fits.append(method)
        return real(X, method, **kwargs)

    monkeypatch.setattr(projection, "fit_projection", counting)
    _shared.forget_everything()
    at = _app(dataset="breast_cancer", projection="pca3d", k=5)
    for k in (2, 9, 4):
        at.slider(key="w_k").set_value(k).run()
        _no_exceptions(at)
    assert fits.count("pca3d") == 1, fits
    assert _types(_figure(at)) == {"scatter3d"}


def test_umap_3d_is_fitted_once_in_the_background_while_pca_3d_stands_in(monkeypatch):
    import time

    from smote_core.views import background

    pool = background.Fits()
    monkeypatch.setattr(background, "fits", lambda: pool)
    try:
        at = _app(dataset="moons", projection="umap3d", k=4)
        _no_exceptions(at)
        fig = _figure(at)
        assert _types(fig) == {"scatter3d"}
        assert fig["layout"]["title"]["text"] == "PCA 3-D, standing in while UMAP 3-D is computed"
        assert any("UMAP 3-D is being computed" in p.proto.text for p in at.get("progress"))
        pool.get(("builtin:moons", "umap3d", "z")).result(timeout=300)
        for _ in range(240):
            at.run()
            if not (_figure(at)["layout"].get("title") or {}).get("text"):
                break
            time.sleep(0.5)
        _no_exceptions(at)
        fig = _figure(at)
        assert _scene_titles(fig) == ("UMAP 1 (standardised)", "UMAP 2 (standardised)", "UMAP 3 (standardised)")
        assert "UMAP 3-D is not linear" in _captions(at)
        links = {e.proto.label: e.proto.query_string for e in at.get("page_link")}
        to_pca = [q for label, q in links.items() if "PCA view" in label]
        to_pca3d = [q for label, q in links.items() if "PCA 3-D" in label]
        assert len(to_pca) == 1 and "projection=pca&" in to_pca[0] + "&"
        assert len(to_pca3d) == 1 and "projection=pca3d" in to_pca3d[0]
        at.slider(key="w_k").set_value(2).run()
        _no_exceptions(at)
        assert pool.get(("builtin:moons", "umap3d", "z")) is not None
        assert _types(_figure(at)) == {"scatter3d"}
    finally:
        pool.shutdown()


def test_a_2d_nonlinear_view_offers_pca_and_pca_3d_to_check(monkeypatch):
    from smote_core.views import background

    pool = background.Fits()
    monkeypatch.setattr(background, "fits", lambda: pool)
    try:
        at = _app(dataset="moons", projection="umap", k=4)
        pool.get(("builtin:moons", "umap", "z")).result(timeout=300)
        import time

        for _ in range(240):
            at.run()
            if not (_figure(at)["layout"].get("title") or {}).get("text"):
                break
            time.sleep(0.5)
        _no_exceptions(at)
        labels = [e.proto.label for e in at.get("page_link")]
        assert any("PCA view" in s for s in labels) and any("PCA 3-D" in s for s in labels)
    finally:
        pool.shutdown()


@pytest.mark.parametrize("page", ["pages/compare.py", "pages/learn.py"])
def test_the_other_pages_draw_a_3d_link_in_2d(page):
    at = _app(dataset="breast_cancer", projection="pca3d", variants="smote,borderline1")
    at.switch_page(page).run()
    _no_exceptions(at)
    charts = at.get("plotly_chart")
    assert charts
    import json

    assert all(t["type"] != "scatter3d" for c in charts for t in json.loads(c.proto.spec)["data"])
