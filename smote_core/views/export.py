"""What the Export page offers: the resampled table with its provenance, and code that reproduces it."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .explore import ResampleResult
from ..sampling import fraction_of_majority
from ..samplers.registry import get_record

def resampled_frame(result: ResampleResult, feature_names, target: str) -> pd.DataFrame:
    """The resampled data as one table: the surviving originals, then the surviving synthetic rows.

    Columns: the features, the target, ``is_synthetic``, ``source_row`` (an original's position in the data, empty
    for synthetic rows), and for synthetic rows ``synthetic_index``, ``parent``, ``neighbor`` and ``gap`` (λ), so that
    each synthetic row = row ``parent`` + gap · (row ``neighbor`` − row ``parent``) of the original data.
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
    out = pd.concat([originals, synthetic], ignore_index=True)
    for c in ("source_row", "synthetic_index", "parent", "neighbor"):
        out[c] = out[c].astype("Int64")
    if result.votes and not result.interpolates:  # SMOTE-N: no neighbour, no λ
        out = out.drop(columns=["neighbor", "gap"])
    return out


def provenance_frame(result: ResampleResult) -> pd.DataFrame:
    """The provenance alone: one row per synthetic point made, with whether a cleaning step removed it."""
    prov = result.provenance[["parent", "neighbor", "gap", "class"]].copy()
    prov.insert(0, "synthetic_index", np.arange(len(prov)))
    if "voters" in result.provenance:  # SMOTE-NC / SMOTE-N: the rows whose categories were counted
        prov["voters"] = [" ".join(map(str, v)) for v in result.provenance["voters"]]
    removed = np.zeros(len(prov), dtype=bool)
    removed[result.removed_synthetic] = True
    prov["removed_by_cleaning"] = removed
    return prov


def safe_filename(text: str, default: str = "data") -> str:
    """A file name made only of letters, digits, dots, dashes and underscores."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", str(text)).strip("._")
    return name[:80] or default


def python_snippet(*, variant: str, k: int, ratio: float, seed: int, y, feature_names, target: str,
                   csv_name: str, standardize: bool = False, params: dict | None = None, categorical=()) -> str:
    """Python that reproduces the app's resampled data from the exported original CSV.

    With imbalanced-learn for the variants it has (the result is bit-identical to the app's), or with smote_core
    when neighbours were searched on standardised features, which imbalanced-learn cannot do, and for data with
    category columns (``categorical``: the app reads them as text and the numbers as floats).
    """
    strategy = fraction_of_majority(np.asarray(y), ratio)
    strategy_text = "{" + ", ".join(f"{_literal(c)}: {int(v)}" for c, v in strategy.items()) + "}"
    features_text = "[" + ", ".join(repr(str(f)) for f in feature_names) + "]"
    head = [
        "import pandas as pd",
    ]
    load = [
        f"df = pd.read_csv({csv_name!r})",
        f"X, y = df[{features_text}], df[{target!r}]",
    ]
    categorical = [str(c) for c in feature_names if str(c) in set(map(str, categorical))]
    if categorical:
        head.append("from smote_core.views import explore")
        cat_text = "[" + ", ".join(repr(c) for c in categorical) + "]"
        body = [
            f"categorical = {cat_text}",
            "X = X.astype({c: str if c in categorical else float for c in X.columns})  # as the app reads them",
            f"result = explore.resample(X, y.to_numpy(), k={k}, ratio={ratio!r}, seed={seed}, standardize="
            f"{standardize!r},",
            f"                           variant={variant!r}, params={dict(params or {})!r}, categorical=categorical)",
            "new_rows = result.syn_frame if result.votes else result.X_syn  # voted categories / one-hot numbers",
            "print(result.provenance.head())  # parent, neighbor, gap (λ), class of each synthetic row",
        ]
        return "\n".join(head + [""] + load + body) + "\n"
    record = get_record(variant)
    if standardize or not (record.imblearn and record.identical) or record.categories:
        head.append("from smote_core.views import explore")
        params = params or {}
        why = ("neighbours searched on standardised features" if standardize
               else f"the {variant!r} sampler (smote_core fixes imbalanced-learn's wrong counts)")
        body = [
            f"# {why}: only smote_core reproduces this exactly.",
            f"result = explore.resample(X.to_numpy(float), y.to_numpy(), k={k}, ratio={ratio!r}, seed={seed},",
            f"                           standardize={standardize!r}, variant={variant!r}, params={params!r})",
            "print(result.provenance.head())  # parent, neighbor, gap (λ), class of each synthetic row",
        ]
        return "\n".join(head + [""] + load + body) + "\n"
    module, cls = record.imblearn.rsplit(".", 1)
    smote_args = f"k_neighbors={k}, sampling_strategy=strategy, random_state={seed}"
    if variant in ("smote_tomek", "smote_enn"):
        head.append(f"from imblearn.over_sampling import SMOTE\nfrom {module} import {cls}")
        make = f"sampler = {cls}(smote=SMOTE({smote_args}))"
    elif variant == "adasyn":
        head.append(f"from {module} import {cls}")
        make = f"sampler = {cls}(n_neighbors={k}, sampling_strategy=strategy, random_state={seed})"
    elif variant.startswith("borderline"):
        head.append(f"from {module} import {cls}")
        m = int((params or {}).get("m_neighbors", 10))
        make = f"sampler = {cls}(kind='borderline-{variant[-1]}', m_neighbors={m}, {smote_args})"
    else:
        head.append(f"from {module} import {cls}")
        make = f"sampler = {cls}({smote_args})"
    body = [
        f"strategy = {strategy_text}  # rows per class after resampling",
        make,
        "X_res, y_res = sampler.fit_resample(X, y)",
        "# Bit-identical to SMOTE Explorer's export (smote_core matches imbalanced-learn 0.14 exactly).",
    ]
    return "\n".join(head + [""] + load + body) + "\n"


def _literal(label) -> str:
    if isinstance(label, (bool, np.bool_)):
        return repr(bool(label))
    if isinstance(label, (int, np.integer)):
        return repr(int(label))
    if isinstance(label, (float, np.floating)):
        return repr(float(label))
    return repr(str(label))
