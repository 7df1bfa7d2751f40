"""SMOTE's variants, one sampler per module, and the registry the app picks them from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .._validation import SmoteError
from ..smote import SMOTE
from .adasyn import ADASYN
from .borderline import BorderlineSMOTE
from .combine import SMOTEENN, SMOTETomek
from .kmeans import KMeansSMOTE
from .nc import SMOTEN, SMOTENC
from .svm import SVMSMOTE


@dataclass(frozen=True)
class Variant:
    """An entry of the app's variant picker."""

    key: str  # the URL value, e.g. "borderline1"
    title: str
    build: Callable  # build(k, sampling_strategy, random_state, **params) -> sampler
    blurb: str  # one sentence: where this variant puts new points


VARIANTS: dict[str, Variant] = {
    v.key: v
    for v in (
        Variant("smote", "SMOTE", lambda k, **kw: SMOTE(k_neighbors=k, **kw),
                "Interpolates between any minority sample and one of its k nearest minority neighbours."),
        Variant("borderline1", "Borderline-SMOTE 1",
                lambda k, **kw: BorderlineSMOTE(k_neighbors=k, kind="borderline-1", **kw),
                "Only minority samples in danger (most of their m = 10 neighbours of another class) become parents."),
        Variant("borderline2", "Borderline-SMOTE 2",
                lambda k, **kw: BorderlineSMOTE(k_neighbors=k, kind="borderline-2", **kw),
                "Like Borderline-SMOTE 1, but may also step up to half-way towards a neighbour of another class."),
        Variant("svm", "SVM-SMOTE", lambda k, **kw: SVMSMOTE(k_neighbors=k, **kw),
                "Parents are an SVM's minority support vectors; where few neighbours are of another class it "
                "extrapolates outwards."),
        Variant("adasyn", "ADASYN", lambda k, **kw: ADASYN(n_neighbors=k, **kw),
                "Makes more points around minority samples whose neighbourhoods hold more of the other classes."),
        Variant("kmeans", "KMeans-SMOTE", lambda k, **kw: KMeansSMOTE(k_neighbors=k, **kw),
                "Clusters the data with k-means, then interpolates only inside clusters where the minority is "
                "common, more in sparse ones."),
        Variant("smotenc", "SMOTE-NC (numbers + categories)", lambda k, **kw: SMOTENC(k_neighbors=k, **kw),
                "Interpolates the numeric features like SMOTE; each category is the one most common among the k "
                "neighbours, so no fractional categories."),
        Variant("smoten", "SMOTE-N (categories only)", lambda k, **kw: SMOTEN(k_neighbors=k, **kw),
                "Nothing to interpolate: each new row takes, feature by feature, the category most common among a "
                "sample and its k nearest neighbours (Value Difference Metric)."),
        Variant("smote_tomek", "SMOTE + Tomek links", lambda k, **kw: SMOTETomek(smote=SMOTE(k_neighbors=k, **kw), **kw),
                "SMOTE, then removes both rows of every Tomek link (mutual nearest neighbours of different classes)."),
        Variant("smote_enn", "SMOTE + ENN", lambda k, **kw: SMOTEENN(smote=SMOTE(k_neighbors=k, **kw), **kw),
                "SMOTE, then removes every row whose 3 nearest neighbours are not all of its class."),
    )
}


def make_sampler(variant: str, *, k: int, sampling_strategy, random_state, **params):
    """Build the sampler for ``variant`` with the app's k, strategy and seed plus the variant's own ``params``."""
    if variant not in VARIANTS:
        raise SmoteError(f"there is no variant {variant!r}; choose one of {', '.join(VARIANTS)}.")
    return VARIANTS[variant].build(k, sampling_strategy=sampling_strategy, random_state=random_state, **params)


__all__ = ["ADASYN", "BorderlineSMOTE", "KMeansSMOTE", "SVMSMOTE", "SMOTEENN", "SMOTEN", "SMOTENC", "SMOTETomek", "VARIANTS", "Variant",
           "make_sampler"]
