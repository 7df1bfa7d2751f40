"""One feature space, stated; numbers that mean what they say; guidance; the rough edges (AppTest)."""

from streamlit.testing.v1 import AppTest

from apptest import APP, TIMEOUT, _app, _figure, _no_exceptions


def _q(at, name):
    return str(at.query_params[name]).strip("[]'") if name in at.query_params else None


def _title(at, axis="xaxis"):
    return _figure(at)["layout"][axis]["title"]["text"]


def _page(page, **query):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({k: str(v) for k, v in query.items()})
    at.switch_page(page).run()
    _no_exceptions(at)
    return at


# ---------------------------------------------------------------------------------------------- 1. one space
def test_breast_cancer_is_pictured_standardised_and_the_control_switches_to_raw_units(monkeypatch):
    from smote_core.views import projection

    fits = []
    real_fit = projection.fit_projection

    def counting_fit(X, method, **kwargs):
        fits.append((method, kwargs.get("standardize", False)))
        return real_fit(X, method, **kwargs)

    monkeypatch.setattr(projection, "fit_projection", counting_fit)
    from pages import _shared

    _shared.forget_everything()  # a fresh server: nothing computed yet
    at = _app(dataset="breast_cancer")
    _no_exceptions(at)
    assert at.radio(key="w_scale").value == "z" and at.radio(key="w_scale").options == ["standardised", "raw units"]
    title = _title(at)
    assert "standardised" in title and "98%" not in title and title.startswith("PC1 (44%")
    assert "scale" not in at.query_params  # the default stays out of the link
    at.radio(key="w_scale").set_value("raw").run()
    _no_exceptions(at)
    assert _title(at) == "PC1 (98% of variance)" and _q(at, "scale") == "raw"
    assert any(m.value == "**Projection:** PCA (raw units)" for m in at.markdown)
    at.slider(key="w_k").set_value(3).run()
    at.number_input(key="w_seed").set_value(4).run()
    at.slider(key="w_ratio").set_value(0.7).run()
    at.radio(key="w_scale").set_value("z").run()
    _no_exceptions(at)
    assert fits == [("pca", True), ("pca", False)], "a k, seed or ratio change (or going back) refitted"
    assert "standardised" in _title(at)


def test_a_link_with_scale_raw_opens_in_raw_units_and_raw_features_are_always_raw():
    at = _app(dataset="wine", scale="raw")
    _no_exceptions(at)
    assert at.radio(key="w_scale").value == "raw" and "standardised" not in _title(at)
    at = _app(dataset="wine", projection="raw", fx="proline", fy="alcohol")
    _no_exceptions(at)
    assert not [r for r in at.radio if r.key == "w_scale"]  # nothing to choose: raw features are in raw units
    assert any("drawn in their own units" in c.value for c in at.sidebar.caption)
    assert (_title(at), _title(at, "yaxis")) == ("proline", "alcohol")
    assert "scale" not in at.query_params


def test_mixed_scales_are_named_with_a_button_that_standardises_the_search_and_the_diagnostics():
    at = _app(dataset="wine")
    _no_exceptions(at)
    advice = [w.value for w in at.warning if "Feature scales differ" in w.value]
    assert len(advice) == 1 and "proline" in advice[0]
    assert any("(5 nearest neighbours in the whole data, in raw units)" in m.value for m in at.markdown)
    assert any(c.value.endswith("distances in raw units.") for c in at.caption)
    assert any("Neighbours searched** in raw units" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Standardise").click().run()
    _no_exceptions(at)
    assert at.toggle(key="w_standardize").value is True and _q(at, "standardize") == "1"
    assert not any("Feature scales differ" in w.value for w in at.warning)
    assert any("(5 nearest neighbours in the whole data, in standardised units)" in m.value for m in at.markdown)
    assert any(c.value.endswith("distances in standardised units.") for c in at.caption)
    help_text = next(m for m in at.metric if m.label == "Nearest original is of another class").help
    assert "in standardised units" in help_text


def test_a_lesson_that_fixes_the_search_names_the_scales_but_offers_no_button():
    at = _app(dataset="wine", hide="standardize")
    _no_exceptions(at)
    assert any("Feature scales differ" in w.value for w in at.warning)
    assert not any(b.label == "Standardise" for b in at.button)


def test_one_scale_data_has_no_advice():
    at = _app(dataset="moons")
    assert not any("Feature scales differ" in w.value for w in at.warning)


def test_the_standardised_search_changes_the_typology_and_where_points_land():
    def shown(at):
        share = next(m for m in at.metric if m.label == "Nearest original is of another class").value
        return share, at.dataframe[1].value.to_dict()

    raw = _app(dataset="breast_cancer")
    z = _app(dataset="breast_cancer", standardize=1)
    _no_exceptions(z)
    assert shown(raw) != shown(z)


# ---------------------------------------------------------------------------------------------- 2. numbers
def test_overlap_smote_tomek_and_enn_show_different_shares_of_the_rows_they_keep():
    shares = {}
    for variant in ("smote", "smote_tomek", "smote_enn"):
        at = _app(dataset="overlap", variant=variant, k=5)
        _no_exceptions(at)
        shares[variant] = next(m for m in at.metric if m.label == "Nearest original is of another class").value
    assert shares == {"smote": "52%", "smote_tomek": "46%", "smote_enn": "25%"}
    assert any("the cleaning kept (112 of 273 removed)" in c.value for c in at.caption)


def test_compare_counts_the_kept_rows_too_and_says_its_space():
    at = _page("pages/compare.py", dataset="overlap", k=5, variants="smote,smote_tomek,smote_enn")
    shares = [m.value for m in at.metric if m.label == "Land nearest another class"]
    panels = [h.value for h in at.subheader]  # two columns: the first and third panel on the left
    assert dict(zip(panels, shares)) == {"SMOTE": "52%", "SMOTE + Tomek links": "46%", "SMOTE + ENN": "25%"}
    assert any("neighbours searched in raw units" in c.value for c in at.sidebar.caption)


def test_the_busiest_parent_is_counted_in_good_english():
    at = _app(dataset="blobs", ratio=0.15, k=3)
    _no_exceptions(at)
    text = " ".join(m.value for m in at.markdown if "The busiest was used" in m.value)
    assert text and "used 1 times" not in text


# ---------------------------------------------------------------------------------------------- Tune
def test_tune_scores_explores_sampler_and_search_and_says_so():
    at = _page("pages/tune.py", dataset="wine", variant="svm", out_step=0.3, standardize=1, k=3)
    caption = next(c.value for c in at.caption if c.value.startswith("As on Explore"))
    assert "SVM-SMOTE (m = 10, out_step = 0.3)" in caption and "standardised units" in caption
    assert "z-scored with each training fold" in caption
    names = {t.get("name") for t in _figure(at)["data"]}
    assert "SVM-SMOTE inside each training fold" in names
    small = [c for c in at.get("plotly_chart")][1:]
    import json

    titles = [json.loads(c.proto.spec)["layout"]["xaxis"]["title"]["text"] for c in small]
    assert titles and all("standardised" in t for t in titles)  # the same picture space as Explore
    sentence = next(m.value for m in at.markdown if "no resampling" in m.value or "within the noise" in m.value)
    assert "Best minority F1" not in sentence


def test_tune_falls_back_to_smote_for_a_category_sampler():
    at = _page("pages/tune.py", dataset="diabetes", variant="smotenc", k=3)
    assert any("votes for categories" in c.value and "uses SMOTE" in c.value for c in at.caption)
    assert "SMOTE inside each training fold" in {t.get("name") for t in _figure(at)["data"]}


# ---------------------------------------------------------------------------------------------- 3. guidance
def test_the_introduction_is_shown_once_and_stays_dismissed_for_the_session():
    at = _app()
    assert any(m.value.startswith("**Try first:**") for m in at.markdown)
    assert any("Learn" in getattr(p, "label", "") for p in at.get("page_link"))
    next(b for b in at.button if b.label == "Got it").click().run()
    _no_exceptions(at)
    assert not any(m.value.startswith("**Try first:**") for m in at.markdown)
    at.slider(key="w_k").set_value(3).run()
    assert not any(m.value.startswith("**Try first:**") for m in at.markdown)


def test_compare_opens_on_a_pair_that_differs_on_its_data():
    at = _page("pages/compare.py")
    assert at.multiselect(key="c_variants").value == ["smote", "borderline1"]
    import json

    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    syn = [[t for t in f["data"] if "synthetic" in t.get("name", "")][0] for f in figures]
    assert len(syn) == 2 and syn[0]["x"] != syn[1]["x"]
    metrics = [m.value for m in at.metric if m.label == "Minority never a parent"]
    assert len(metrics) == 2 and metrics[0] != metrics[1]


# ---------------------------------------------------------------------------------------------- 4. rough edges
def test_the_share_box_lists_the_controls_by_their_on_screen_names():
    from smote_core.views.view_state import HIDE_LABELS

    at = _app(dataset="circles", hide="ratio,seed,dataset")
    _no_exceptions(at)
    assert at.multiselect(key="w_hide").options == list(HIDE_LABELS.values())
    assert any(c.value == "Some controls are fixed by this lesson link: Dataset, Sampling ratio, Random seed."
               for c in at.sidebar.caption)


def test_the_share_link_carries_the_typology_marks_and_the_selected_point_and_restores_them():
    at = _app(dataset="overlap", k=3)
    at.toggle(key="w_types").set_value(True).run()
    at.number_input(key="w_pick").set_value(4).run()
    _no_exceptions(at)
    link = at.sidebar.code[0].value
    assert "types=1" in link and "point=4" in link
    assert _q(at, "types") == "1" and _q(at, "point") == "4"
    query = dict(part.split("=", 1) for part in link.split("?", 1)[1].split("&"))
    opened = _app(**query)  # a fresh session opening the link
    _no_exceptions(opened)
    assert opened.toggle(key="w_types").value is True and opened.number_input(key="w_pick").value == 4
    assert any("Synthetic point **#4**" in m.value for m in opened.markdown)
    names = [t.get("name", "") for t in _figure(opened)["data"]]
    assert "chosen segment" in names and any(n.startswith("outlier minority (") for n in names)  # typology marked
    opened.slider(key="w_k").set_value(4).run()  # other synthetic points: the selection is gone, and so is the link's
    assert opened.number_input(key="w_pick").value is None and _q(opened, "point") is None


def test_a_link_to_a_point_the_data_does_not_have_opens_without_one():
    at = _app(dataset="moons", point=99999)
    _no_exceptions(at)
    assert at.number_input(key="w_pick").value is None and _q(at, "point") is None
    at = _app(dataset="moons", point="abc")
    _no_exceptions(at)
    assert any("point=" in w.value for w in at.warning)


def test_the_dataset_box_tells_the_full_name():
    at = _app(dataset="breast_cancer")
    assert r"Showing: Breast cancer \(Wisconsin\)." in at.selectbox(key="w_dataset").help  # Markdown-escaped


def test_a_long_file_name_wraps_between_its_parts_and_keeps_its_full_name_in_the_help(tmp_path):
    from apptest import _csv_bytes

    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value(("credit_card_transactions_export.csv", _csv_bytes(), "text/csv")).run()
    next(b for b in at.button if b.label == "Explore this data").click().run()
    at.switch_page("pages/explore.py").run()
    _no_exceptions(at)
    title = next(h for h in at.subheader if "transactions" in h.value)
    assert title.value.split("\u200b") == [r"credit\_", r"card\_", r"transactions\_", r"export\.", "csv"]
    assert title.help == r"credit\_card\_transactions\_export\.csv"
    assert "credit\\_card\\_transactions\\_export\\.csv" in at.selectbox(key="w_dataset").help
