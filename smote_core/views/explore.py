"""What the Explore page computes, as pure functions: resample for a view, explain one synthetic point."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from .._validation import SmoteError, plural
from ..analysis import diagnostics
from ..data.encoding import FeatureEncoding, fit_encoding, fractional_rows, is_one_hot
from ..graph import NeighborGraph
from ..samplers._base import check_class_sizes
from ..samplers.registry import K_MAX, get_record, make_sampler
from ..samplers.safe_level import interpolate_per_feature
from ..samplers.smote import generate, interpolate
from ..sampling import class_counts, fraction_of_majority, resolve_sampling_strategy


@dataclass
class ResampleResult:
    """A sampler's output for one view, in the shape the page and the figure need."""

    X: np.ndarray  # original features (n, d), float64
    y: np.ndarray  # original labels (n,)
    X_syn: np.ndarray  # every synthetic row the over-sampler made (m, d), removed ones included
    y_syn: np.ndarray  # their labels (m,)
    provenance: pd.DataFrame  # parent, neighbor, gap, class (+ the variant's columns) — one row per made row
    nn_indices: dict  # {class: (n_class, k) positions in X}
    k: int
    counts_before: dict
    counts_after: dict  # after cleaning, for SMOTE-Tomek and SMOTE-ENN
    variant: str = "smote"
    removed_original: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))  # positions in X
    removed_synthetic: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))  # synthetic numbers
    sampler: object = None
    # Data with category columns: X and X_syn are then the one-hot encoding (see smote_core.encoding).
    encoding: FeatureEncoding | None = None
    frame: pd.DataFrame | None = None  # the original feature columns, categories as they are
    syn_frame: pd.DataFrame | None = None  # SMOTE-NC / SMOTE-N: the synthetic rows with their voted categories
    zscore: tuple | None = None  # (mean, scale) the sampler's input was z-scored with (standardize), else None

    @property
    def n_synthetic(self) -> int:
        return len(self.provenance)

    @property
    def takes_k(self) -> bool:
        """Whether the sampler used k (Polynomial-fit SMOTE searches no neighbours: k does not apply)."""
        return get_record(self.variant).takes_k

    @property
    def votes(self) -> bool:
        """Whether categories were voted (SMOTE-NC, SMOTE-N) rather than interpolated as one-hot numbers."""
        return self.syn_frame is not None

    @cached_property
    def interpolates(self) -> bool:
        """False for SMOTE-N, which copies voted categories instead of stepping towards a neighbour."""
        return not (self.n_synthetic and "voters" in self.provenance
                    and (self.provenance["neighbor"].to_numpy() < 0).all())

    @cached_property
    def kinds(self) -> np.ndarray:
        """How each synthetic row was made: ``"pair"`` (from a parent toward a neighbour row, or by votes), or for
        Polynomial-fit SMOTE ``"to_mean"`` (toward its class's mean: no neighbour row) or ``"curve"`` (on the curve
        fitted through its class: no parent pair); see :data:`smote_core.samplers.polynom_fit.KINDS`."""
        if "kind" in self.provenance:
            return self.provenance["kind"].to_numpy(dtype=object)
        return np.full(self.n_synthetic, "pair", dtype=object)


def k_limit(y, ratio: float, k_max: int = K_MAX) -> int:
    """The largest k the slider may offer: every class that gets new rows needs k + 1 samples.

    Returns 0 when a class to be grown has a single sample (no k works).
    """
    counts = class_counts(y)
    wanted = fraction_of_majority(y, ratio)
    grown = [counts[c] for c in counts if wanted[c] > counts[c]]
    if not grown:
        return k_max
    return max(0, min(k_max, min(grown) - 1))


def votes_categories(variant: str) -> bool:
    """Whether ``variant`` votes for categories instead of interpolating them (it then needs category columns)."""
    return get_record(variant).categories is not None


def variant_fits(variant: str, encoding: FeatureEncoding | None) -> str | None:
    """Why ``variant`` cannot run on data encoded as ``encoding`` (None: numeric data), or None when it can."""
    n_cat = len(encoding.categorical) if encoding else 0
    n_num = len(encoding.numeric) if encoding else None
    needs = get_record(variant).categories
    if needs == "mixed" and (n_cat == 0 or n_num == 0):
        return ("SMOTE-NC needs both numeric and category columns; " + (
            "this data has no category column — use SMOTE, or mark category columns on the Data page." if n_cat == 0
            else "every feature here is a category — use SMOTE-N."))
    if needs == "only" and (n_cat == 0 or n_num):
        return ("SMOTE-N treats every feature as a category; this data has numeric features — use SMOTE-NC, or "
                "mark every feature as a category on the Data page.")
    return None


def resample(X, y, *, k: int, ratio: float, seed: int, standardize: bool = False, variant: str = "smote",
             params: dict | None = None, categorical=None, graph: NeighborGraph | None = None) -> ResampleResult:
    """Run a sampler for the Explore view.

    ``ratio`` grows every class to at least ``ratio`` × the majority's size (any number of classes). With
    ``standardize``, neighbours are searched on z-scored features; since SMOTE's interpolation is affine, the new
    rows are then computed on the original features from the same parents, neighbours and λ.
    ``variant`` names a sampler of :data:`smote_core.samplers.registry.SAMPLERS`; ``params`` are its own parameters.

    With ``categorical`` (a list of column names, possibly empty), ``X`` is a DataFrame of the feature columns and
    the named ones hold categories. The numeric samplers then run on the one-hot encoding (and make fractional
    categories, which is the point of showing them); SMOTE-NC and SMOTE-N vote, and ``syn_frame`` holds their rows
    with real categories. ``X`` and ``X_syn`` of the result are always the encoded numbers, for the picture.

    ``graph`` (SMOTE only): the neighbours searched once for the data (:func:`neighbor_graph`, same ``X`` and
    ``standardize``); SMOTE then runs without searching again, with an output identical to SMOTE's.
    """
    frame = encoding = None
    if categorical is not None:
        if not isinstance(X, pd.DataFrame):
            raise SmoteError("with categorical columns, X must be a DataFrame of the feature columns.")
        frame = X.reset_index(drop=True)
        encoding = fit_encoding(frame, list(frame.columns), list(categorical))
        X = encoding.transform(frame)
    why_not = variant_fits(variant, encoding)
    if why_not:
        raise SmoteError(why_not)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    strategy = fraction_of_majority(y, ratio)
    counts = class_counts(y)
    if all(strategy[c] == counts[c] for c in counts):
        return _nothing_to_make(X, y, k=k, counts=counts, variant=variant, encoding=encoding, frame=frame)
    if votes_categories(variant):
        return _resample_voting(frame, encoding, X, y, strategy=strategy, k=k, seed=seed, standardize=standardize,
                                variant=variant, params=params)
    search = _zscored(X) if standardize else X
    if graph is not None and variant == "smote":
        return _smote_on_graph(X, y, graph, strategy=strategy, k=k, seed=seed, counts=counts, encoding=encoding,
                               frame=frame)
    sampler = make_sampler(variant, k=k, sampling_strategy=strategy, random_state=seed, **(params or {}))
    X_res, y_res = sampler.fit_resample(search, y)
    over = getattr(sampler, "smote_", sampler)  # the over-sampling step of SMOTE-Tomek / SMOTE-ENN
    provenance = over.provenance_
    if over is sampler and not standardize:
        X_syn = np.asarray(X_res)[len(y):]  # the sampler's own rows, bit for bit
    elif "radius" in provenance or "kind" in provenance:  # Geometric, Polynomial-fit: its own rows, z-scoring undone
        X_syn = np.asarray(X_res)[len(y):] * _scale(X) + X.mean(axis=0)
    elif "feature_gaps" in provenance:  # Safe-Level-SMOTE: one λ per feature
        X_syn = interpolate_per_feature(X, provenance["parent"].to_numpy(), provenance["neighbor"].to_numpy(),
                                        np.vstack(provenance["feature_gaps"].to_numpy()))
    else:  # recomputed in the original units from the same parents, neighbours and λ
        X_syn = interpolate(X, provenance["parent"].to_numpy(), provenance["neighbor"].to_numpy(),
                            provenance["gap"].to_numpy())
    removed_original, removed_synthetic = _removed(sampler)
    return ResampleResult(
        X=X, y=y, X_syn=X_syn, y_syn=provenance["class"].to_numpy(), provenance=provenance,
        nn_indices=getattr(over, "nn_indices_", {}), k=k, counts_before=counts,
        counts_after=class_counts(np.asarray(y_res)), variant=variant, removed_original=removed_original,
        removed_synthetic=removed_synthetic, sampler=sampler, encoding=encoding, frame=frame,
        zscore=(X.mean(axis=0), _scale(X)) if standardize else None,
    )


def _scale(X: np.ndarray) -> np.ndarray:
    """The standard deviation of each column of ``X``, 1 for a constant column (as :func:`_zscored` divides)."""
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    return scale


def _nothing_to_make(X, y, *, k, counts, variant, encoding, frame) -> ResampleResult:
    """The result when every class already has its share of rows: no synthetic row."""
    return ResampleResult(
        X=X, y=y, X_syn=np.empty((0, X.shape[1])), y_syn=y[:0],
        provenance=pd.DataFrame({"parent": [], "neighbor": [], "gap": [], "class": []}), nn_indices={}, k=k,
        counts_before=counts, counts_after=counts, variant=variant, encoding=encoding, frame=frame,
        syn_frame=frame.iloc[:0] if votes_categories(variant) else None,
    )


def _removed(sampler) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the originals and the numbers of the synthetic rows a cleaning step removed."""
    removed = getattr(sampler, "removed_", None)
    if removed is None:
        return np.empty(0, dtype=int), np.empty(0, dtype=int)
    return tuple(removed.loc[removed["source"] == source, "index"].to_numpy(dtype=int)
                 for source in ("original", "synthetic"))


def neighbor_graph(X, y, *, standardize: bool = False, k_max: int = K_MAX) -> NeighborGraph:
    """Each class's neighbours in the space :func:`resample` searches for SMOTE (same numeric — or one-hot encoded —
    ``X`` and ``standardize``), searched once for ``k_max`` so that any k up to it reuses them."""
    X = np.asarray(X, dtype=np.float64)
    return NeighborGraph(_zscored(X) if standardize else X, np.asarray(y), k_max)


def _smote_on_graph(X, y, graph, *, strategy, k, seed, counts, encoding, frame) -> ResampleResult:
    """SMOTE's own validation and generation (:func:`smote_core.smote.generate`) on neighbours the graph holds."""
    wanted = resolve_sampling_strategy(strategy, y)
    check_class_sizes(counts, wanted, k)
    nn_indices, blocks, _, provenance = generate(X, y, wanted, seed, lambda c, members: graph.neighbors(c, k))
    X_syn = np.vstack(blocks) if blocks else np.empty((0, X.shape[1]))
    after = {c: n + wanted.get(c, 0) for c, n in counts.items()}
    return ResampleResult(
        X=X, y=y, X_syn=X_syn, y_syn=provenance["class"].to_numpy(), provenance=provenance, nn_indices=nn_indices,
        k=k, counts_before=counts, counts_after=after, variant="smote", encoding=encoding, frame=frame,
    )


def _zscored(X: np.ndarray, reference: np.ndarray | None = None) -> np.ndarray:
    """``X`` z-scored with the mean and standard deviation of ``reference`` (default: ``X`` itself) — the space of
    a standardised neighbour search. A constant column keeps scale 1."""
    reference = X if reference is None else reference
    return (X - reference.mean(axis=0)) / _scale(reference)


def _resample_voting(frame, encoding, X, y, *, strategy, k, seed, standardize, variant, params) -> ResampleResult:
    """SMOTE-NC / SMOTE-N on the feature frame: categories voted, numbers interpolated in the original units."""
    numeric = list(encoding.numeric)
    search = frame.copy()
    if numeric:
        search[numeric] = frame[numeric].to_numpy(dtype=np.float64)
        if standardize:
            search[numeric] = _zscored(search[numeric].to_numpy())
    extra = dict(params or {})
    if variant == "smotenc":
        extra["categorical_features"] = [list(frame.columns).index(c) for c in encoding.categorical]
    sampler = make_sampler(variant, k=k, sampling_strategy=strategy, random_state=seed, **extra)
    X_res, y_res = sampler.fit_resample(search, y)
    provenance = sampler.provenance_
    syn_frame = X_res.iloc[len(y):].reset_index(drop=True)
    if numeric and standardize:  # back in the original units, from the same parents, neighbours and λ
        syn_frame[numeric] = interpolate(frame[numeric].to_numpy(dtype=np.float64), provenance["parent"].to_numpy(),
                                         provenance["neighbor"].to_numpy(), provenance["gap"].to_numpy())
    return ResampleResult(
        X=X, y=y, X_syn=encoding.transform(syn_frame), y_syn=provenance["class"].to_numpy(), provenance=provenance,
        nn_indices=sampler.nn_indices_, k=k, counts_before=class_counts(y),
        counts_after=class_counts(np.asarray(y_res)), variant=variant, sampler=sampler, encoding=encoding,
        frame=frame, syn_frame=syn_frame,
    )


def neighbors_of(result: ResampleResult, row: int) -> np.ndarray:
    """Positions in X of the k neighbours original row ``row`` chose from (same-class for SMOTE; Borderline-SMOTE 2
    searches every class)."""
    c = result.y[row]
    if c not in result.nn_indices:
        raise SmoteError(f"class {c!r} received no synthetic rows, so its neighbours were not searched.")
    members = np.flatnonzero(result.y == c)
    return result.nn_indices[c][np.searchsorted(members, row)]


def explain(result: ResampleResult, i: int, feature_names=None) -> pd.DataFrame:
    """The formula ``x_new = x + λ·(x_nn − x)`` with the numbers of synthetic point ``i``, one row per feature.

    ``feature_names`` names the columns of ``result.X`` (default: the encoding's names, else 0, 1, …). For SMOTE-NC
    the rows are the numeric features (see :func:`explain_votes` for the categories); SMOTE-N has none. A
    Polynomial-fit SMOTE row without a neighbour row has its own table: toward the class mean (star), ``x_new = x +
    λ·(mean − x)``; on the fitted curve (polynomial), the two samples around its position and the curve's value
    there — never a made-up neighbour.
    """
    _check_point(result, i)
    p = result.provenance.iloc[i]
    parent, neighbor, gap = int(p["parent"]), int(p["neighbor"]), float(p["gap"])
    if result.kinds[i] != "pair":  # Polynomial-fit SMOTE's star and polynomial rows: no neighbour row
        if feature_names is None:
            feature_names = result.encoding.names if result.encoding else range(result.X.shape[1])
        return _explain_without_pair(result, i, [str(f) for f in feature_names])
    if result.votes:
        names = list(result.encoding.numeric) if result.interpolates else []
        X = result.frame[names].to_numpy(dtype=np.float64)
        x, x_nn = X[parent], X[neighbor] if neighbor >= 0 else np.full(len(names), np.nan)
        new = result.syn_frame[names].iloc[i].to_numpy(dtype=np.float64)
    else:
        if feature_names is None:
            feature_names = result.encoding.names if result.encoding else range(result.X.shape[1])
        names = list(feature_names)
        x, x_nn, new = result.X[parent], result.X[neighbor], result.X_syn[i]
    if "radius" in p.index:  # Geometric SMOTE: drawn inside a region around x, no λ on a segment
        return pd.DataFrame({
            "feature": [str(f) for f in names],
            "x (centre)": x,
            "surface point": x_nn,
            "x_new (inside the region)": new,
        })
    return pd.DataFrame(
        {
            "feature": [str(f) for f in names],
            "x (parent)": x,
            "x_nn (neighbour)": x_nn,
            "x_nn − x": x_nn - x,
            "λ": p["feature_gaps"] if "feature_gaps" in p.index else np.full(len(names), gap),
            "x_new = x + λ·(x_nn − x)": new,
        }
    )


def class_mean(result: ResampleResult, c) -> np.ndarray:
    """The mean of class ``c``'s original rows (in ``result.X``'s units): where Polynomial-fit SMOTE's star links end.
    """
    return np.asarray(result.X, dtype=np.float64)[np.asarray(result.y) == c].mean(axis=0)


def curve_order(result: ResampleResult, c) -> np.ndarray:
    """Polynomial-fit SMOTE (polynomial): the positions in ``result.X`` of class ``c``'s samples in curve order (the
    sample at ``t = j`` is the ``j``-th)."""
    return np.asarray(result.sampler.order_[c], dtype=int)


def curve_points(result: ResampleResult, c, t) -> np.ndarray:
    """Polynomial-fit SMOTE (polynomial): the curve fitted through class ``c`` at positions ``t``, in ``result.X``'s
    units (a standardised run's curve was fitted on z-scored features: undone here). Shape ``(len(t), n_features)``.
    """
    t = np.atleast_1d(np.asarray(t, dtype=np.float64))
    points = np.column_stack([np.polyval(coef, t) for coef in result.sampler.curves_[c]])
    if result.zscore is not None:
        mean, scale = result.zscore
        points = points * scale + mean
    return points


def _around(result: ResampleResult, c, t: float) -> tuple[int, int, int, int]:
    """The positions ``lo ≤ t ≤ hi`` along class ``c``'s curve next to ``t`` and the rows of ``X`` there."""
    order = curve_order(result, c)
    lo = min(int(np.floor(t)), len(order) - 1)
    hi = min(lo + 1, len(order) - 1)
    return lo, hi, int(order[lo]), int(order[hi])


def _explain_without_pair(result: ResampleResult, i: int, names: list) -> pd.DataFrame:
    p = result.provenance.iloc[i]
    new = result.X_syn[i]
    if result.kinds[i] == "to_mean":
        x, mean = result.X[int(p["parent"])], class_mean(result, p["class"])
        return pd.DataFrame({
            "feature": names,
            "x (parent)": x,
            "class mean": mean,
            "class mean − x": mean - x,
            "λ": np.full(len(names), float(p["gap"])),
            "x_new = x + λ·(class mean − x)": new,
        })
    t = float(p["position"])
    lo, hi, row_lo, row_hi = _around(result, p["class"], t)
    return pd.DataFrame({
        "feature": names,
        f"row {row_lo} (t = {lo})": result.X[row_lo],
        f"row {row_hi} (t = {hi})": result.X[row_hi],
        f"x_new = curve at t = {t:.2f}": new,
    })


def topology_sentence(result: ResampleResult, i: int, quote=str) -> str | None:
    """How Polynomial-fit SMOTE made synthetic point ``i``, as Markdown for the page (``quote`` makes a class label
    safe to show); None for the other samplers. A row toward the class mean says so ("between row 12 and the class
    mean"), a row on the fitted curve says it has no parent pair — neither is given a neighbour it does not have."""
    topology = getattr(result.sampler, "topology", None)
    if "kind" not in result.provenance or topology is None:
        return None
    _check_point(result, i)
    p = result.provenance.iloc[i]
    c, kind = quote(p["class"]), result.kinds[i]
    head = f"Synthetic point **#{i}** (class **{c}**)"
    if kind == "curve":
        t = float(p["position"])
        lo, hi, row_lo, row_hi = _around(result, p["class"], t)
        n = len(curve_order(result, p["class"]))
        return (f"{head} lies **on the curve fitted through class {c}** (no parent pair): the class's {n} samples "
                f"are put in order by the mean of their features, each feature is fitted by a polynomial of degree "
                f"{result.sampler.degree} in the position t = 0 … {n - 1}, and this point is the curve at "
                f"**t = {t:.2f}**, between the samples at t = {lo} (row **{row_lo}**) and t = {hi} (row "
                f"**{row_hi}**). The curve is the black line in the figure.")
    parent, gap = int(p["parent"]), float(p["gap"])
    if kind == "to_mean":
        return (f"{head} lies **between row {parent} and the class mean**: x_new = row **{parent}** + λ · (class "
                f"mean − row {parent}), with **λ = {gap:.4f}**. The star topology links every sample of the class "
                "to the class's mean (✚ in the figure) and spaces new points evenly on each link; there is no "
                "neighbour row.")
    neighbor = int(p["neighbor"])
    how = ("The bus topology links each sample of the class to the next one in the data's row order: rows "
           f"{parent} and {neighbor} follow each other." if topology == "bus" else
           "The mesh topology links every pair of samples of the class.")
    return (f"{head} = row **{parent}** + λ · (row **{neighbor}** − row {parent}), with **λ = {gap:.4f}**. {how} "
            "New points are spaced evenly on each link; no neighbours are searched, so k plays no part.")


def explain_votes(result: ResampleResult, i: int) -> pd.DataFrame:
    """How SMOTE-NC / SMOTE-N chose each category of synthetic point ``i``: the voters' values and the winner.

    One row per category column, all cells text: ``parent`` and ``neighbour`` (SMOTE-NC) values, ``votes`` such as
    ``"“red” ×3 · “blue” ×2"`` (most votes first), and ``x_new``, the category the new row got.
    """
    _check_point(result, i)
    if not result.votes:
        raise SmoteError("this sampler does not vote for categories: only SMOTE-NC and SMOTE-N do.")
    p = result.provenance.iloc[i]
    voters = list(p["voters"])
    rows = []
    for col in result.encoding.categorical:
        values = result.frame[col]
        tally = values.iloc[voters].astype(str).value_counts(sort=False)
        tally = tally.sort_values(ascending=False, kind="stable")
        rows.append({
            "feature": str(col),
            "x (parent)": str(values.iloc[int(p["parent"])]),
            "x_nn (neighbour)": str(values.iloc[int(p["neighbor"])]) if int(p["neighbor"]) >= 0 else "—",
            "votes": " · ".join(f"“{v}” ×{n}" for v, n in tally.items()),
            "x_new (most votes)": str(result.syn_frame[col].iloc[i]),
        })
    return pd.DataFrame(rows)


def _check_point(result: ResampleResult, i: int) -> None:
    if not 0 <= i < result.n_synthetic:
        raise SmoteError(f"there is no synthetic point {i}; there are {plural(result.n_synthetic, 'point')}.")


def fractional_categories(result: ResampleResult) -> dict | None:
    """For a numeric sampler run on one-hot encoded categories: how many synthetic rows hold fractional categories.

    Returns None when the data has no category column or the sampler voted; else ``{"rows": count, "example":
    (synthetic number, column, {category: share})}`` with ``example`` None when no row is fractional.
    """
    enc = result.encoding
    if enc is None or not enc.categorical or result.votes or result.n_synthetic == 0:
        return None
    bad = fractional_rows(enc, result.X_syn)
    example = None
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        for col, cols in enc.column_groups().items():
            block = result.X_syn[i, cols]
            if not is_one_hot(block):
                cats = enc.categories[enc.categorical.index(col)]
                example = (i, col, {c: float(v) for c, v in zip(cats, block) if v > 1e-12})
                break
    return {"rows": int(bad.sum()), "example": example}


def variant_layers(result: ResampleResult) -> list:
    """Markers a variant adds over the originals: Borderline-SMOTE's danger and noise samples, SVM-SMOTE's support
    vectors, the k-means clusters KMeans-SMOTE sampled from. Empty for the others."""
    from .figures import Layer

    sampler = result.sampler
    layers = []
    typology = getattr(sampler, "typology_", None)
    if typology is not None and len(typology):
        for kind, symbol in (("danger", "star-open"), ("noise", "x-thin-open")):
            rows = typology.loc[typology["type"] == kind, "position"].to_numpy(dtype=int)
            if len(rows):
                layers.append(Layer(f"in {kind} ({len(rows)})" if kind == "danger" else f"noise ({len(rows)})",
                                    rows, symbol=symbol, size=16))
    support = getattr(sampler, "support_", None)
    if isinstance(support, dict):
        support = np.concatenate([np.asarray(v, dtype=int) for v in support.values()]) if support else None
    if support is not None and len(support):
        rows = np.asarray(support, dtype=int)
        layers.append(Layer(f"support vectors ({len(rows)})", rows, symbol="circle-open", size=17))
    clusters = getattr(sampler, "cluster_labels_", None)
    weights = getattr(sampler, "cluster_weights_", None)
    if isinstance(clusters, dict) and isinstance(weights, dict):
        used = np.zeros(len(result.y), dtype=bool)
        for c, labels in clusters.items():
            chosen = [cl for cl, w in weights.get(c, {}).items() if w > 0]
            used |= np.isin(np.asarray(labels), chosen) & (result.y == c)
        rows = np.flatnonzero(used)
        if len(rows):
            layers.append(Layer(f"in a sampled k-means cluster ({len(rows)})", rows, symbol="hexagon-open", size=15))
    layers += _level_layers(result, getattr(sampler, "levels_", None), (
        (lambda lv: lv == 1, "proximity level 1, nearest the border", "star-open"),
        (lambda lv: lv == 2, "proximity level 2", "circle-open")))
    safe = getattr(sampler, "safe_levels_", None)
    if isinstance(safe, dict) and safe:
        k = sampler.k_neighbors if isinstance(sampler.k_neighbors, int) else 5  # a neighbours object: its default
        layers += _level_layers(result, safe, (
            (lambda lv: lv == 0, "safe level 0: no neighbour of its class", "x-thin-open"),
            (lambda lv: (lv >= 1) & (lv <= k // 2), f"safe level 1–{k // 2}: unsafe", "circle-open")))
    return layers


def variant_marks(result: ResampleResult, projection) -> list:
    """Points a variant made and threw away, placed in a linear ``projection``: the candidates Lee's SMOTE
    rejected (most of their nearest rows of another class). Empty for the others, and in t-SNE and UMAP (placing
    them would take the worker's time)."""
    from .figures import Mark

    rejected = getattr(result.sampler, "rejected_", None)
    if not isinstance(rejected, pd.DataFrame) or not len(rejected) or not projection.is_linear:
        return []
    X_rejected = interpolate(result.X, rejected["parent"].to_numpy(), rejected["neighbor"].to_numpy(),
                             rejected["gap"].to_numpy())
    return [Mark(f"rejected candidates ({len(rejected):,})", projection.transform(X_rejected))]


#: Positions along a fitted curve at which it is drawn (Polynomial-fit SMOTE, polynomial).
CURVE_STEPS = 200


def without_pair_shapes(result: ResampleResult, projection) -> tuple[np.ndarray | None, list, list]:
    """What Polynomial-fit SMOTE's rows without a neighbour row are drawn with, in a linear ``projection``:
    ``(ends, lines, marks)``.

    ``ends``: for each synthetic point the other end of its segment when that is no original row — its class's mean
    for a star row, NaN otherwise (None when no row is of that kind); ``marks``: each such class's mean (✚);
    ``lines``: the curve fitted through each class (polynomial), which its rows lie on. Nothing in t-SNE and UMAP
    (placing the means and curves there would take the worker's time), nor for the other samplers.
    """
    from .figures import Line, Mark, legend_text

    kinds = result.kinds
    if not projection.is_linear or not len(kinds) or (kinds == "pair").all():
        return None, [], []
    classes = result.provenance["class"].to_numpy()
    ends, lines, marks = None, [], []
    to_mean = kinds == "to_mean"
    if to_mean.any():
        ends = np.full((len(kinds), np.shape(projection.embedding)[1]), np.nan)
        for c in pd.unique(classes[to_mean]):
            at = projection.transform(class_mean(result, c)[None])
            ends[to_mean & (classes == c)] = at
            marks.append(Mark(f"class mean of {legend_text(c)}", at, symbol="cross", colour="#000000", size=15,
                              opacity=1.0, outline="#FFFFFF", on_top=True))
    for c in pd.unique(classes[kinds == "curve"]):
        t = np.linspace(0, len(curve_order(result, c)) - 1, CURVE_STEPS)
        lines.append(Line(f"curve fitted through {legend_text(c)}", projection.transform(curve_points(result, c, t))))
    return ends, lines, marks


#: Vertices of the outline drawn around the region a Geometric SMOTE point was drawn from.
REGION_VERTICES = 72

def region_points(result: ResampleResult, projection, i: int, vertices: int = REGION_VERTICES) -> np.ndarray | None:
    """Geometric SMOTE: points on the boundary of the region synthetic point ``i`` was drawn from, in ``result.X``'s
    units, whose places in the linear 2-D ``projection`` trace the outline of the region's projection.

    The region is the sphere of centre ``x`` (the parent) and radius ``R`` (``provenance["radius"]``, in the
    sampler's units: z-scored when the neighbours were searched on z-scored features), truncated and deformed by
    the sampler's ``truncation_factor`` and ``deformation_factor`` (see
    :class:`smote_core.samplers.geometric.GeometricSMOTE`). It is convex, so its projection is the convex set whose
    boundary holds, for each direction ``w`` of the picture, the projection of the region's point farthest along
    ``w``; that point is found exactly, for ``vertices`` directions evenly spread, with the projection's linear
    part measured through :meth:`~smote_core.views.projection.Projection.transform` (so a PCA fitted on
    standardised features, or a sampler on z-scored ones, is taken into account rather than assumed away). For the
    whole sphere (truncation 0, deformation 0) every point is at distance ``R`` from ``x`` in the sampler's units.

    Parameters
    ----------
    result : ResampleResult
    projection : Projection
        A fitted projection; only a linear 2-D one (PCA, raw features) gets points.
    i : int
        A synthetic point.
    vertices : int, default=72

    Returns
    -------
    ndarray of shape (vertices, n_features) or None
        None for the other samplers, for t-SNE, UMAP and 3-D views, and for a zero radius.
    """
    if ("radius" not in result.provenance or not projection.is_linear or projection.n_components != 2
            or not 0 <= i < result.n_synthetic):
        return None
    p = result.provenance.iloc[i]
    x = result.X[int(p["parent"])]
    radius = float(p["radius"])
    if not radius > 0:
        return None
    scale = result.zscore[1] if result.zscore is not None else np.ones(len(x))
    e = (result.X[int(p["neighbor"])] - x) / scale / radius  # toward the surface point, in the sampler's units
    e = e / np.linalg.norm(e)
    linear = (projection.transform(x + np.diag(scale)) - projection.transform(x[None])).T  # (2, d) per sampler unit
    angles = np.linspace(0.0, 2 * np.pi, vertices, endpoint=False)
    g = np.column_stack([np.cos(angles), np.sin(angles)]) @ linear  # each direction pulled back: (vertices, d)
    along = g @ e
    across = g - along[:, None] * e
    q = np.linalg.norm(across, axis=1)
    unit = np.divide(across, q[:, None], out=np.zeros_like(across), where=q[:, None] > 1e-12 * (np.abs(g).max() or 1))
    shrink = 1.0 - float(getattr(result.sampler, "deformation_factor", 0.0))
    truncation = float(getattr(result.sampler, "truncation_factor", 0.0))
    # the farthest point along g of the ellipse a² + (p / shrink)² ≤ 1 (p ≥ 0), then of its truncated part
    norm = np.hypot(along, shrink * q)
    a = np.divide(along, norm, out=np.zeros_like(along), where=norm > 0)
    b = np.divide(shrink ** 2 * q, norm, out=np.zeros_like(q), where=norm > 0)
    cut = truncation - 1 if truncation > 0 else truncation + 1 if truncation < 0 else None
    if cut is not None:
        off = a < cut if truncation > 0 else a > cut
        a = np.where(off, cut, a)
        b = np.where(off & (q > 0), shrink * np.sqrt(max(0.0, 1 - cut ** 2)), b)
    return x + scale * radius * (a[:, None] * e + b[:, None] * unit)


def region_outline(result: ResampleResult, projection, i: int | None,
                   vertices: int = REGION_VERTICES) -> np.ndarray | None:
    """The closed outline of :func:`region_points` placed in ``projection``: ``vertices + 1`` rows, the last the
    first again; None where nothing is drawn (no point ``i``, not Geometric SMOTE, t-SNE, UMAP, 3-D)."""
    if i is None:
        return None
    points = region_points(result, projection, i, vertices)
    if points is None:
        return None
    xy = projection.transform(points)
    return np.vstack([xy, xy[:1]])


def _level_layers(result: ResampleResult, levels, kinds) -> list:
    """Rings over the samples whose level (ProWSyn's proximity level, Safe-Level-SMOTE's safe level; ``levels``:
    ``{class: one level per sample of the class, in X's order}``) passes each ``(test, name, symbol)`` of
    ``kinds``."""
    from .figures import Layer

    if not isinstance(levels, dict) or not levels:
        return []
    layers = []
    for test, name, symbol in kinds:
        rows = np.concatenate([np.flatnonzero(result.y == c)[test(np.asarray(lv))] for c, lv in levels.items()])
        if len(rows):
            layers.append(Layer(f"{name} ({len(rows)})", np.sort(rows).astype(int), symbol=symbol, size=16))
    return layers


# ---------------------------------------------------------------------------------------------- the view's figure
def class_order(result: ResampleResult) -> list:
    """The classes largest first: the order (and so the colours) every figure of the app gives them."""
    return sorted(result.counts_before, key=result.counts_before.get, reverse=True)


def projection_for(method: str, fx, fy, feature_names, fz=None) -> tuple[str, tuple | None]:
    """The projection to fit for a view: ``(method, features)``, ``features`` the positions of the raw features.

    ``raw`` needs two different features of ``feature_names`` (``fx``, ``fy``); without them the view is drawn with
    PCA. ``raw3d`` needs three (``fx``, ``fy``, ``fz``); without them it is drawn with PCA 3-D.
    """
    names = list(feature_names)
    if method == "raw3d":
        chosen = (fx, fy, fz)
        if all(f in names for f in chosen) and len(set(chosen)) == 3:
            return "raw3d", tuple(names.index(f) for f in chosen)
        return "pca3d", None
    if method != "raw":
        return method, None
    if fx in names and fy in names and fx != fy:
        return "raw", (names.index(fx), names.index(fy))
    return "pca", None


def selection(result: ResampleResult, selected: int | None) -> tuple[int | None, np.ndarray | None]:
    """A synthetic point to explain, checked (None when there is no such point), and its parent's k neighbours
    (None for a sampler that searched none: Polynomial-fit SMOTE)."""
    if selected is None or not 0 <= selected < result.n_synthetic:
        return None, None
    if not result.takes_k:
        return selected, None
    return selected, neighbors_of(result, int(result.provenance["parent"].iloc[selected]))


def typology_layers(typology: pd.DataFrame) -> list:
    """Markers for the minority samples that are not safe (``typology``: see
    :func:`smote_core.analysis.diagnostics.minority_typology`)."""
    from .figures import Layer

    layers = []
    for kind, symbol in (("borderline", "square-open"), ("rare", "triangle-up-open"), ("outlier", "x-thin-open")):
        rows = typology.loc[typology["type"] == kind, "row"].to_numpy()
        if len(rows):
            layers.append(Layer(f"{kind} minority ({len(rows)})", rows, symbol=symbol, size=15))
    return layers


@dataclass
class Picture:
    """A view drawn: the resample, the projection it is drawn in, the synthetic points' coordinates, the figure."""

    result: ResampleResult
    projection: object  # a fitted smote_core.views.projection.Projection
    syn_xy: np.ndarray
    figure: object  # plotly Figure
    n_segments: int  # segments drawn
    selected: int | None = None  # the synthetic point explained (checked), or None
    knn: np.ndarray | None = None  # its parent's k nearest neighbours
    syn_ends: np.ndarray | None = None  # segments' ends that are no original row (see without_pair_shapes)


def picture(result: ResampleResult, projection, syn_xy, *, selected: int | None = None, sampler_layers: bool = False,
            layers=(), **options) -> Picture:
    """Draw ``result`` in ``projection`` (``syn_xy``: its synthetic rows placed there).

    ``selected``: a synthetic point to explain (ignored when there is none such). ``sampler_layers``: add the
    sampler's own markers (:func:`variant_layers`) before ``layers``. ``options``: the remaining
    :class:`~smote_core.views.figures.ExploreFigureData` fields, e.g. ``max_segments``, ``uirevision``, ``height``.
    """
    from .figures import ExploreFigureData, explore_figure

    selected, knn = selection(result, selected)
    drawn = (variant_layers(result) if sampler_layers else []) + list(layers)
    if sampler_layers and "marks" not in options:
        options["marks"] = variant_marks(result, projection)
    ends, lines, means = without_pair_shapes(result, projection)
    options.setdefault("syn_ends", ends)
    options["lines"] = list(options.get("lines", ())) + lines
    options["marks"] = list(options.get("marks", ())) + means
    options.setdefault("selected_region", region_outline(result, projection, selected))
    figure, n_segments = explore_figure(ExploreFigureData(
        orig_xy=projection.embedding, y=result.y, syn_xy=syn_xy, provenance=result.provenance,
        axis_labels=projection.axis_labels, selected=selected, selected_knn=knn, classes=class_order(result),
        removed_original=result.removed_original, removed_synthetic=result.removed_synthetic, layers=drawn,
        **options,
    ))
    return Picture(result, projection, syn_xy, figure, n_segments, selected, knn, options["syn_ends"])


#: The caption of a 3-D picture: how to turn it, and how to choose a point there (a 3-D scene sends no selection).
THREE_D_NOTE = ("Rotate with the mouse (scroll to zoom); in 3-D, choose a point to explain by its number, under "
                "“Where did a synthetic point come from?” below: clicking picks a point in the 2-D views only.")


#: What Polynomial-fit SMOTE's picture shows, per topology (under the figure).
TOPOLOGY_NOTES = {
    "star": "Polynomial-fit SMOTE (star) links every minority sample to its class's mean (✚) and spaces the new "
            "points evenly on those links: the grey lines run from each sample to the mean, not to a neighbour.",
    "bus": "Polynomial-fit SMOTE (bus) links each minority sample to the next one in the data's row order and "
           "spaces the new points evenly on those links (the grey lines). No neighbours are searched: k plays no "
           "part.",
    "mesh": "Polynomial-fit SMOTE (mesh) links every pair of minority samples and spaces the new points evenly on "
            "those links (the grey lines: the links that got a point). No neighbours are searched: k plays no part.",
    "polynomial": "Polynomial-fit SMOTE (polynomial) fits a curve through each class (the black line: the samples "
                  "put in order by the mean of their features, each feature a polynomial of degree {degree} of that "
                  "position) and puts the new points on it: they have no parent pair, so no segments are drawn.",
}


def picture_notes(pic: Picture) -> list[str]:
    """Sentences under the figure: what it leaves out or cannot show (segments, thinned points, projections), and
    for a 3-D picture how to turn it (:data:`THREE_D_NOTE`)."""
    from .figures import REGION_NAME, thin_points

    res, proj = pic.result, pic.projection
    notes = [THREE_D_NOTE] if np.shape(proj.embedding)[1] == 3 else []
    if not res.interpolates:
        spots = len(np.unique(proj.embedding.round(9), axis=0))
        notes.append(
            "SMOTE-N copies voted categories, so there is no parent → neighbour segment to draw. With only "
            f"categories, rows sharing every category sit on one spot: {spots:,} distinct spots for "
            f"{len(res.y):,} rows."
        )
    elif res.n_synthetic > pic.n_segments and (res.kinds != "curve").any():
        notes.append(
            f"Showing segments for {pic.n_segments:,} of {res.n_synthetic:,} synthetic points "
            "(raise “Segments to draw” to see more)."
        )
    n_orig_drawn, n_syn_drawn = len(thin_points(res.y)), len(thin_points(res.y_syn))
    if n_orig_drawn < len(res.y) or n_syn_drawn < res.n_synthetic:
        notes.append(
            f"Drawing {n_orig_drawn:,} of {len(res.y):,} original and {n_syn_drawn:,} of {res.n_synthetic:,} "
            "synthetic points (a fixed sample, smaller classes kept whole) so the browser stays quick; the counts "
            "and diagnostics use every row."
        )
    rejected = getattr(res.sampler, "rejected_", None)
    if isinstance(rejected, pd.DataFrame) and len(rejected):
        shown = " (✕ in the figure)" if proj.is_linear else ""
        notes.append(f"Lee's SMOTE rejected {len(rejected):,} candidates{shown} (most of their nearest rows of "
                     "another class) and drew again in their place.")
    if "radius" in res.provenance:
        notes.append("Geometric SMOTE draws each point inside a region around its parent (a sphere reaching to its "
                     "surface point, truncated and deformed), not on a segment: the grey lines join parent and "
                     "surface point. Click a point for its region"
                     + (f" (the black outline, “{REGION_NAME}”: that sphere truncated toward or away from the surface "
                        "point and pressed toward the line through it, as the sampler's settings say, then projected)."
                        if proj.is_linear and np.shape(proj.embedding)[1] == 2 else
                        "; the region itself is drawn in the 2-D PCA and raw-feature views only."))
    topology = getattr(res.sampler, "topology", None)
    if "kind" in res.provenance and topology in TOPOLOGY_NOTES:
        notes.append(TOPOLOGY_NOTES[topology].format(degree=getattr(res.sampler, "degree", 2))
                     + ("" if proj.is_linear or topology in ("bus", "mesh") else
                        f" The {'class means and their links' if topology == 'star' else 'curve'} are drawn in the "
                        "PCA and raw-feature views only."))
    return notes + [n for n in (proj.linear_note(), proj.note) if n]


_BREAK_AFTER = "_-./\\"


def breakable(text, long: int = 12) -> str:
    """``text`` with invisible break opportunities (U+200B) after ``_ - . / \\`` inside words longer than ``long``
    characters, so that a narrow column wraps a long file name between its parts instead of in the middle of one.

    >>> breakable("credit_card_transactions.csv").split("\u200b")
    ['credit_', 'card_', 'transactions.', 'csv']
    >>> breakable("Breast cancer (Wisconsin)")
    'Breast cancer (Wisconsin)'
    """
    words = str(text).split(" ")
    for i, word in enumerate(words):
        if len(word) > long:
            words[i] = "".join(ch + ("\u200b" if ch in _BREAK_AFTER else "") for ch in word[:-1]) + word[-1]
    return " ".join(words)


def counts_table(result: ResampleResult) -> pd.DataFrame:
    """Rows per class before and after resampling, the classes as text."""
    counts = pd.DataFrame(
        {"before": pd.Series(result.counts_before), "after": pd.Series(result.counts_after)}
    ).rename_axis("class")
    counts.index = counts.index.map(str)
    return counts


# ---------------------------------------------------------------------------------------------- diagnostics
#: How the page says which space a distance-based number was measured in (``standardize`` off / on).
SPACE_NAMES = {False: "in raw units", True: "in standardised units"}


def space_name(standardize: bool) -> str:
    """``"in standardised units"`` or ``"in raw units"``: the space of the neighbour search and the diagnostics."""
    return SPACE_NAMES[bool(standardize)]


def typology(X, y, *, standardize: bool = False) -> pd.DataFrame:
    """The originals' minority typology (:func:`smote_core.analysis.diagnostics.minority_typology`), with distances
    measured in the space of the neighbour search: z-scored features with ``standardize``, else the raw ones."""
    X = np.asarray(X, dtype=np.float64)
    return diagnostics.minority_typology(_zscored(X) if standardize else X, y)


def typology_table(typology: pd.DataFrame) -> pd.DataFrame:
    """:func:`smote_core.analysis.diagnostics.typology_counts` turned for a narrow column: one row per type (safe,
    borderline, rare, outlier), one column per minority class (as text)."""
    counts = diagnostics.typology_counts(typology).T
    counts.columns = [str(c) for c in counts.columns]
    counts.index.name = "type"
    return counts


def kept_synthetic(result: ResampleResult) -> np.ndarray:
    """The numbers of the synthetic rows that are in the resampled data: all of them, except those a cleaning step
    (SMOTE + Tomek, SMOTE + ENN) removed."""
    keep = np.ones(result.n_synthetic, dtype=bool)
    keep[np.asarray(result.removed_synthetic, dtype=int)] = False
    return np.flatnonzero(keep)


@dataclass
class Diagnosis:
    """What the diagnostics say about the synthetic rows of a view that end up in the resampled data."""

    landing: dict  # diagnostics.intrusion of the kept synthetic rows against every original row
    gaps: dict | None  # diagnostics.gap_summary of their λ (None when none is kept)
    usage: pd.DataFrame | None  # diagnostics.usage_summary of their parents (None when none is kept)
    kept: np.ndarray  # their numbers (see kept_synthetic)
    n_made: int  # synthetic rows the over-sampler made, removed ones included
    space: str  # "in standardised units" or "in raw units": where the distances were measured
    usage_note: str | None = None  # why there is no usage table although rows were kept (no row has a parent)

    @property
    def n_kept(self) -> int:
        return len(self.kept)

    @property
    def share(self) -> float:
        """The share of the kept synthetic rows whose nearest original is of another class (NaN: none kept)."""
        return self.landing["share"]

    def counted_on(self) -> str:
        """Which rows the numbers are counted on, as a sentence for the page."""
        if self.n_kept == self.n_made:
            return f"Counted on all {self.n_made:,} synthetic points, distances {self.space}."
        return (f"Counted on the {self.n_kept:,} synthetic points the cleaning kept ({self.n_made - self.n_kept:,} of "
                f"{self.n_made:,} removed), distances {self.space}.")


def diagnose(result: ResampleResult, *, standardize: bool = False) -> Diagnosis:
    """The diagnostics of ``result`` on the synthetic rows the resampled data keeps (:func:`kept_synthetic`).

    Where they land — whether the nearest original row (among every original: the real data, including rows a
    cleaning step removed from the training set) is of another class — is measured in the space of the neighbour
    search: z-scored features (each column's mean and standard deviation over the originals) with
    ``standardize``, else the raw values. The λ distribution and the parents' usage are of the same kept rows.
    """
    keep = kept_synthetic(result)
    X = np.asarray(result.X, dtype=np.float64)
    S = np.asarray(result.X_syn, dtype=np.float64)[keep]
    if standardize:
        X, S = _zscored(X), _zscored(S, X)
    landing = diagnostics.intrusion(X, result.y, S, result.y_syn[keep])
    kept_provenance = result.provenance.iloc[keep]
    has_rows = len(keep) > 0
    with_parent = kept_provenance[kept_provenance["parent"].to_numpy() >= 0]  # a row on a fitted curve has none
    return Diagnosis(
        landing=landing,
        gaps=diagnostics.gap_summary(kept_provenance) if has_rows else None,
        usage=diagnostics.usage_summary(with_parent, result.y) if len(with_parent) else None,
        kept=keep, n_made=result.n_synthetic, space=space_name(standardize),
        usage_note=None if len(with_parent) or not has_rows else
        "No parents: these points lie on a curve fitted through their class, not between rows.",
    )


def usage_sentences(usage: pd.DataFrame, quote=str) -> list[str]:
    """One Markdown sentence per class of :func:`smote_core.analysis.diagnostics.usage_summary`: how many of its
    samples were never a parent, against what uniform random picks would leave, and how often the busiest was used.
    ``quote`` makes a class label safe to show (the page escapes Markdown)."""
    return [
        f"Class **{quote(c)}**: {int(row['never_parent'])} of {int(row['n_samples'])} samples were never a parent "
        f"({row['share_never_parent']:.0%}; uniform random picks would leave about "
        f"{row['expected_share_never_parent']:.0%}). The busiest was used {plural(int(row['max_uses']), 'time')}."
        for c, row in usage.iterrows()
    ]


def scale_warning(X, feature_names, *, standardize: bool) -> str | None:
    """When the features' scales differ more than tenfold and the search is not standardised: the sentence of
    :func:`smote_core.analysis.diagnostics.feature_scales` naming the columns that decide the distances; else None."""
    if standardize:
        return None
    return diagnostics.feature_scales(X, feature_names)["sentence"]


#: The short introduction at the top of Explore (Markdown).
INTRO = (
    "**SMOTE** makes new minority-class points: it picks a minority sample, one of its **k** nearest minority "
    "neighbours, and a random point λ of the way along the segment between them.",
    "**Try first:** move **k** in the sidebar and watch the grey segments reach further; then **click a synthetic "
    "point** (◇) to see the parent, the neighbour and the λ that made it.",
)
