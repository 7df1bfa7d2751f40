"""Every page through Streamlit's AppTest: loads cleanly, controls change what they should, links and uploads work."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from apptest import APP, TIMEOUT, _app, _arr, _csv_bytes, _figure, _no_exceptions, _synthetic_count


@pytest.mark.parametrize("page", ["pages/explore.py", "pages/learn.py", "pages/compare.py", "pages/tune.py",
                                  "pages/data.py", "pages/draw.py", "pages/export.py"])
def test_every_page_loads_without_exception(page):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page(page).run()
    _no_exceptions(at)


def test_explore_opens_on_a_builtin_dataset_with_segments():
    at = _app()
    _no_exceptions(at)
    fig = _figure(at)
    names = [t.get("name", "") for t in fig["data"]]
    assert any("synthetic" in n for n in names)
    seg = [t for t in fig["data"] if "segment" in t.get("name", "")]
    assert seg and seg[0]["type"] == "scatter"  # a few hundred points: SVG (figures.trace_type)
    assert _synthetic_count(at) > 0
    assert at.query_params["dataset"] == ["moons"] or at.query_params["dataset"] == "moons"


def test_a_link_sets_every_control():
    at = _app(dataset="blobs", k=3, seed=7, ratio=0.5, projection="raw", standardize=1)
    _no_exceptions(at)
    assert at.selectbox(key="w_dataset").value == "blobs"
    assert at.slider(key="w_k").value == 3
    assert at.slider(key="w_ratio").value == 0.5
    assert at.number_input(key="w_seed").value == 7
    assert at.selectbox(key="w_projection").value == "raw"
    assert at.toggle(key="w_standardize").value is True
    assert not at.warning


def test_bad_query_parameters_fall_back_with_a_warning():
    at = _app(dataset="nope", k="abc", projection="lda", ratio="7")
    _no_exceptions(at)
    assert at.selectbox(key="w_dataset").value == "moons"
    assert at.slider(key="w_k").value == 5
    warnings = " ".join(w.value for w in at.warning)
    for name in ("dataset", "k=", "projection", "ratio"):
        assert name in warnings


def test_changing_k_changes_the_synthetic_points_and_the_url():
    at = _app(k=5, seed=0)
    before = _figure(at)
    at.slider(key="w_k").set_value(2).run()
    _no_exceptions(at)
    after = _figure(at)
    syn = lambda fig: _arr([t for t in fig["data"] if "synthetic" in t.get("name", "")][0]["x"])  # noqa: E731
    assert len(syn(before)) == len(syn(after)) and not np.array_equal(syn(before), syn(after))
    assert str(at.query_params["k"]).strip("[]'") == "2"


def test_changing_seed_and_ratio():
    at = _app(ratio=1.0)
    n1 = _synthetic_count(at)
    at.slider(key="w_ratio").set_value(0.5).run()
    n2 = _synthetic_count(at)
    assert 0 < n2 < n1
    fig1 = _figure(at)
    at.number_input(key="w_seed").set_value(3).run()
    assert _figure(at) != fig1


def test_projection_choices_render(monkeypatch):
    at = _app(projection="raw")
    _no_exceptions(at)
    fig = _figure(at)
    assert fig["layout"]["xaxis"]["title"]["text"] in ("x1", "x2")


def test_the_explore_figure_keeps_its_uirevision_through_k_ratio_seed_and_a_point_not_to_another_picture():
    """The zoom a person chose is kept by the figure's uirevision (smote_core.views.keep_view): the same while
    only what is resampled changes, another for another dataset, projection or units."""
    at = _app(dataset="moons", projection="raw", k=5, seed=0)
    rev = lambda: _figure(at)["layout"]["uirevision"]  # noqa: E731
    raw = rev()
    assert raw.startswith("keep-view|explore|builtin:moons|raw|0,1|raw")
    first = _figure(at)["data"]
    at.slider(key="w_k").set_value(3).run()
    at.slider(key="w_ratio").set_value(0.5).run()
    at.number_input(key="w_seed").set_value(7).run()
    at.number_input(key="w_pick").set_value(2).run()
    _no_exceptions(at)
    assert _figure(at)["data"] != first and any(t.get("name") == "chosen segment" for t in _figure(at)["data"])
    assert rev() == raw
    at.selectbox(key="w_fx").set_value("x2").run()
    _no_exceptions(at)
    assert _figure(at)["layout"]["xaxis"]["title"]["text"] == "x2" and rev() not in (raw, "")
    at.selectbox(key="w_projection").set_value("pca").run()
    pca = rev()
    assert pca.startswith("keep-view|explore|builtin:moons|pca|") and pca != raw
    at.radio(key="w_scale").set_value("raw").run()
    _no_exceptions(at)
    assert rev() not in (pca, raw)
    at.selectbox(key="w_dataset").set_value("blobs").run()
    _no_exceptions(at)
    assert "builtin:blobs" in rev()


def test_picking_a_synthetic_point_explains_it():
    at = _app(k=3)
    at.number_input(key="w_pick").set_value(4).run()
    _no_exceptions(at)
    assert any("Synthetic point **#4**" in m.value for m in at.markdown)
    tables = [d.value for d in at.dataframe]
    assert any("x_new = x + λ·(x_nn − x)" in t.columns for t in tables)
    fig = _figure(at)
    assert any(t.get("name") == "chosen segment" for t in fig["data"])


def test_upload_reaches_explore():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value(("mine.csv", _csv_bytes(), "text/csv")).run()
    _no_exceptions(at)
    assert at.selectbox[0].value == "Label"  # target guessed by name
    assert at.multiselect[0].value == ["f1", "f2", "f3"]  # the text column is left out
    assert any("note" in c.value for c in at.caption)
    at.button(key="explore_upload").click().run()
    _no_exceptions(at)
    # AppTest keeps its own page and query between runs, so follow the button's st.switch_page by hand
    # (the real-browser test clicks it for real).
    at.query_params["dataset"] = "uploaded"
    at.switch_page("pages/explore.py").run()
    assert at.selectbox(key="w_dataset").value.startswith("upload:")  # the session's upload, by its token
    assert _synthetic_count(at) == 48
    counts = at.dataframe[0].value
    assert counts.loc["fraud", "after"] == 60
    at.slider(key="w_k").set_value(2).run()  # controls keep working on the uploaded data
    _no_exceptions(at)
    assert at.selectbox(key="w_dataset").value.startswith("upload:") and _synthetic_count(at) == 48


def test_upload_errors_are_shown_not_raised():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value(("empty.csv", b"", "text/csv")).run()
    _no_exceptions(at)
    assert at.error and at.error[0].value


def test_tiny_class_limits_k_with_a_message():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value(("tiny.csv", _csv_bytes(n_min=4), "text/csv")).run()
    at.button(key="explore_upload").click().run()
    at.query_params["dataset"] = "uploaded"
    at.switch_page("pages/explore.py").run()
    _no_exceptions(at)
    assert at.slider(key="w_k").max == 3
    assert at.slider(key="w_k").value == 3
    assert any("k lowered to 3" in i.value for i in at.info)


def _title(fig) -> str:
    return (fig["layout"].get("title") or {}).get("text", "")


def test_tsne_is_fitted_once_in_the_background_while_pca_stands_in(monkeypatch):
    """Choosing t-SNE never blocks: PCA stands in (titled so, a progress bar above) while a worker fits t-SNE and
    places the synthetic points; then t-SNE is drawn, and k, seed and ratio changes never fit it again."""
    import time

    from smote_core.views import background

    pool = background.Fits()  # a fitting process of this test's own: nothing fitted yet
    monkeypatch.setattr(background, "fits", lambda: pool)
    fits = []  # (method, the job it got): one job however often a rerun asks
    real_submit = pool.submit

    def counting_submit(key, X, method, **kwargs):
        job = real_submit(key, X, method, **kwargs)
        fits.append((method, id(job)))
        return job

    monkeypatch.setattr(pool, "submit", counting_submit)
    try:
        at = _app(projection="tsne", k=4)
        _no_exceptions(at)
        fig = _figure(at)
        assert _title(fig) == "PCA, standing in while t-SNE is computed"
        assert fig["layout"]["xaxis"]["title"]["text"].startswith("PC1")
        stand_in = fig["layout"]["uirevision"]
        assert "|pca|" in stand_in  # a zoom on the stand-in is not put on the t-SNE picture
        assert any("t-SNE is being computed" in p.proto.text for p in at.get("progress"))
        assert any("standing in for t-SNE" in m.value for m in at.markdown)
        assert at.query_params["projection"] in (["tsne"], "tsne")  # the link still asks for t-SNE
        pool.get(("builtin:moons", "tsne", "z")).result(timeout=180)
        for _ in range(240):  # the fragment would rerun the page; here the test does, until the points are placed
            at.run()
            if not _title(_figure(at)):
                break
            time.sleep(0.5)
        _no_exceptions(at)
        fig = _figure(at)
        assert _title(fig) == "" and fig["layout"]["xaxis"]["title"]["text"] == "t-SNE 1 (standardised)"
        assert "|tsne|" in fig["layout"]["uirevision"] and fig["layout"]["uirevision"] != stand_in
        assert any("are not the distances SMOTE used" in c.value for c in at.caption)
        links = [e.proto for e in at.get("page_link") if "PCA view" in e.proto.label]
        assert len(links) == 1 and "projection=pca" in links[0].query_string and "k=4" in links[0].query_string
        assert not at.get("progress")
        at.slider(key="w_k").set_value(2).run()
        at.number_input(key="w_seed").set_value(5).run()
        at.slider(key="w_ratio").set_value(0.6).run()
        _no_exceptions(at)
        assert fits and {method for method, _ in fits} == {"tsne"}
        assert len({job for _, job in fits}) == 1, "t-SNE was fitted more than once"
    finally:
        pool.shutdown()


def test_k_seed_and_ratio_changes_never_search_neighbours_again(monkeypatch):

    from smote_core import graph
    from smote_core.samplers import smote

    searches, smote_runs = [], []
    real_init, real_run = graph.NeighborGraph.__init__, smote.SMOTE._fit_resample

    def counting_init(self, X, y, k_max):
        searches.append(len(X))
        real_init(self, X, y, k_max)

    def counting_run(self, X, y):
        smote_runs.append(1)
        return real_run(self, X, y)

    monkeypatch.setattr(graph.NeighborGraph, "__init__", counting_init)
    monkeypatch.setattr(smote.SMOTE, "_fit_resample", counting_run)
    from pages import _shared

    _shared.forget_everything()  # a fresh server: nothing computed yet
    at = _app(dataset="breast_cancer", k=5)
    _no_exceptions(at)
    first = _synthetic_count(at)
    for change in (lambda: at.slider(key="w_k").set_value(2).run(), lambda: at.slider(key="w_k").set_value(17).run(),
                   lambda: at.number_input(key="w_seed").set_value(9).run(),
                   lambda: at.slider(key="w_ratio").set_value(0.6).run()):
        change()
        _no_exceptions(at)
    assert searches == [569], "a k, seed or ratio change searched the neighbours again"
    assert not smote_runs  # SMOTE ran on the graph, never searching on its own
    assert _synthetic_count(at) < first  # the last change (ratio 0.6) did change the picture
    from pages import _shared

    held = _shared.cached_graph("builtin:breast_cancer", None, None, False)
    assert held.searches_ == 1  # breast cancer has no distance ties: every k was a slice


def test_raw_projection_never_offers_the_same_feature_twice():
    at = _app(projection="raw", fx="x1", fy="x1")
    _no_exceptions(at)
    assert not at.error
    fx, fy = at.selectbox(key="w_fx"), at.selectbox(key="w_fy")
    assert fx.value == "x1" and fy.value == "x2" and "x1" not in fy.options
    fig = _figure(at)
    assert (fig["layout"]["xaxis"]["title"]["text"], fig["layout"]["yaxis"]["title"]["text"]) == ("x1", "x2")


def test_variant_picker_and_cleaning_layers():
    at = _app(dataset="overlap", variant="smote_enn", k=3)
    _no_exceptions(at)
    assert at.selectbox(key="w_variant").value == "smote_enn"
    names = [t.get("name", "") for t in _figure(at)["data"]]
    assert "removed by cleaning (original)" in names and "removed by cleaning (synthetic)" in names
    assert any("Removed by cleaning" in m.value for m in at.markdown)
    at.selectbox(key="w_variant").set_value("smote").run()
    _no_exceptions(at)
    assert not any("removed" in t.get("name", "") for t in _figure(at)["data"])
    assert str(at.query_params["variant"]).strip("[]'") == "smote"


def test_standardize_and_segment_cap_controls():
    at = _app(dataset="breast_cancer", k=5, segments=100)
    _no_exceptions(at)
    fig = _figure(at)
    seg = [t for t in fig["data"] if "segment" in t.get("name", "")][0]
    seg_x = _arr(seg["x"])
    assert len(seg_x) == 3 * 100 and np.isnan(seg_x[2::3]).all()
    assert any("Showing segments for 100 of" in c.value for c in at.caption)
    syn_before = _arr([t for t in fig["data"] if "synthetic" in t.get("name", "")][0]["x"])
    at.toggle(key="w_standardize").set_value(True).run()
    _no_exceptions(at)
    assert str(at.query_params["standardize"]).strip("[]'") == "1"
    syn_after = _arr([t for t in _figure(at)["data"] if "synthetic" in t.get("name", "")][0]["x"])
    assert len(syn_before) == len(syn_after) and not np.array_equal(syn_before, syn_after)  # other neighbours
    at.select_slider(key="w_segments").set_value(0).run()
    assert not [t for t in _figure(at)["data"] if "segment" in t.get("name", "")]


def test_export_page_offers_downloads_and_code_for_the_current_view():
    at = _app(dataset="wine", k=3, seed=2, variant="smote_tomek")
    at.switch_page("pages/export.py").run()
    _no_exceptions(at)
    labels = [b.label for b in at.get("download_button")]
    assert "Resampled data (CSV)" in labels and "Provenance only (CSV)" in labels
    assert "Figure (interactive HTML, works offline)" in labels
    code = at.code[0].value
    assert "SMOTETomek(smote=SMOTE(k_neighbors=3" in code and "random_state=2" in code


def test_learn_page_steps_through_smote_and_keeps_position_in_the_url():
    at = _app()
    at.switch_page("pages/learn.py").run()
    _no_exceptions(at)
    assert any("step **1 of 5**" in m.value for m in at.markdown)
    next_step = next(b for b in at.button if b.label == "Next step")
    for _ in range(3):
        next_step.click().run()
    _no_exceptions(at)
    assert any("step **4 of 5**" in m.value for m in at.markdown)
    assert at.latex and "lambda" in at.latex[0].value
    names = [t.get("name", "") for t in _figure(at)["data"]]
    assert any(n.startswith("x_new (λ =") for n in names) and "segment x → x_nn" in names
    assert "step" not in at.query_params  # stepping adds no browser-history entry (test_learn.py has the share link)
    import re

    def shown_sample():
        return next(int(m_.group(1)) for m in at.markdown if (m_ := re.search(r"Synthetic sample (\d+) of", m.value)))

    before = shown_sample()  # the lesson starts at a sample whose x_new stands apart, not always the first
    next(b for b in at.button if b.label == "Next sample").click().run()
    assert shown_sample() == before + 1


def test_learn_link_opens_at_its_sample_and_step_and_matches_smote():
    import numpy as np

    from smote_core import SMOTE, fraction_of_majority
    from smote_core.data import datasets

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"dataset": "blobs", "k": "3", "seed": "4", "sample": "7", "step": "5"})
    at.switch_page("pages/learn.py").run()  # a fresh session opening the lesson link
    _no_exceptions(at)
    assert any("Synthetic sample 8 of" in m.value and "step **5 of 5**" in m.value for m in at.markdown)
    ds = datasets.load_builtin("blobs")
    X, y = ds.frame[["x1", "x2"]].to_numpy(float), ds.frame["class"].to_numpy()
    sm = SMOTE(k_neighbors=3, sampling_strategy=fraction_of_majority(y, 1.0), random_state=4)
    X_res, _ = sm.fit_resample(X, y)
    table = at.dataframe[-1].value
    assert np.allclose(table["x_new"], X_res[len(X) + 7])
    assert np.allclose(table["x"], X[sm.provenance_["parent"].iloc[7]])


def test_compare_link_draws_one_panel_per_sampler():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"dataset": "overlap", "k": "3", "variants": "smote,smote_tomek,smote_enn"})
    at.switch_page("pages/compare.py").run()
    _no_exceptions(at)
    assert at.multiselect(key="c_variants").value == ["smote", "smote_tomek", "smote_enn"]
    charts = at.get("plotly_chart")
    assert len(charts) == 3
    revisions = {json.loads(c.proto.spec)["layout"]["uirevision"] for c in charts}
    assert len(revisions) == 3 and all(r.startswith("keep-view|compare|") for r in revisions)  # a zoom each
    assert sorted(h.value for h in at.subheader) == ["SMOTE", "SMOTE + ENN", "SMOTE + Tomek links"]
    assert any("cleaning removed" in c.value for c in at.caption)
    assert sum(m.label == "Land nearest another class" for m in at.metric) == 3
    at.multiselect(key="c_variants").set_value(["smote"]).run()
    assert any("at least two" in i.value for i in at.info)


def test_a_lesson_link_hides_controls_and_keeps_its_values():
    at = _app(dataset="circles", k=2, seed=9, ratio=0.5, hide="ratio,seed,dataset")
    _no_exceptions(at)
    keys = {w.key for w in at.sidebar.get("slider")} | {w.key for w in at.sidebar.get("number_input")}
    assert "w_ratio" not in keys and "w_seed" not in keys and "w_k" in keys
    assert not any(getattr(w, "key", None) == "w_dataset" for w in at.sidebar.get("selectbox"))
    assert any("fixed by this lesson link" in c.value for c in at.sidebar.caption)
    assert any("Circles" in h.value for h in at.subheader)
    at.slider(key="w_k").set_value(3).run()  # students can still move k
    _no_exceptions(at)
    assert str(at.query_params["hide"]).strip("[]'") == "dataset,ratio,seed"
    assert str(at.query_params["seed"]).strip("[]'") == "9"
    share = at.sidebar.code[0].value
    assert share.endswith("hide=dataset%2Cratio%2Cseed") and "k=3" in share and "/explore?" in share


def test_ready_made_lessons_open_cleanly():
    from pages._shared import page_path
    from smote_core.views.lesson import LESSONS

    for lesson in LESSONS:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params.update(lesson.query())
        at.switch_page(page_path(lesson.page)).run()
        _no_exceptions(at)
        ignored = [w.value for w in at.warning if w.value.startswith("Ignored")]
        assert not ignored, ignored  # every value in the lesson link is valid
        assert at.get("plotly_chart")


def test_tune_page_plots_scores_against_k_and_the_leaky_pitfall():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"dataset": "overlap", "leaky": "1"})
    at.switch_page("pages/tune.py").run()
    _no_exceptions(at)
    fig = _figure(at)
    names = {t.get("name") for t in fig["data"]}
    assert {"SMOTE inside each training fold", "no resampling",
            "resampled before splitting (leaky, inflated)"} <= names
    # What the scores say, ties as ties (on overlap every k scores alike): evaluation.verdict's sentence, not a
    # "best k" picked among equal scores.
    from smote_core.analysis import evaluation
    from smote_core.data import datasets

    ds = datasets.load_builtin("overlap")
    X, y = ds.frame[["x1", "x2"]].to_numpy(float), ds.frame[ds.target].to_numpy()
    said = evaluation.verdict(evaluation.summarize(evaluation.evaluate_k(X, y, (1, 4, 7, 9, 12, 15))), "f1")
    assert not said.k_matters and any(m.value == said.sentence for m in at.markdown)
    assert not any("Best minority F1" in m.value for m in at.markdown)
    assert any("inflates minority F1" in w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 4  # the scores and three small pictures
    at.toggle(key="t_leaky").set_value(False).run()
    assert "resampled before splitting (leaky, inflated)" not in {t.get("name") for t in _figure(at)["data"]}


def test_explore_shows_diagnostics_and_the_typology_layer():
    at = _app(dataset="overlap", k=5)
    _no_exceptions(at)
    assert any(m.label == "Nearest original is of another class" for m in at.metric)
    assert any("never a parent" in m.value for m in at.markdown)
    assert not any("minority (" in t.get("name", "") and "outlier" in t.get("name", "") for t in _figure(at)["data"])
    at.toggle(key="w_types").set_value(True).run()
    _no_exceptions(at)
    names = [t.get("name", "") for t in _figure(at)["data"]]
    assert any(n.startswith("outlier minority (") for n in names)


@pytest.mark.parametrize("variant, layer", [("adasyn", None), ("kmeans", "in a sampled k-means cluster"),
                                            ("borderline1", "in danger"), ("borderline2", "in danger"),
                                            ("svm", "support vectors")])
def test_every_variant_draws_on_explore(variant, layer):
    at = _app(dataset="overlap" if variant != "kmeans" else "blobs", variant=variant, k=3)
    _no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    names = [t.get("name", "") for t in _figure(at)["data"]]
    assert "minority (synthetic)" in names
    if layer:
        assert any(n.startswith(layer) for n in names)


def test_user_text_is_shown_as_text_not_markdown():
    rng = np.random.RandomState(0)
    df = pd.DataFrame(rng.normal(size=(40, 2)), columns=["[x](javascript:alert(1))", "<b>y</b>"])
    df["**label**"] = ["ok"] * 30 + ["<img src=x onerror=alert(1)>"] * 10
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value(("[evil](http://x).csv", df.to_csv(index=False).encode(), "text/csv")).run()
    _no_exceptions(at)
    texts = " ".join(s.value for s in at.success)
    assert r"\*\*label\*\*" in texts and "**label**" not in texts.replace(r"\*\*label\*\*", "")
    at.query_params["dataset"] = "uploaded"
    at.switch_page("pages/explore.py").run()
    _no_exceptions(at)
    at.number_input(key="w_pick").set_value(0).run()
    explained = " ".join(m.value for m in at.markdown)
    assert r"\<img src=x onerror=alert\(1\)\>" in explained and "<img" not in explained.replace(r"\<img", "")
    assert any(r"\[evil\]\(http\:" in h.value for h in at.subheader)


def test_variant_parameters_are_controls_and_in_the_url():
    at = _app(dataset="overlap", variant="svm", m=7, out_step=0.25, k=3)
    _no_exceptions(at)
    assert at.slider(key="w_m").value == 7 and at.slider(key="w_out_step").value == 0.25
    before = _figure(at)
    at.slider(key="w_out_step").set_value(0.8).run()
    _no_exceptions(at)
    assert str(at.query_params["out_step"]).strip("[]'") == "0.8" and _figure(at) != before
    at.selectbox(key="w_variant").set_value("smote").run()
    assert "out_step" not in at.query_params and "m" not in at.query_params


def test_a_toy_can_be_generated_bigger_from_the_link_and_the_control():
    at = _app(dataset="blobs", n=10000, k=3)
    _no_exceptions(at)
    assert at.select_slider(key="w_n").value == 10000
    counts = at.dataframe[0].value
    assert counts.loc["majority", "before"] == 5000 and counts.loc["minority", "after"] == 5000
    at.select_slider(key="w_n").set_value(600).run()
    _no_exceptions(at)
    assert at.dataframe[0].value.loc["majority", "before"] == 300
    assert "n" not in at.query_params  # the default size stays out of the link
    at = _app(dataset="blobs", n=1234)
    assert any("Ignored n='1234'" in w.value for w in at.warning)
    at = _app(dataset="wine", n=10000)  # real tables have their own size
    _no_exceptions(at)
    assert "w_n" not in [s.key for s in at.select_slider]


def _q(at, name):
    return str(at.query_params[name]).strip("[]'") if name in at.query_params else None


def test_page_names_are_the_routers():
    import re

    from pages._shared import PAGES, page_path

    routed = set(re.findall(r'url_path="(\w+)"', Path(APP).read_text())) - {"home"}
    assert set(PAGES) == routed and page_path("learn") == "pages/learn.py"
    with pytest.raises(ValueError):
        page_path("nope")


def test_a_link_asking_for_more_m_than_the_slider_offers_shows_it_without_a_traceback():
    at = _app(dataset="overlap", variant="borderline1", m=40, k=3)
    _no_exceptions(at)
    assert at.slider(key="w_m").value == 40 and _q(at, "m") == "40"


def test_compare_and_tune_write_their_own_fields_through_the_view():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"dataset": "overlap", "k": "3", "variants": "smote,smote_tomek"})
    at.switch_page("pages/compare.py").run()
    _no_exceptions(at)
    assert (_q(at, "dataset"), _q(at, "k"), _q(at, "variants")) == ("overlap", "3", "smote,smote_tomek")
    at.multiselect(key="c_variants").set_value(["smote", "smote_tomek", "adasyn"]).run()
    assert _q(at, "variants") == "smote,smote_tomek,adasyn"
    assert at.session_state["view"].variants == ("smote", "smote_tomek", "adasyn")
    assert dict(at.session_state["_written_query"])["variants"] == "smote,smote_tomek,adasyn"

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"dataset": "blobs", "leaky": "1"})
    at.switch_page("pages/tune.py").run()
    _no_exceptions(at)
    assert at.toggle(key="t_leaky").value is True and _q(at, "leaky") == "1" and _q(at, "dataset") == "blobs"
    at.toggle(key="t_leaky").set_value(False).run()
    assert _q(at, "leaky") is None and at.session_state["view"].leaky is False


def test_a_boundary_link_draws_both_boundaries_and_scores_them_on_held_out_rows():
    at = _app(dataset="breast_cancer", boundary="logreg", k=5)
    _no_exceptions(at)
    assert at.selectbox(key="w_boundary").value == "logreg"
    fig = _figure(at)
    names = [t.get("name", "") for t in fig["data"]]
    assert fig["data"][0]["type"] == "heatmap"  # the shading first: below every point
    assert "boundary before resampling" in names and "boundary after resampling" in names
    tables = [df.value for df in at.dataframe if "recall of malignant" in df.value.columns]
    assert tables and list(tables[0].index) == ["fitted on the originals", "fitted after resampling"]
    said = " ".join(m.value for m in at.markdown)
    assert "not on the 30 features" in said
    # a k change redraws the boundary: the after model learns from other synthetic points
    at.slider(key="w_k").set_value(15).run()
    _no_exceptions(at)
    assert _figure(at)["data"][2] != fig["data"][2]
    # none: no boundary, no table
    at.selectbox(key="w_boundary").set_value("none").run()
    assert not any("boundary" in t.get("name", "") for t in _figure(at)["data"])
    assert at.query_params.get("boundary") in (None, [])


def test_a_boundary_in_a_nonlinear_view_says_where_to_look_instead(monkeypatch):
    from smote_core.views import background

    at = _app(dataset="moons", boundary="knn", projection="raw", fx="x1", fy="x2", hide="boundary")
    _no_exceptions(at)
    assert not at.get("selectbox") or all(s.key != "w_boundary" for s in at.selectbox)  # hidden by the link
    assert any("real boundary" in m.value for m in at.markdown)
    pool = background.Fits()  # t-SNE fits in a worker of this test's own
    monkeypatch.setattr(background, "fits", lambda: pool)
    try:
        at2 = _app(dataset="moons", boundary="knn", projection="tsne")
        _no_exceptions(at2)
        assert any("drawn in the PCA and raw-feature views: t-SNE has no map" in c.value for c in at2.caption)
    finally:
        pool.shutdown()


@pytest.mark.parametrize("variant, said", [("geometric", "drawn inside a region"), ("safe_level", "one λ per")])
def test_a_point_of_a_sampler_without_one_lambda_is_explained_in_its_own_terms(variant, said):
    at = _app(dataset="moons", variant=variant, point=0)
    _no_exceptions(at)
    assert any(said in m.value for m in at.markdown)
    assert not any("λ = nan" in m.value for m in at.markdown)
