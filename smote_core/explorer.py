"""What the Explore page computes, as pure functions: resample for a view, explain one synthetic point."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._validation import SmoteError, check_y, plural
from .sampling import class_counts, fraction_of_majority
from .smote import interpolate
from .state import K_MAX
from .variants import make_sampler


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

    @property
    def n_synthetic(self) -> int:
        return len(self.provenance)


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


def resample(X, y, *, k: int, ratio: float, seed: int, standardize: bool = False, variant: str = "smote",
             params: dict | None = None) -> ResampleResult:
    """Run a sampler for the Explore view.

    ``ratio`` grows every class to at least ``ratio`` × the majority's size (any number of classes). With
    ``standardize``, neighbours are searched on z-scored features; since SMOTE's interpolation is affine, the new
    rows are then computed on the original features from the same parents, neighbours and λ.
    ``variant`` names a sampler of :data:`smote_core.variants.VARIANTS`; ``params`` are its own parameters.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    strategy = fraction_of_majority(y, ratio)
    search = X
    if standardize:
        scale = X.std(axis=0)
        scale[scale == 0] = 1.0
        search = (X - X.mean(axis=0)) / scale
    counts = class_counts(y)
    if all(strategy[c] == counts[c] for c in counts):
        return ResampleResult(
            X=X, y=y, X_syn=np.empty((0, X.shape[1])), y_syn=y[:0],
            provenance=pd.DataFrame({"parent": [], "neighbor": [], "gap": [], "class": []}), nn_indices={}, k=k,
            counts_before=counts, counts_after=counts, variant=variant,
        )
    sampler = make_sampler(variant, k=k, sampling_strategy=strategy, random_state=seed, **(params or {}))
    X_res, y_res = sampler.fit_resample(search, y)
    over = getattr(sampler, "smote_", sampler)  # the over-sampling step of SMOTE-Tomek / SMOTE-ENN
    provenance = over.provenance_
    if over is sampler and not standardize:
        X_syn = np.asarray(X_res)[len(y):]  # the sampler's own rows, bit for bit
    else:  # recomputed in the original units from the same parents, neighbours and λ
        X_syn = interpolate(X, provenance["parent"].to_numpy(), provenance["neighbor"].to_numpy(),
                            provenance["gap"].to_numpy())
    removed = getattr(sampler, "removed_", None)
    removed_original = removed_synthetic = np.empty(0, dtype=int)
    if removed is not None:
        removed_original = removed.loc[removed["source"] == "original", "index"].to_numpy(dtype=int)
        removed_synthetic = removed.loc[removed["source"] == "synthetic", "index"].to_numpy(dtype=int)
    return ResampleResult(
        X=X, y=y, X_syn=X_syn, y_syn=provenance["class"].to_numpy(), provenance=provenance,
        nn_indices=getattr(over, "nn_indices_", {}), k=k, counts_before=counts,
        counts_after=class_counts(np.asarray(y_res)), variant=variant, removed_original=removed_original,
        removed_synthetic=removed_synthetic, sampler=sampler,
    )


def neighbors_of(result: ResampleResult, row: int) -> np.ndarray:
    """Positions in X of the k neighbours original row ``row`` chose from (same-class for SMOTE; Borderline-SMOTE 2
    searches every class)."""
    c = result.y[row]
    if c not in result.nn_indices:
        raise SmoteError(f"class {c!r} received no synthetic rows, so its neighbours were not searched.")
    members = np.flatnonzero(result.y == c)
    return result.nn_indices[c][np.searchsorted(members, row)]


def explain(result: ResampleResult, i: int, feature_names) -> pd.DataFrame:
    """The formula ``x_new = x + λ·(x_nn − x)`` with the numbers of synthetic point ``i``, one row per feature."""
    if not 0 <= i < result.n_synthetic:
        raise SmoteError(f"there is no synthetic point {i}; there are {plural(result.n_synthetic, 'point')}.")
    p = result.provenance.iloc[i]
    parent, neighbor, gap = int(p["parent"]), int(p["neighbor"]), float(p["gap"])
    x, x_nn = result.X[parent], result.X[neighbor]
    return pd.DataFrame(
        {
            "feature": list(feature_names),
            "x (parent)": x,
            "x_nn (neighbour)": x_nn,
            "x_nn − x": x_nn - x,
            "λ": gap,
            "x_new = x + λ·(x_nn − x)": result.X_syn[i],
        }
    )


def check_target(labels, name: str = "target") -> dict:
    """Check a column of class labels before anything else: not continuous, at least two classes.

    Returns the class counts. Rows without a label are ignored here (:func:`prepare_frame` drops them).
    """
    labels = pd.Series(labels).dropna()
    y, _ = check_y(labels, len(labels))
    counts = class_counts(y)
    if len(counts) < 2:
        raise SmoteError(
            f"the target “{name}” has only one class ({next(iter(counts), None)!r}): SMOTE needs at least two. "
            "Pick another target column."
        )
    return counts


def near_duplicate_labels(labels) -> list[list]:
    """Groups of class labels that differ only by case or surrounding spaces ("Fraud", "fraud ")."""
    groups: dict = {}
    for label in pd.Series(labels).dropna().unique():
        if isinstance(label, str):
            groups.setdefault(label.strip().casefold(), []).append(label)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def merge_labels(labels, groups) -> pd.Series:
    """Replace every label of each group by the group's most frequent spelling."""
    labels = pd.Series(labels)
    counts = labels.value_counts()
    mapping = {}
    for group in groups:
        keep = max(group, key=lambda g: (counts.get(g, 0), g))
        mapping.update({g: keep for g in group})
    return labels.map(lambda v: mapping.get(v, v))


def prepare_frame(frame: pd.DataFrame, target: str, features, missing: str | None = None):
    """Keep ``features`` and ``target``, deal with missing values, and check the result can be resampled.

    Parameters
    ----------
    frame : DataFrame
    target : str
        The class-label column. Rows without a label are dropped.
    features : list of str
        Numeric (or boolean) feature columns.
    missing : {None, "drop", "median"}
        What to do with rows whose features have missing values; ``None`` refuses them with an error.

    Returns
    -------
    prepared : DataFrame
        The feature columns as float64, then the target.
    messages : list of str
        What was done, one sentence each, for the page.
    """
    features = list(features)
    if not features:
        raise SmoteError("no feature columns chosen: pick at least one numeric column.")
    if target in features:
        raise SmoteError(f"“{target}” is the target, so it cannot also be a feature: remove it from the features.")
    text = [c for c in features if not (pd.api.types.is_numeric_dtype(frame[c]) or pd.api.types.is_bool_dtype(frame[c]))]
    if text:
        raise SmoteError(
            "column(s) " + ", ".join(f"“{c}”" for c in text) + " are not numeric: SMOTE interpolates numbers, "
            "so remove them from the features (or encode them as numbers first)."
        )
    out = frame[features].astype(np.float64)
    out[target] = frame[target].to_numpy()
    messages = []
    no_label = out[target].isna()
    if no_label.any():
        out = out[~no_label]
        messages.append(f"Dropped {plural(int(no_label.sum()), 'row')} without a class label.")
    gaps = out[features].isna() | ~np.isfinite(out[features])
    if gaps.to_numpy().any():
        bad_rows = gaps.any(axis=1)
        cols = [c for c in features if gaps[c].any()]
        if missing == "drop":
            out = out[~bad_rows]
            messages.append(f"Dropped {plural(int(bad_rows.sum()), 'row')} with missing or infinite values.")
        elif missing == "median":
            for c in cols:
                col = out[c].where(~gaps[c])
                out[c] = col.fillna(col.median())
            messages.append(f"Filled missing values in {', '.join(f'“{c}”' for c in cols)} with the column median.")
        else:
            raise SmoteError(
                f"{plural(int(bad_rows.sum()), 'row')} have missing or infinite values (in "
                + ", ".join(f"“{c}”" for c in cols) + "): choose to drop those rows or fill them with the median."
            )
    out = out.reset_index(drop=True)
    y, _ = check_y(out[target], len(out))
    counts = class_counts(y)
    if len(counts) < 2:
        raise SmoteError(
            f"the target “{target}” has only one class ({next(iter(counts), None)!r}) after cleaning: SMOTE needs "
            "at least two. Pick another target column."
        )
    return out, messages


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
    return layers
