"""What the Export page offers: the resampled table with its provenance, and code that reproduces it."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..samplers.registry import get_record
from ..sampling import fraction_of_majority
from .explore import ResampleResult


def resampled_frame(result: ResampleResult, feature_names, target: str, ids: pd.DataFrame | None = None
                    ) -> pd.DataFrame:
    """The resampled data as one table: the surviving originals, then the surviving synthetic rows.

    Columns: the ``ids`` columns if given, the features, the target, ``is_synthetic``, ``source_row`` (an original's
    position in the data, empty for synthetic rows), and for synthetic rows ``synthetic_index``, ``parent``,
    ``neighbor`` and ``gap`` (λ), so that each synthetic row = row ``parent`` + gap · (row ``neighbor`` − row
    ``parent``) of the original data. Polynomial-fit SMOTE's rows also have ``kind`` and ``position`` (see
    :func:`provenance_note`): a row toward its class's mean (``to_mean``) has no ``neighbor``, a row on the fitted
    curve (``curve``) no ``parent``, ``neighbor`` or ``gap`` — left empty, never a made-up row.

    ``ids``: columns that name the original rows (an ``id`` left out of the features), one row per row of the data:
    an original row keeps its values, a synthetic row has none (it is no one). A name that the table already uses
    gets ``original_`` in front.
    """
    feature_names = list(feature_names)
    n, m = len(result.y), result.n_synthetic
    keep_orig = np.setdiff1d(np.arange(n), result.removed_original)
    keep_syn = np.setdiff1d(np.arange(m), result.removed_synthetic)
    prov = result.provenance.iloc[keep_syn]
    if result.votes:  # SMOTE-NC / SMOTE-N: the real columns, categories voted
        originals = result.frame.iloc[keep_orig].reset_index(drop=True)
        synthetic = result.syn_frame.iloc[keep_syn].reset_index(drop=True)
    else:  # the numbers the sampler worked on (with categories: the one-hot columns, fractions and all)
        originals = pd.DataFrame(result.X[keep_orig], columns=feature_names)
        synthetic = pd.DataFrame(result.X_syn[keep_syn], columns=feature_names)
    originals[target] = result.y[keep_orig]
    originals["is_synthetic"] = False
    originals["source_row"] = keep_orig
    synthetic[target] = result.y_syn[keep_syn]
    synthetic["is_synthetic"] = True
    synthetic["synthetic_index"] = keep_syn
    synthetic["parent"] = prov["parent"].to_numpy()
    synthetic["neighbor"] = prov["neighbor"].to_numpy()
    synthetic["gap"] = prov["gap"].to_numpy()
    if "voters" in prov:
        synthetic["voters"] = [" ".join(map(str, v)) for v in prov["voters"]]
    for c in ("kind", "position"):  # Polynomial-fit SMOTE: how the row was made, where on the curve
        if c in prov:
            synthetic[c] = prov[c].to_numpy()
    out = pd.concat([originals, synthetic], ignore_index=True)
    for c in ("source_row", "synthetic_index", "parent", "neighbor"):
        out[c] = out[c].astype("Int64")
    if "kind" in prov:  # -1 is no row: empty
        out[["parent", "neighbor"]] = out[["parent", "neighbor"]].mask(out[["parent", "neighbor"]] < 0)
    if result.votes and not result.interpolates:  # SMOTE-N: no neighbour, no λ
        out = out.drop(columns=["neighbor", "gap"])
    if ids is not None and ids.shape[1]:
        out = _with_ids(out, ids, keep_orig, len(keep_syn))
    return out


def _with_ids(out: pd.DataFrame, ids: pd.DataFrame, keep_orig: np.ndarray, n_syn: int) -> pd.DataFrame:
    """``out`` with the id columns in front: the originals' values, missing for the synthetic rows."""
    columns = {}
    for c in ids.columns:
        name = c
        while name in out.columns or name in columns:
            name = f"original_{name}"
        values = ids[c].iloc[keep_orig].reset_index(drop=True)
        blank = pd.Series([pd.NA] * n_syn, dtype=object)
        col = pd.concat([values.astype(object), blank], ignore_index=True)
        if pd.api.types.is_integer_dtype(ids[c]) and not pd.api.types.is_bool_dtype(ids[c]):
            col = col.astype("Int64")
        columns[name] = col
    front = pd.DataFrame(columns, index=out.index)
    return pd.concat([front, out], axis=1)


def provenance_frame(result: ResampleResult) -> pd.DataFrame:
    """The provenance alone: one row per synthetic point made, with whether a cleaning step removed it."""
    prov = result.provenance[["parent", "neighbor", "gap", "class"]].copy()
    prov.insert(0, "synthetic_index", np.arange(len(prov)))
    for column in result.provenance.columns.difference(prov.columns, sort=False):
        # a sampler's own provenance: SMOTE-NC/-N's voters, Safe-Level's per-feature gaps, Geometric's radius, …
        values = result.provenance[column]
        if len(values) and isinstance(values.iloc[0], (list, tuple, np.ndarray)):  # one list per row: in one cell
            values = [" ".join(map(str, v)) for v in values]
        prov[column] = list(values) if not isinstance(values, pd.Series) else values.to_numpy()
    if "kind" in result.provenance:  # Polynomial-fit SMOTE: -1 is no row (a class mean's link, a fitted curve)
        for c in ("parent", "neighbor"):
            prov[c] = prov[c].astype("Int64").mask(prov[c] < 0)
    removed = np.zeros(len(prov), dtype=bool)
    removed[result.removed_synthetic] = True
    prov["removed_by_cleaning"] = removed
    return prov


def provenance_note(result: ResampleResult) -> str | None:
    """What the provenance columns mean when a row has no neighbour row or no parent (Polynomial-fit SMOTE), as a
    sentence for the Export page; None for the other samplers."""
    if "kind" not in result.provenance:
        return None
    return ("Column kind says how each synthetic row was made: pair — row parent + gap · (row neighbor − row "
            "parent); to_mean — row parent + gap · (its class's mean − row parent), no neighbour row (neighbor "
            "empty); curve — on the curve fitted through its class at position t = position (each feature a "
            "polynomial in the position along the class), no parent pair (parent, neighbor and gap empty).")


def safe_filename(text: str, default: str = "data") -> str:
    """A file name made only of letters, digits, dots, dashes and underscores."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", str(text)).strip("._")
    return name[:80] or default


def python_snippet(*, variant: str, k: int, ratio: float, seed: int, y, feature_names, target: str,
                   csv_name: str, standardize: bool = False, params: dict | None = None, categorical=()) -> str:
    """Python that reproduces the app's resampled data from the exported original CSV.

    With imbalanced-learn for the variants it has (the result is bit-identical to the app's), or with smote_core
    when neighbours were searched on standardised features, which imbalanced-learn cannot do, and for data with
    category columns (``categorical``: the app reads them as text and the numbers as floats). ``params``: the
    sampler's own parameters by keyword (those left out take the app's defaults).
    """
    features_text = "[" + ", ".join(repr(str(f)) for f in feature_names) + "]"
    load = [f"df = pd.read_csv({csv_name!r})", f"X, y = df[{features_text}], df[{target!r}]"]
    categorical = [str(c) for c in feature_names if str(c) in set(map(str, categorical))]
    if categorical:
        body = _smote_core_categorical(variant=variant, k=k, ratio=ratio, seed=seed, standardize=standardize,
                                       params=params, categorical=categorical)
    elif standardize or not _imblearn_reproduces(get_record(variant)):
        body = _smote_core_numeric(variant=variant, k=k, ratio=ratio, seed=seed, standardize=standardize,
                                   params=params)
    else:
        imports, make = _imblearn_sampler(get_record(variant), k=k, seed=seed, params=params)
        strategy = fraction_of_majority(np.asarray(y), ratio)
        strategy_text = "{" + ", ".join(f"{_literal(c)}: {int(v)}" for c, v in strategy.items()) + "}"
        body = imports + [""] + load + [
            f"strategy = {strategy_text}  # rows per class after resampling",
            f"sampler = {make}",
            "X_res, y_res = sampler.fit_resample(X, y)",
            "# Bit-identical to SMOTE Explorer's export (smote_core matches imbalanced-learn 0.14 exactly).",
        ]
        return "\n".join(["import pandas as pd"] + body) + "\n"
    return "\n".join(["import pandas as pd", "from smote_core.views import explore", ""] + load + body) + "\n"


def _imblearn_reproduces(record) -> bool:
    """Whether imbalanced-learn's sampler for ``record`` makes exactly the app's rows (on numeric features)."""
    return bool(record.imblearn and record.identical and not record.categories)


_PRINT_PROVENANCE = "print(result.provenance.head())  # parent, neighbor, gap (λ), class of each synthetic row"


def _smote_core_categorical(*, variant, k, ratio, seed, standardize, params, categorical) -> list[str]:
    """The snippet's lines for data with category columns: smote_core's resample, as the app runs it."""
    cat_text = "[" + ", ".join(repr(c) for c in categorical) + "]"
    return [
        f"categorical = {cat_text}",
        "X = X.astype({c: str if c in categorical else float for c in X.columns})  # as the app reads them",
        f"result = explore.resample(X, y.to_numpy(), k={k}, ratio={ratio!r}, seed={seed}, standardize="
        f"{standardize!r},",
        f"                           variant={variant!r}, params={dict(params or {})!r}, categorical=categorical)",
        "new_rows = result.syn_frame if result.votes else result.X_syn  # voted categories / one-hot numbers",
        _PRINT_PROVENANCE,
    ]


def _smote_core_numeric(*, variant, k, ratio, seed, standardize, params) -> list[str]:
    """The snippet's lines when only smote_core reproduces the app: standardised search, or a sampler whose
    imbalanced-learn counterpart differs."""
    params = params or {}
    if standardize:
        why = "neighbours searched on standardised features"
    elif get_record(variant).imblearn:
        why = f"the {variant!r} sampler (smote_core fixes imbalanced-learn's wrong counts)"
    else:
        why = f"the {variant!r} sampler, which imbalanced-learn does not have"
    return [
        f"# {why}: only smote_core reproduces this exactly.",
        *([] if get_record(variant).takes_k else [f"# {get_record(variant).title} uses no neighbours: k is ignored."]),
        f"result = explore.resample(X.to_numpy(float), y.to_numpy(), k={k}, ratio={ratio!r}, seed={seed},",
        f"                           standardize={standardize!r}, variant={variant!r}, params={params!r})",
        _PRINT_PROVENANCE,
    ]


def _imblearn_sampler(record, *, k: int, seed: int, params: dict | None) -> tuple[list[str], str]:
    """imbalanced-learn's imports and constructor for a sampler record, as :meth:`SamplerRecord.build` makes
    smote_core's: its fixed keywords, its own parameters, then k (for a SMOTE + cleaning sampler, SMOTE's k inside),
    the strategy and the seed."""
    from .view_state import ViewState

    module, cls = record.imblearn.rsplit(".", 1)
    own = record.own_params(ViewState()) | dict(params or {})  # the app's defaults for those left out
    args = [f"{name}={value!r}" for name, value in record.fixed.items()]
    args += [f"{p.argument}={_number(own[p.argument], p.is_int)}" for p in record.params]
    if record.wraps_smote:
        inner_imports, inner = _imblearn_sampler(get_record("smote"), k=k, seed=seed, params=None)
        return inner_imports + [f"from {module} import {cls}"], f"{cls}({', '.join([f'smote={inner}', *args])})"
    args += [f"{record.k_argument}={k}", "sampling_strategy=strategy", f"random_state={seed}"]
    return [f"from {module} import {cls}"], f"{cls}({', '.join(args)})"


def _number(value, is_int: bool) -> str:
    return repr(int(value)) if is_int else repr(float(value))


def _literal(label) -> str:
    if isinstance(label, (bool, np.bool_)):
        return repr(bool(label))
    if isinstance(label, (int, np.integer)):
        return repr(int(label))
    if isinstance(label, (float, np.floating)):
        return repr(float(label))
    return repr(str(label))
