"""Streamlit glue shared by the pages: caches keyed on content hashes, the view state, the current data.

Only caching and session plumbing lives here; every computation is a call into smote_core.
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import asdict, dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from smote_core import SmoteError
from smote_core.data import datasets, drawn, prepare, tables
from smote_core.data.encoding import FeatureEncoding, fit_encoding
from smote_core.data.store import PREFIX, Choices, Expired, StoredUpload, UploadStore, token_of
from smote_core.samplers.registry import SAMPLERS
from smote_core.views import background, explore, figures, keep_view, projection
from smote_core.views.boundary import boundary_view
from smote_core.views.view_state import ViewState, from_query

#: The old name of the session's upload: links and sessions that still say it get this session's upload, if any.
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

    st.session_state["_run"] = st.session_state.get("_run", 0) + 1  # a new script run (see waiting)
    if os.environ.get("SMOTE_WARM_UP") == "1":  # `make run` sets it: start the fitting process, compile UMAP there
        background.fits().warm_up()
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
    token: str | None = None  # a stored upload's token (see smote_core.data.store); None for a built-in
    ids: pd.DataFrame | None = None  # columns naming the rows (an id left out of the features), row for row
    notes: tuple = ()  # what preparing the upload did (rows dropped, gaps filled), one sentence each
    choices: str = ""  # the Data page's choices it was prepared with (JSON), for an upload

    @property
    def dataset(self) -> str | None:
        """The view's and the URL's name for a stored upload, ``upload:<token>`` (None for a built-in)."""
        return PREFIX + self.token if self.token else None

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

    @cached_property
    def y(self) -> np.ndarray:
        """The target column as an array (made once: a text column's conversion costs milliseconds)."""
        return self.frame[self.target].to_numpy()


@st.cache_data(max_entries=16, show_spinner=False)
def builtin_dataset(name: str, n: int | None = None) -> datasets.Dataset:
    """A built-in dataset; ``n`` (toys only) is how many points to generate."""
    return datasets.load_builtin(name, n_samples=n if is_toy(name) else None)


def is_toy(name: str) -> bool:
    info = datasets.BUILTIN.get(name)
    return bool(info and info.is_toy)


def dataset_names() -> list[str]:
    """The datasets this session may pick: the built-ins, its own upload once the Data page made it ready
    (``upload:<token>``; no other upload is ever listed), and its drawing once it can be resampled (``drawn:<code>``,
    see :func:`drawing`)."""
    names = [name for name, _ in datasets.dataset_choices()]
    if uploaded() is not None:
        names.append(uploaded().dataset)
    if drawing() is not None and _too_small(drawing()) is None:
        names.append(drawing())
    return names


def dataset_title(name: str) -> str:
    if drawn.is_drawn(name):
        data = drawn_data(name)
        return data.title if data is not None else "Drawn (a damaged link)"
    up = uploaded()
    if name == UPLOADED or token_of(name):
        mine = up is not None and (name == UPLOADED or up.token == token_of(name))
        return f"Uploaded: {up.title}" if mine else "Uploaded file"
    return dict(datasets.dataset_choices()).get(name, name)


def dataset_picker(key: str, names, n: int | None = None) -> tuple[str, CurrentData]:
    """The Dataset picker (widget ``key``) over ``names``, and the data it names (a toy generated with ``n`` points)."""
    titles = {name: dataset_title(name) for name in names}
    dataset = st.selectbox("Dataset", names, key=key, format_func=titles.get)
    return dataset, current_data(dataset, n)


def uploaded() -> CurrentData | None:
    """The session's upload, ready to resample (None until the Data page has a file with a usable target)."""
    return st.session_state.get("uploaded_data")


def set_uploaded(data: CurrentData) -> CurrentData:
    """Make ``data`` (from :func:`upload_data`) the session's upload: offered as ``upload:<token>`` from now on."""
    st.session_state["upload_token"] = data.token
    st.session_state["uploaded_data"] = data
    return data


def current_data(name: str, n: int | None = None) -> CurrentData:
    """The data called ``name``: the session's upload (``upload:<token>``, or the old name ``uploaded``), another
    stored upload whose token the caller has (a link), a drawing (``drawn:<code>``: the name holds the points), or a
    built-in (a toy generated with ``n`` points). A name that cannot be used gives the default built-in."""
    if drawn.is_drawn(name):
        data = drawn_data(name)
        if data is not None:
            return data
        name = ViewState().dataset
    if name == UPLOADED or token_of(name):
        up = uploaded()
        if up is not None and (name == UPLOADED or up.token == token_of(name)):
            return up
        opened = open_upload(name)[0] if token_of(name) else None
        if opened is not None:
            return opened
        name = ViewState().dataset
    n = n if is_toy(name) and n not in (None, datasets.DEFAULT_TOY_SAMPLES) else None
    return shelved(("builtin", name, n), lambda: _builtin_data(name, n))


def _builtin_data(name: str, n: int | None) -> CurrentData:
    """A built-in as :class:`CurrentData`: one object per process, so its ``X`` is computed once for everyone."""
    ds = builtin_dataset(name, n)
    features = [c for c in ds.frame.columns if c != ds.target]
    key = f"builtin:{name}" + (f":n={n}" if n else "")
    title = ds.title + (f", {len(ds.frame):,} rows" if n else "")
    return CurrentData(key=key, title=title, frame=ds.frame, target=ds.target, features=features,
                       categorical=tuple(ds.categorical))


# ---------------------------------------------------------------------------------------------- drawings
def drawing() -> str | None:
    """The session's drawing, ``drawn:<code>`` (made on the Draw page or opened from a link), offered in every
    dataset picker; None until there is one."""
    return st.session_state.get("drawn_dataset")


def set_drawing(name: str | None) -> None:
    """Make ``name`` (``drawn:<code>``) the session's drawing; None: the session has none."""
    if name is None:
        st.session_state.pop("drawn_dataset", None)
    else:
        st.session_state["drawn_dataset"] = name


def drawn_data(name: str) -> CurrentData | None:
    """The drawing ``drawn:<code>`` as data, once per code in this process; None when the code cannot be read."""
    code = drawn.code_of(name)
    return None if code is None else shelved(("drawn", code), lambda: _drawn_data(code))


def _drawn_data(code: str) -> CurrentData | None:
    try:
        xy, minority = drawn.decode(code)
    except SmoteError:
        return None
    return CurrentData(key=drawn.PREFIX + drawn.content_key(code), title=drawn.title(xy, minority),
                       frame=drawn.drawn_frame(xy, minority), target=datasets.TARGET, features=list(drawn.FEATURES))


# ---------------------------------------------------------------------------------------------- stored uploads
def upload_store() -> UploadStore:
    """The server's store of uploads: ``$SMOTE_UPLOAD_DIR`` as it is now, else ``~/.cache/smote-explorer/uploads``."""
    return UploadStore()


def upload_token() -> str | None:
    """The token of the file this session works on (ready or not)."""
    return st.session_state.get("upload_token")


def use_upload_token(token: str) -> None:
    """Make the stored file ``token`` this session's file (its prepared data comes with :func:`set_uploaded`)."""
    if st.session_state.get("upload_token") != token:
        st.session_state.pop("uploaded_data", None)
    st.session_state["upload_token"] = token


def not_ready() -> None:
    """The session's file cannot be resampled as chosen: it is no longer offered as a dataset."""
    st.session_state.pop("uploaded_data", None)


def forget_upload() -> str | None:
    """Remove the session's file from the store and from the session; returns its name (None: there was none)."""
    token = upload_token()
    name = None
    if token is not None:
        try:
            name = upload_store().get(token, content=False).filename
        except SmoteError:
            pass
        upload_store().forget(token)
    for key in ("upload_token", "uploaded_data"):
        st.session_state.pop(key, None)
    view = st.session_state.get("view")
    if view is not None and (view.dataset == UPLOADED or token_of(view.dataset) == token):
        st.session_state["view"] = view.replace(dataset=ViewState().dataset)
    return name


def expired_warning(fallback: bool = True) -> str:
    """What a page says for an upload that is gone; ``fallback``: the page shows a built-in instead."""
    return (f"The uploaded file has expired: it is no longer on this server (files are kept "
            f"{upload_store().expiry_days:g} days after their last use, or until “Forget this file”). Upload it "
            "again on the Data page." + (" Meanwhile this shows a built-in dataset." if fallback else ""))


@st.cache_data(max_entries=4, show_spinner=False)
def stored_table(token: str, sheet: str | None) -> pd.DataFrame:
    """A stored upload read as a table (a workbook's ``sheet``), shared by every session that has its token: the
    file is read and parsed once, not on every rerun. Raises :class:`SmoteError` for a file that cannot be read."""
    up = upload_store().get(token)
    return tables.load_table(up.raw, up.filename, sheet=sheet)


@st.cache_data(max_entries=4, show_spinner=False)
def stored_sheets(token: str) -> list[str]:
    """The sheets of a stored Excel workbook, in workbook order."""
    up = upload_store().get(token)
    return tables.excel_sheets(up.raw, up.filename)


def is_workbook(filename: str) -> bool:
    return str(filename).lower().endswith(tables.EXCEL_EXTENSIONS)


@st.cache_data(max_entries=8, show_spinner=False)
def stored_guess(token: str, sheet: str | None) -> str:
    """The stored table's likely target column (``smote_core.data.tables.guess_target``)."""
    return tables.guess_target(stored_table(token, sheet))


@st.cache_data(max_entries=8, show_spinner=False)
def stored_columns(token: str, sheet: str | None, target: str) -> tuple[list, dict, list]:
    """For the Data page's pickers: the default features, why every other column is left out, the category-like
    columns — read once per file, sheet and target, not on every rerun (a wide table takes seconds)."""
    frame = stored_table(token, sheet)
    features, excluded = tables.split_features(frame, target)
    return features, excluded, tables.category_columns(frame, target, excluded)


@st.cache_data(max_entries=8, show_spinner=False)
def stored_summary(token: str, sheet: str | None, target: str, merge_similar: bool) -> dict:
    """``smote_core.data.tables.summarize`` of the stored table, labels merged when ``merge_similar``."""
    frame = stored_table(token, sheet)
    similar = prepare.near_duplicate_labels(frame[target]) if merge_similar else []
    if similar:
        frame[target] = prepare.merge_labels(frame[target], similar).to_numpy()
    return tables.summarize(frame, target)


@st.cache_data(max_entries=4, show_spinner=False)
def _prepared_upload(token: str, choices_json: str) -> tuple:
    """The stored upload prepared as the choices say, and what the data is keyed on: parsed, labels merged,
    checked, cleaned (``smote_core.data.prepare.prepare_choices``), with its id-like columns carried along."""
    choices = Choices(**json.loads(choices_json))
    frame = stored_table(token, choices.sheet)
    if choices.target not in frame.columns:
        raise SmoteError("no target column chosen yet: choose it on the Data page.")
    features = [c for c in choices.features if c in frame.columns]
    carry = tables.id_columns(frame, choices.target, features)
    prepared, messages = prepare.prepare_choices(
        frame, choices.target, features, categorical=choices.categorical, missing=choices.missing,
        merge_similar=choices.merge_labels, carry=carry,
    )
    ids = prepared[carry] if carry else None
    prepared = prepared.drop(columns=carry)
    categorical = tuple(c for c in features if c in set(choices.categorical))
    key = (f"{tables.content_hash(prepared)}|{choices.target}|{','.join(map(str, features))}|"
           f"{','.join(map(str, categorical))}")
    return prepared, ids, tuple(messages), features, categorical, key


def upload_data(stored: StoredUpload, choices: Choices | None = None) -> CurrentData:
    """The stored upload ready to resample, prepared as ``choices`` (default: its saved choices) say; cached across
    sessions on the token and the choices. Raises :class:`SmoteError` when the choices cannot be used."""
    choices = stored.choices if choices is None else choices
    asked = json.dumps(asdict(choices), sort_keys=True, default=str)
    current = uploaded()
    if current is not None and current.token == stored.token and current.choices == asked:
        return current  # the same data: keep what it has computed (X, the encoding)
    prepared, ids, notes, features, categorical, key = _prepared_upload(stored.token, asked)
    return CurrentData(key=key, title=stored.filename, frame=prepared, target=choices.target, features=features,
                       categorical=categorical, token=stored.token, ids=ids, notes=notes, choices=asked)


def open_upload(dataset: str, *, warn_not_ready: bool = True) -> tuple[CurrentData | None, str | None]:
    """Open the stored upload that ``dataset`` (``upload:<token>``, from a link) names, as this session's file.

    Returns its data when its saved choices make it ready (then it is the session's upload), and a warning for
    the page when it cannot be shown: expired or forgotten, or (with ``warn_not_ready``) not ready yet.
    """
    try:
        stored = upload_store().get(token_of(dataset), content=False)
    except Expired:
        return None, expired_warning()
    except SmoteError:
        return None, None
    use_upload_token(stored.token)
    try:
        data = upload_data(stored)
    except SmoteError as exc:
        if not warn_not_ready:
            return None, None
        return None, (f"The uploaded file “{plain(stored.filename)}” of this link cannot be shown yet — "
                      f"{plain(exc)} Meanwhile this shows a built-in dataset.")
    return set_uploaded(data), None


# ---------------------------------------------------------------------------------------------- cached work
_SHELVES: list = []  # every _Shelf, for forget_everything


class _Shelf:
    """A small LRU store shared by every session of this process (sessions are threads: guarded by a lock).

    For results whose key is cheap to build and whose value must not be copied on every read (a finished figure):
    ``st.cache_data`` would unpickle it on each rerun, ``st.cache_resource`` would hash its arguments.
    """

    def __init__(self, size: int):
        self.size = size
        self._items: dict = {}
        self._lock = threading.Lock()
        _SHELVES.append(self)

    def get(self, key):
        with self._lock:
            value = self._items.pop(key, None)
            if value is not None:
                self._items[key] = value  # most recently used last
            return value

    def put(self, key, value):
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.pop(next(iter(self._items)))
        return value


def remembered(shelf: _Shelf, key, compute):
    """``compute()``, once per ``key`` on ``shelf`` (a result of None is kept too)."""
    boxed = shelf.get(key)
    if boxed is None:
        boxed = shelf.put(key, (compute(),))
    return boxed[0]


def forget_everything() -> None:
    """Empty every shelf and Streamlit's caches, as a restarted server would have them (for tests)."""
    for shelf in _SHELVES:
        with shelf._lock:
            shelf._items.clear()
    st.cache_data.clear()
    st.cache_resource.clear()


#: Resamples by everything that decides them, shared by every session and never copied (``st.cache_data`` would
#: unpickle one on every rerun of every student).
_RESAMPLES = _Shelf(64)


def cached_resample(data_key: str, _X, _y, variant: str, k: int, ratio: float, seed: int, standardize: bool,
                    params: tuple = (), categorical: tuple | None = None, _graph=None):
    """``params``: the variant's own parameters as sorted (name, value) pairs. With ``categorical``, ``_X`` is the
    feature frame and those columns hold categories. ``_graph``: SMOTE's neighbours, searched once per dataset.

    The kept result leaves out the originals (``X``, ``y``, ``frame``), which each entry would otherwise hold on to:
    :func:`resample_data` puts them back."""
    def run():
        res = explore.resample(_X, _y, k=k, ratio=ratio, seed=seed, standardize=standardize, variant=variant,
                               params=dict(params), categorical=None if categorical is None else list(categorical),
                               graph=_graph)
        return replace(res, X=None, y=None, frame=None)

    return remembered(_RESAMPLES, (data_key, variant, k, ratio, seed, standardize, params, categorical), run)


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
def _cached_projection(data_key: str, method: str, features: tuple | None, _X, _feature_names, scale: str = "raw"):
    """``scale``: ``"z"`` fits PCA, t-SNE or UMAP on standardised features (the raw-feature view ignores it)."""
    return projection.fit_projection(_X, method, features=features, feature_names=_feature_names, random_state=0,
                                     standardize=scale == "z" and method not in ("raw", "raw3d"))


_TYPOLOGIES = _Shelf(32)
_DIAGNOSES = _Shelf(64)


def cached_typology(data_key: str, _X, _y, standardize: bool = False):
    """Minority typology of the originals, in the space of the neighbour search: depends on the data and
    ``standardize`` only, so k, ratio and seed changes reuse it."""
    return remembered(_TYPOLOGIES, (data_key, standardize),
                      lambda: explore.typology(_X, _y, standardize=standardize))


def cached_diagnosis(data_key: str, view_key: tuple, _res, standardize: bool) -> explore.Diagnosis:
    """The diagnostics of the synthetic points a view keeps (a nearest-neighbour query over every row): once per
    view. ``view_key``: whatever made ``_res`` (variant, k, ratio, seed, standardize, params)."""
    return remembered(_DIAGNOSES, (data_key, view_key, standardize),
                      lambda: explore.diagnose(_res, standardize=standardize))


#: Finished t-SNE and UMAP projections, by (data key, method, units): fitted once in the background, shared.
_NONLINEAR = _Shelf(24)
#: Synthetic points placed in a t-SNE or UMAP projection (in the background too), by projection and view.
_PLACED = _Shelf(64)


def fitted_projection(data_key: str, method: str, features, X, feature_names, scale: str = "raw"):
    """The projection fitted on the originals; a k, ratio or seed change reuses it.

    ``scale``: the picture's units, ``"z"`` (standardised features) or ``"raw"``; the raw-feature view is always in
    raw units. PCA and raw features are fitted here (fast). t-SNE and UMAP are fitted in a worker process
    (:mod:`smote_core.views.background`: one fit per data, method and units, whoever asks): until it is ready the
    PCA projection stands in (:func:`standing_in`), under a progress bar that polls the fit and reruns the page when
    it is done. Raises :class:`SmoteError` when the fit failed (e.g. too few rows for t-SNE).
    """
    scale = "raw" if method in ("raw", "raw3d") else scale
    if method in ("pca", "raw", "pca3d", "raw3d"):
        return _cached_projection(data_key, method, features, X, feature_names, scale)
    key = (data_key, method, scale)
    proj = _NONLINEAR.get(key)
    if proj is not None:
        return proj
    job = background.fits().submit(key, X, method, standardize=scale == "z", feature_names=list(feature_names))
    if job.done():
        return _NONLINEAR.put(key, job.result())  # raises the fit's SmoteError
    waiting("fit", key, f"{projection.PROJECTION_LABELS[method]} is being computed on {len(X):,} rows")
    stand_in = "pca3d" if method in projection.THREE_D else "pca"  # a 3-D picture stays 3-D meanwhile
    return _cached_projection(data_key, stand_in, None, X, feature_names, scale)


def placed_synthetic(key: tuple, proj, X_syn) -> np.ndarray | None:
    """The synthetic rows ``X_syn`` placed in the t-SNE or UMAP projection ``proj`` (``key``: the projection's and
    the view's), or None while a worker places them (their ``transform`` holds the interpreter for seconds: in this
    process it would stall every session); a progress bar then polls the job."""
    xy = _PLACED.get(key)
    if xy is not None:
        return xy
    if len(X_syn) == 0:
        return _PLACED.put(key, np.empty((0, proj.n_components)))
    job = background.fits().place(key, proj, X_syn)
    if job.done():
        return _PLACED.put(key, np.asarray(job.result(), dtype=np.float64))
    waiting("place", key, f"The {len(X_syn):,} synthetic points are being placed in {proj.label}")
    return None


def waiting(kind: str, key: tuple, what: str) -> None:
    """Show, once per script run, a progress bar for the background job ``key`` (``kind`` "fit" or "place")."""
    shown = st.session_state.setdefault("_waiting_shown", {})
    run = st.session_state.get("_run")
    if shown.get((kind, key)) == run:
        return
    shown[(kind, key)] = run
    _progress(kind, key, what)


@st.fragment(run_every=1.0)
def _progress(kind: str, key: tuple, what: str) -> None:
    """A background job's progress, polled every second; when it is done the whole page reruns and draws it."""
    job = background.fits().get(key, kind)
    if job is None or job.done():
        st.rerun()
    fraction, sentence = job.progress
    st.progress(min(max(fraction or 0.0, 0.0), 1.0), text=(
        f"**{what}** in the background ({job.elapsed:.0f} s so far) — {sentence} Meanwhile **the PCA view stands "
        "in**; the picture you asked for replaces it by itself when it is ready."))


def standing_in(method: str, proj) -> str | None:
    """The figure's title while PCA (``proj``) stands in for ``method`` (t-SNE or UMAP); None when it does not."""
    if proj.method == method or method == "raw":
        return None
    return f"{proj.label}, standing in while {projection.PROJECTION_LABELS[method]} is computed"


def cached_synthetic_xy(data_key: str, method: str, features, variant, k, ratio, seed, standardize, proj, X_syn,
                        params: tuple = ()):
    """The synthetic points of a view (``variant`` … ``params`` made ``X_syn``) placed in the projection ``proj``;
    cached per view and per the projection's units (``proj.standardized``), so the same view drawn standardised
    and in raw units never share coordinates."""
    def place():
        if len(X_syn) == 0:
            return np.empty((0, proj.n_components))
        return np.asarray(proj.transform(X_syn), dtype=np.float64)

    key = (data_key, method, None if features is None else tuple(features), variant, k, ratio, seed, standardize,
           bool(getattr(proj, "standardized", False)), params)
    return remembered(_SYNTHETIC_XY, key, place)


_SYNTHETIC_XY = _Shelf(64)


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


#: Finished pictures (figure included) by everything that decides them: a class asking for the same view pays once.
_PICTURES = _Shelf(64)


def view_figure(data: CurrentData, view: ViewState, *, params: tuple | None = None, selected: int | None = None,
                sampler_layers: bool = False, layers=(), place: str = "explore", max_segments: int | None = None,
                height: int = 620, showlegend: bool | None = None, title=None, boundary=None) -> explore.Picture:
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
    place : str
        Which plot this is (``"explore"``, ``"compare|smote"``…): with the data and the projection, units and
        features drawn it makes the figure's ``uirevision`` (:func:`smote_core.views.keep_view.revision`), by which
        the zoom a person chose is kept when k, the ratio or the seed change.
    max_segments, height, showlegend, title
        The figure's: ``max_segments`` defaults to the view's segments.
    boundary : BoundaryView, optional
        Decision boundaries to draw below the points (:func:`view_boundary` of the same view).

    Raises :class:`smote_core.SmoteError` when the sampler cannot run on this data.
    """
    params = view_params(view) if params is None else params
    asked = explore.projection_for(view.projection, view.fx, view.fy, data.names, view.fz)[0]
    res = resample_view(data, view, params)
    method, features, proj = view_projection(data, view)
    proj, syn_xy = synthetic_xy(data, view, proj, res, params)
    method = proj.method
    title = standing_in(asked, proj) if title is None else title
    max_segments = view.segments if max_segments is None else max_segments
    uirevision = keep_view.revision(place, data.key, method, features, proj_scale(method, view))
    key = (view_key(data, view, params), method, features, proj_scale(method, view), selected, sampler_layers,
           tuple((layer.name, layer.symbol, layer.size, np.asarray(layer.rows).tobytes()) for layer in layers),
           uirevision, max_segments, height, showlegend, json.dumps(title, sort_keys=True, default=str),
           None if boundary is None else boundary.boundaries.classifier)
    pic = _PICTURES.get(key)
    if pic is None:
        background = []
        if boundary is not None:
            b = boundary.boundaries
            colour = figures.class_colours(explore.class_order(res))[b.positive]
            background = figures.boundary_traces(b.xs, b.ys, b.before, b.after, colour, b.positive)
        pic = _PICTURES.put(key, explore.picture(
            res, proj, syn_xy, selected=selected, sampler_layers=sampler_layers, layers=layers,
            uirevision=uirevision, max_segments=max_segments, height=height, showlegend=showlegend, title=title,
            background=background,
        ))
    return pic


_ANIMATIONS = _Shelf(16)


def birth_animation(data: CurrentData, view: ViewState, pic: explore.Picture):
    """The births of ``pic``'s synthetic points as a finished animated figure, and how many it moves: once per view
    and projection in this process."""
    key = (view_key(data, view), pic.projection.method, view.fx, view.fy, view.scale)
    return remembered(_ANIMATIONS, key, lambda: _finished_animation(pic))


def _finished_animation(pic: explore.Picture):
    fig, n = figures.birth_animation_figure(
        pic.projection.embedding, pic.result.y, pic.syn_xy, pic.result.provenance,
        classes=explore.class_order(pic.result), axis_labels=pic.projection.axis_labels, syn_ends=pic.syn_ends)
    return figures.finished(fig), n


_BOUNDARIES = _Shelf(32)


def view_boundary(data: CurrentData, view: ViewState):
    """The decision boundaries of ``view.boundary`` in the plane ``view`` is drawn in, with held-out scores
    (:func:`smote_core.views.boundary.boundary_view`), once per view and classifier in this process; None when the
    view asks for none or is drawn in t-SNE or UMAP (no straight map from the plane back to the features: a grid
    there means nothing), PCA standing in included."""
    if view.boundary == "none" or view.projection in projection.THREE_D:  # a boundary is drawn on a plane
        return None
    res = resample_view(data, view)
    method, features, proj = view_projection(data, view)
    proj, syn_xy = synthetic_xy(data, view, proj, res)
    if not proj.is_linear or proj.method != explore.projection_for(view.projection, view.fx, view.fy,
                                                                   data.names)[0]:
        return None
    key = (view_key(data, view), proj.method, features, proj_scale(proj.method, view), view.boundary)
    categorical = list(data.categorical) if data.categorical else None
    return remembered(_BOUNDARIES, key, lambda: boundary_view(
        res, proj, syn_xy, classifier=view.boundary, seed=view.seed, ratio=view.ratio,
        standardize=view.standardize, params=view.sampler_params(), categorical=categorical))


def synthetic_xy(data: CurrentData, view: ViewState, proj, res, params: tuple | None = None) -> tuple:
    """The synthetic points of ``res`` (the resample of ``view`` with ``params``) placed in ``proj``: ``(the
    projection drawn, their coordinates)``. In t-SNE or UMAP they are placed by a worker (:func:`placed_synthetic`);
    until it is done the PCA projection stands in and is returned instead."""
    params = view_params(view) if params is None else params
    if not proj.is_linear:
        scale = proj_scale(proj.method, view)
        placed = placed_synthetic((data.key, proj.method, scale, view_key(data, view, params)), proj, res.X_syn)
        if placed is not None:
            return proj, placed
        proj = fitted_projection(data.key, "pca3d" if proj.n_components == 3 else "pca", None, data.X,
                                 tuple(data.names), scale)
    features = None if proj.method not in ("raw", "raw3d") else \
        explore.projection_for(proj.method, view.fx, view.fy, data.names, view.fz)[1]
    return proj, cached_synthetic_xy(data.key, proj.method, features, view.variant, view.k, view.ratio, view.seed,
                                     view.standardize, proj, res.X_syn, params)


def view_projection(data: CurrentData, view: ViewState) -> tuple:
    """The projection :func:`view_figure` draws ``view`` in: ``(method, features, fitted projection)``.

    ``features``: the positions of the two raw features, or None. A page with several panels calls it first, so
    that a fit shows its progress above the panels rather than in the first one.
    """
    method, features = explore.projection_for(view.projection, view.fx, view.fy, data.names, view.fz)
    proj = fitted_projection(data.key, method, features, data.X, tuple(data.names), proj_scale(method, view))
    return proj.method, features if proj.method in ("raw", "raw3d") else None, proj


def proj_scale(method: str, view: ViewState) -> str:
    """The units ``view`` is drawn in with ``method``: its ``scale``, except that raw features are always raw."""
    return "raw" if method in ("raw", "raw3d") else view.scale


def diagnosis(data: CurrentData, view: ViewState, res, params: tuple | None = None) -> explore.Diagnosis:
    """The diagnostics of the synthetic points of ``res`` (made for ``view`` with ``params``) that the resampled data
    keeps, in the space of ``view.standardize`` (:func:`cached_diagnosis`)."""
    return cached_diagnosis(data.key, view_key(data, view, params), res, view.standardize)


_TABLES = _Shelf(128)


def shelved(key, compute):
    """``compute()``, once per ``key`` in this process (:class:`_Shelf`): small derived tables a rerun shows (the
    typology and counts tables) that every student of a lesson would otherwise rebuild with pandas each time."""
    return remembered(_TABLES, key, compute)


_RESULTS = _Shelf(32)  # computed results that show progress while they run, shared by every session


def cached_result(key):
    """A result stored by :func:`store_result`, or None (like ``st.cache_data``, but the caller shows progress)."""
    return _RESULTS.get(key)


def store_result(key, value):
    return _RESULTS.put(key, value)


#: The high-dimensions lesson's study, its finished charts and texts (smote_core.analysis.dimensions), by the data,
#: k and seed: computed once, with a progress bar, for everyone who asks.
DIMENSION_STUDIES = _Shelf(16)


# ---------------------------------------------------------------------------------------------- view state
def view_state(*, upload_warnings: bool = True, any_drawing: bool = False) -> tuple[ViewState, list[str], bool]:
    """The view to show: from a new link when the URL changed under us, else the session's last view.

    A link's ``dataset=upload:<token>`` opens that stored upload as this session's file; an expired or unknown one
    gives a warning and the default built-in. ``dataset=uploaded`` (the old name) means this session's upload.
    ``upload_warnings=False`` leaves out the warning that the link's upload is not ready yet (the Data page says
    why itself). A link's drawing (``dataset=drawn:<code>``) becomes this session's; one too small to resample
    gives a warning and the default built-in, except with ``any_drawing`` (the Draw page, where it grows).

    Returns the view, warnings about ignored link values, and whether the view was just read from a link.
    """
    params = {k: [v] for k, v in st.query_params.to_dict().items()}  # one read (get_all per key: ~5 ms a rerun)
    last_written = st.session_state.get("_written_query")
    view = st.session_state.get("view")
    warnings: list[str] = []
    flat = {k: v[-1] for k, v in params.items() if v}
    from_link = view is None or (bool(flat) and flat != last_written)
    if from_link:
        params, warnings = _link_upload(params, upload_warnings)
        view, ignored = from_query(params, dataset_names(), variants=tuple(SAMPLERS))
        warnings += ignored
    elif view.dataset == UPLOADED and uploaded() is not None:
        view = view.replace(dataset=uploaded().dataset)
    if drawn.is_drawn(view.dataset):
        if from_link:
            set_drawing(view.dataset)  # a link's drawing (checked by from_query) is the session's from now on
        small = None if any_drawing else _too_small(view.dataset)
        if small:
            warnings.append(small + " Meanwhile this shows a built-in dataset.")
            view = view.replace(dataset=ViewState().dataset)
    st.session_state["view"] = view
    return view, warnings, from_link


def _too_small(name: str) -> str | None:
    """Why the drawing ``name`` cannot be resampled yet (:func:`smote_core.data.drawn.too_small`), or None."""
    data = drawn_data(name)
    return None if data is None else drawn.too_small(data.y == drawn.CLASSES[1])


def _link_upload(params: dict, upload_warnings: bool) -> tuple[dict, list[str]]:
    """A link's dataset when it names an upload: the session's own, or a stored one opened now; a gone or unready
    one is dropped (the view takes the default built-in) with a warning."""
    asked = (params.get("dataset") or [None])[-1]
    up = uploaded()
    if asked == UPLOADED and up is not None:
        return {**params, "dataset": [up.dataset]}, []
    if not token_of(asked) or (up is not None and up.token == token_of(asked)):
        return params, []
    data, warning = open_upload(asked, warn_not_ready=upload_warnings)
    if data is not None:
        return params, []
    return {k: v for k, v in params.items() if k != "dataset"}, [warning] if warning else []


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


def lesson_banner(view: ViewState) -> bool:
    """The task of the ready-made lesson a link names (``lesson=<name>``), at the top of whatever page it opens;
    returns whether there was one (see :func:`smote_core.views.lesson.lesson_task`)."""
    from smote_core.views.lesson import lesson_task

    text = lesson_task(view.lesson)
    if text is not None:
        st.info(text, icon=":material/school:")
    return text is not None
