"""SMOTE Explorer's engine: samplers that record where every synthetic point came from.

Importable without Streamlit. The public names are re-exported here::

    from smote_core import SMOTE, BorderlineSMOTE, SMOTENC, load_table, load_builtin
"""

from ._validation import ParameterError, SmoteError
from .data.datasets import dataset_choices, load_builtin
from .data.tables import load_table
from .samplers import (
    ADASYN,
    SMOTE,
    SMOTEENN,
    SMOTEIPF,
    SMOTEN,
    SMOTENC,
    SVMSMOTE,
    BorderlineSMOTE,
    GeometricSMOTE,
    KMeansSMOTE,
    LeeSMOTE,
    PolynomFitSMOTE,
    ProWSyn,
    SafeLevelSMOTE,
    SMOTETomek,
)
from .samplers.smote import interpolate
from .sampling import class_counts, fraction_of_majority, resolve_sampling_strategy

__all__ = [
    "ADASYN",
    "SMOTE",
    "SMOTEENN",
    "SMOTEIPF",
    "SMOTEN",
    "SMOTENC",
    "SVMSMOTE",
    "BorderlineSMOTE",
    "GeometricSMOTE",
    "KMeansSMOTE",
    "LeeSMOTE",
    "ParameterError",
    "PolynomFitSMOTE",
    "ProWSyn",
    "SMOTETomek",
    "SafeLevelSMOTE",
    "SmoteError",
    "class_counts",
    "dataset_choices",
    "fraction_of_majority",
    "interpolate",
    "load_builtin",
    "load_table",
    "resolve_sampling_strategy",
]
__version__ = "0.2.0"
