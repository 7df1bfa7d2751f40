"""Every registered sampler built from its record, and its imbalanced-learn twin built with the same parameters.

Shared by the drop-in tests (``test_estimator_checks.py``, ``test_integration.py``, ``test_dropin.py``).
"""

from __future__ import annotations

import importlib
import inspect

from imblearn.under_sampling import EditedNearestNeighbours

from smote_core.samplers.registry import SAMPLERS

KEYS = list(SAMPLERS)
NUMERIC_KEYS = [k for k, r in SAMPLERS.items() if r.categories is None]
#: The samplers imbalanced-learn also has (a twin to compare with); the others record only their paper.
TWINNED_KEYS = [k for k, r in SAMPLERS.items() if r.imblearn]
#: The samplers that take a k (Polynomial-fit SMOTE searches no neighbours).
K_KEYS = [k for k, r in SAMPLERS.items() if r.takes_k]


def default_k(record) -> int | None:
    """The sampler's own default for the keyword that takes k (SMOTE's for the samplers that wrap it); None for a
    sampler that takes no k."""
    if record.wraps_smote:
        return 5
    if record.k_argument is None:
        return None
    return inspect.signature(record.cls).parameters[record.k_argument].default


def build(key, k=None, **params):
    """Sampler ``key`` from its record: its default k (or ``k``), ``random_state=0``, SMOTE-NC with column 0
    categorical (as imbalanced-learn's own suite builds it), plus ``params``."""
    record = SAMPLERS[key]
    if record.categories == "mixed":
        params.setdefault("categorical_features", [0])
    params.setdefault("random_state", 0)
    return record.build(default_k(record) if k is None else k, **params)


def imblearn_class(sampler):
    """imbalanced-learn's class of the same name."""
    for module in ("imblearn.over_sampling", "imblearn.combine"):
        cls = getattr(importlib.import_module(module), type(sampler).__name__, None)
        if cls is not None:
            return cls
    raise LookupError(type(sampler).__name__)


def twin(sampler):
    """imbalanced-learn's sampler with ``sampler``'s parameters (those it has; an inner SMOTE as its twin)."""
    cls = imblearn_class(sampler)
    theirs = set(inspect.signature(cls).parameters)
    ours = sampler.get_params(deep=False)
    params = {name: value for name, value in ours.items() if name in theirs}
    if params.get("smote") is not None:
        params["smote"] = twin(params["smote"])
    if "kind_sel" in ours and ours["enn"] is None and (ours["n_neighbors"], ours["kind_sel"]) != (3, "all"):
        params["enn"] = EditedNearestNeighbours(sampling_strategy="all", n_neighbors=ours["n_neighbors"],
                                                kind_sel=ours["kind_sel"])
    return cls(**params)
