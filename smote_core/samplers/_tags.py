"""Estimator tags of a sampler: scikit-learn's, plus the two imbalanced-learn adds (without importing it).

imbalanced-learn's checks and helpers (``imblearn.base.is_sampler``, ``imblearn.utils.estimator_checks``) read
``tags.sampler_tags`` and ``tags.input_tags.dataframe``; scikit-learn's ``Tags`` and ``InputTags`` have neither, and
their slots allow no new attributes. These subclasses add them with imbalanced-learn 0.14's names and defaults
(``imblearn.utils._tags``), so that both libraries read the same tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sklearn.utils import InputTags as _SklearnInputTags
from sklearn.utils import Tags as _SklearnTags


@dataclass(slots=True)
class InputTags(_SklearnInputTags):
    """scikit-learn's input tags, plus ``dataframe``: whether ``X`` may be a pandas DataFrame."""

    dataframe: bool = False


@dataclass(slots=True)
class SamplerTags:
    """What a sampler is: ``sample_indices`` says whether it sets ``sample_indices_`` after ``fit_resample``."""

    sample_indices: bool = False


@dataclass(slots=True)
class Tags(_SklearnTags):
    """scikit-learn's tags with imbalanced-learn's ``sampler_tags`` (``None`` for anything but a sampler)."""

    input_tags: InputTags = field(default_factory=InputTags)
    sampler_tags: SamplerTags | None = None
