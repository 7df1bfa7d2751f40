"""SMOTE Explorer's engine: samplers that record where every synthetic point came from.

Importable without Streamlit. The public names are re-exported here.
"""

from ._validation import SmoteError
from .sampling import class_counts, fraction_of_majority, resolve_sampling_strategy
from .smote import SMOTE, interpolate

__all__ = [
    "SMOTE",
    "SmoteError",
    "class_counts",
    "fraction_of_majority",
    "interpolate",
    "resolve_sampling_strategy",
]
__version__ = "0.1.0"
