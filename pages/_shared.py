"""Streamlit glue shared by the pages: caches keyed on content hashes, the view state, the current data.

Only caching and session plumbing lives here; every computation is a call into smote_core.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from smote_core.analysis import diagnostics
from smote_core.data import datasets, tables
from smote_core.data.encoding import FeatureEncoding, fit_encoding
from smote_core.samplers.registry import SAMPLERS
from smote_core.views import explore, projection
from smote_core.views.view_state import ViewState, from_query

UPLOADED = "uploaded"
#: The app's pages by name (``/explore``, ``/learn``, …): one file each in this folder, ``app.py`` routes to them.
PAGES = tuple(sorted(p.stem for p in Path(__file__).parent.glob("*.py") if not p.stem.startswith("_")))
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def page_path(name: str) -> str:
    """The file of page ``name`` (one of :data:`PAGES`), as ``st.switch_page`` and ``st.page_link`` take it."""
    if name not in PAGES:
        raise ValueError(f"there is no page {name!r}; the pages are {', '.join(PAGES)}")
    return f"pages/{name}.py"


def plain(text) -> str:
    """User text (a file, column or class name) made safe to put inside Markdown: every special character is
    escaped, so it shows as typed and never becomes a link, an image or formatting."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def ensure_router() -> None:
    """Make sure app.py's ``st.navigation`` router runs, even when the first request opens a page's URL.

    Streamlit treats a ``pages/`` folder beside the entry script as an old-style multipage app until the entry
    script has called ``st.navigation`` once in the process; a first visit straight to ``/explore`` would then run
    the page file on its own (no page config, every file listed in the sidebar). Each page calls this first: it
    switches Streamlit to ``st.navigation`` mode and reruns, which runs app.py for the same URL.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if os.environ.get("SMOTE_WARM_UP") == "1":  # `make run` sets it: compile UMAP while the first visitor reads
        projection.warm_up_in_background()
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@dataclass
class CurrentData:
    key: str  # content hash + feature/target choice: the cache key for everything derived
    title: str
    frame: pd.DataFrame
    target: str
    features: list  # the feature columns as chosen
    categorical: tuple = ()  # the features that hold categories (one-hot encoded for the picture)

    @cached_property
    def encoding(self) -> FeatureEncoding | None:
        return fit_encoding(self.frame, self.features, self.categorical) if self.categorical else None

    @cached_property
    def X(self) -> np.ndarray:
        """The features as numbers: category columns one-hot encoded (see :attr:`names`)."""
        if self.encoding is not None:
            return self.encoding.transform(self.frame)
        return self.frame[self.features].to_numpy(dtype=np.float64)

    @property
    def names(self) -> list:
        """The columns of :attr:`X`: the features, with ``"column = category"`` for each category."""
        return self.encoding.names if self.encoding is not None else list(self.features)

    @property
    def y(self) -> np.ndarray:
        return self.frame[self.target].to_numpy()


@st.cache_data(max_entries=16, show_spinner=False)
def builtin_dataset(name: str, n: int | None = None) -> datasets.Dataset:
    """A built-in dataset; ``n`` (toys only) is how many points to generate."""
    return datasets.load_builtin(name, n_samples=n if is_toy(name) else None)


def is_toy(name: str) -> bool:
    info = datasets.BUILTIN.get(name)
    return bool(info and info.is_toy)


def dataset_names() -> list[str]:
    names = [name for name, _ in datasets.dataset_choices()]
    if uploaded() is not None:
        names.append(UPLOADED)
    return names


def dataset_title(name: str) -> str:
    if name == UPLOADED:
        up = uploaded()
        return f"Uploaded: {up.title}" if up else "Uploaded file"
    return dict(datasets.dataset_choices()).get(name, name)


def dataset_picker(key: str, names, n: int | None = None) -> tuple[str, CurrentData]:
    """The Dataset picker (widget ``key``) over ``names``, and the data it names (a toy generated with ``n`` points)."""
    titles = {name: dataset_title(name) for name in names}
    dataset = st.selectbox("Dataset", names, key=key, format_func=titles.get)
    return dataset, current_data(dataset, n)


def uploaded() -> CurrentData | None:
    """The user's own data, kept in this session only."""
    return st.session_state.get("uploaded_data")


def set_uploaded(frame: pd.DataFrame, filename: str, target: str, features: list, categorical=()) -> CurrentData:
    categorical = tuple(c for c in features if c in set(categorical))
    key = f"{tables.content_hash(frame)}|{target}|{','.join(map(str, features))}|{','.join(map(str, categorical))}"
    data = CurrentData(key=key, title=filename, frame=frame, target=target, features=list(features),
                       categorical=categorical)
    st.session_state["uploaded_data"] = data
    return data


def current_data(name: str, n: int | None = None) -> CurrentData:
    """The data called ``name``: the session's upload, or a built-in (a toy generated with ``n`` points)."""
    if name == UPLOADED and uploaded() is not None:
        return uploaded()
    n = n if is_toy(name) and n not in (None, datasets.DEFAULT_TOY_SAMPLES) else None
    ds = builtin_dataset(name, n)
    features = [c for c in ds.frame.columns if c != ds.target]
    key = f"builtin:{name}" + (f":n={n}" if n else "")
    title = ds.title + (f", {len(ds.frame):,} rows" if n else "")
    return CurrentData(key=key, title=title, frame=ds.frame, target=ds.target, features=features,
                       categorical=tuple(ds.categorical))


# ---------------------------------------------------------------------------------------------- cached work
@st.cache_data(max_entries=64, show_spinner=False)
def cached_resample(data_key: str, _X, _y, variant: str, k: int, ratio: float, seed: int, standardize: bool,
                    params: tuple = (), categorical: tuple | None = None, _graph=None):
    """``params``: the variant's own parameters as sorted (name, value) pairs. With ``categorical``, ``_X`` is the
    feature frame and those columns hold categories. ``_graph``: SMOTE's neighbours, searched once per dataset.

    The cached result leaves out the originals (``X``, ``y``, ``frame``), which every entry would otherwise copy:
    :func:`resample_data` puts them back."""
    res = explore.resample(_X, _y, k=k, ratio=ratio, seed=seed, standardize=standardize, variant=variant,
                            params=dict(params), categorical=None if categorical is None else list(categorical),
                            graph=_graph)
    return replace(res, X=None, y=None, frame=None)


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_graph(data_key: str, _X, _y, standardize: bool):
    """Each class's neighbours for the largest k, shared by every session: a k, ratio or seed change reuses them."""
    return explore.neighbor_graph(_X, _y, standardize=standardize)


def resample_data(data: CurrentData, variant: str, k: int, ratio: float, seed: int, standardize: bool,
                  params: tuple = ()):
    """The (cached) resample of ``data`` for one view; data with category columns goes in as its frame."""
    graph = cached_graph(data.key, data.X, data.y, standardize) if variant == "smote" else None
    if data.categorical:
        features = data.frame[data.features].reset_index(drop=True)
        res = cached_resample(data.key, features, data.y, variant, k, ratio, seed, standardize, params,
                              tuple(data.categorical), _graph=graph)
        return replace(res, X=data.X, y=data.y, frame=features)
    res = cached_resample(data.key, data.X, data.y, variant, k, ratio, seed, standardize, params, _graph=graph)
    return replace(res, X=data.X, y=data.y)


def variants_for(data: CurrentData) -> list[str]:
    """The samplers that can run on ``data``: SMOTE-NC only with numbers and categories, SMOTE-N only categories."""
    return [v for v in SAMPLERS
            if explore.variant_fits(v, data.encoding) is None]


@st.cache_resource(max_entries=24, show_spinner=False)
def _cached_projection(data_key: str, method: str, features: tuple | None, _X, _feature_names):
    return projection.fit_projection(_X, method, features=features, feature_names=_feature_names, random_state=0)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_typology(data_key: str, _X, _y):
    """Minority typology of the originals: depends on the data only, so k, ratio and seed changes reuse it."""
    return diagnostics.minority_typology(_X, _y)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_intrusion(data_key: str, view_key: tuple, _X, _y, _X_syn, _y_syn) -> dict:
    """Where the synthetic points landed (a nearest-neighbour query over every row): once per view.

    ``view_key``: whatever made ``_X_syn`` (variant, k, ratio, seed, standardize, params)."""
    return diagnostics.intrusion(_X, _y, _X_syn, _y_syn)


_FITTED: set = set()  # projections this process has fitted (the cache above is shared by every session)


def fitted_projection(data_key: str, method: str, features, X, feature_names):
    """The projection fitted on the originals; a k, ratio or seed change reuses it.

    A fit that is not cached yet runs inside an ``st.status`` saying what is being fitted.
    """
    key = (data_key, method, features)
    if key in _FITTED or method in ("pca", "raw"):
        proj = _cached_projection(data_key, method, features, X, feature_names)
    else:
        label = projection.PROJECTION_LABELS[method]
        n = len(X)
        sample = f" (a sample of {projection.MAX_FIT_ROWS:,})" if n > projection.MAX_FIT_ROWS else ""
        box = st.empty()
        with box.status(f"Fitting {label} on {n:,} rows{sample}… this happens once per dataset.") as status:
            proj = _cached_projection(data_key, method, features, X, feature_names)
            status.update(label=f"{label} fitted.", state="complete")
        box.empty()
    _FITTED.add(key)
    return proj


@st.cache_data(max_entries=64, show_spinner=False)
def cached_synthetic_xy(data_key: str, method: str, features, variant, k, ratio, seed, standardize, _proj, _X_syn,
                        params: tuple = ()):
    if len(_X_syn) == 0:
        return np.empty((0, 2))
    return np.asarray(_proj.transform(_X_syn), dtype=np.float64)


def view_params(view: ViewState) -> tuple:
    """The view's sampler parameters as the caches take them: sorted (keyword, value) pairs."""
    return tuple(sorted(view.sampler_params().items()))


def view_key(data: CurrentData, view: ViewState, params: tuple | None = None) -> tuple:
    """What the synthetic points of ``view`` on ``data`` depend on: a cache key, and when a selection goes stale."""
    params = view_params(view) if params is None else params
    return data.key, view.variant, view.k, view.ratio, view.seed, view.standardize, params


def resample_view(data: CurrentData, view: ViewState, params: tuple | None = None):
    """The (cached) resample of ``data`` for ``view``; ``params`` overrides the view's sampler parameters."""
    params = view_params(view) if params is None else params
    return resample_data(data, view.variant, view.k, view.ratio, view.seed, view.standardize, params)


def view_figure(data: CurrentData, view: ViewState, *, params: tuple | None = None, selected: int | None = None,
                sampler_layers: bool = False, layers=(), uirevision: str = "explore", max_segments: int | None = None,
                height: int = 620, showlegend: bool | None = None, title=None) -> explore.Picture:
    """The figure for this view: the cached resample, the projection fitted on the originals, the synthetic points
    placed in it, drawn (:func:`smote_core.views.explore.picture`).

    Parameters
    ----------
    data, view
        What to resample and how: the view's sampler, k, ratio, seed, standardisation, projection (``raw`` with its
        two features; PCA when they are not two features of ``data``) and segments.
    params : tuple, optional
        (keyword, value) pairs for the sampler instead of the view's own parameters (``()``: the sampler's defaults).
    selected : int, optional
        A synthetic point to explain; the picture says whether there is one (``Picture.selected``).
    sampler_layers : bool
        Mark the sampler's own samples (Borderline-SMOTE's in danger, SVM-SMOTE's support vectors…), then ``layers``.
    uirevision, max_segments, height, showlegend, title
        The figure's: ``max_segments`` defaults to the view's segments.

    Raises :class:`smote_core.SmoteError` when the sampler cannot run on this data.
    """
    params = view_params(view) if params is None else params
    res = resample_view(data, view, params)
    method, features, proj = view_projection(data, view)
    syn_xy = cached_synthetic_xy(data.key, method, features, view.variant, view.k, view.ratio, view.seed,
                                 view.standardize, proj, res.X_syn, params)
    return explore.picture(
        res, proj, syn_xy, selected=selected, sampler_layers=sampler_layers, layers=layers, uirevision=uirevision,
        max_segments=view.segments if max_segments is None else max_segments, height=height, showlegend=showlegend,
        title=title,
    )


def view_projection(data: CurrentData, view: ViewState) -> tuple:
    """The projection :func:`view_figure` draws ``view`` in: ``(method, features, fitted projection)``.

    ``features``: the positions of the two raw features, or None. A page with several panels calls it first, so
    that a fit shows its progress above the panels rather than in the first one.
    """
    method, features = explore.projection_for(view.projection, view.fx, view.fy, data.names)
    return method, features, fitted_projection(data.key, method, features, data.X, tuple(data.names))


def landing(data: CurrentData, key: tuple, res) -> dict:
    """Where the synthetic points of ``res`` landed (:func:`cached_intrusion`); ``key``: :func:`view_key`."""
    return cached_intrusion(data.key, key, data.X, data.y, res.X_syn, res.y_syn)


_RESULTS: dict = {}  # computed results that show progress while they run, shared by every session
_RESULTS_MAX = 32


def cached_result(key):
    """A result stored by :func:`store_result`, or None (like ``st.cache_data``, but the caller shows progress)."""
    return _RESULTS.get(key)


def store_result(key, value):
    while len(_RESULTS) >= _RESULTS_MAX:
        _RESULTS.pop(next(iter(_RESULTS)))
    _RESULTS[key] = value
    return value


# ---------------------------------------------------------------------------------------------- view state
def view_state() -> tuple[ViewState, list[str], bool]:
    """The view to show: from a new link when the URL changed under us, else the session's last view.

    Returns the view, warnings about ignored link values, and whether the view was just read from a link.
    """
    names = dataset_names()
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    last_written = st.session_state.get("_written_query")
    view = st.session_state.get("view")
    warnings: list[str] = []
    flat = {k: v[-1] for k, v in params.items() if v}
    from_link = view is None or (bool(flat) and flat != last_written)
    if from_link:
        view, warnings = from_query(params, names, variants=tuple(SAMPLERS))
        st.session_state["view"] = view
    return view, warnings, from_link


def share_link(page: str, view: ViewState) -> str:
    """A link to ``page`` showing ``view`` (the app's own address when the browser told us, else a path)."""
    from urllib.parse import urlencode

    url = st.context.url or ""
    base = url.split("?")[0].rstrip("/")
    for name in PAGES:
        if base.endswith("/" + name):
            base = base[: -len(name) - 1]
    return f"{base}/{page}?{urlencode(view.to_query())}"


def write_view(view: ViewState, page: str | None = None) -> None:
    """Show ``view``: the session's view from now on, and the URL's query string — the only place that writes it.

    With ``page`` (one of :data:`PAGES`), switch to that page showing ``view`` (the rest of this run is skipped).
    """
    st.session_state["view"] = view
    query = view.to_query()
    st.session_state["_written_query"] = query
    if page is not None:
        st.switch_page(page_path(page), query_params=query)
    if dict(st.query_params) != query:
        st.query_params.from_dict(query)
