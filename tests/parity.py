"""Shared by the parity tests: exact equality with imbalanced-learn's output, container and dtypes included."""

import numpy as np
import pandas as pd
from scipy import sparse


def assert_same(ours, theirs):
    """Exact equality of values, and the same container type, dtype(s), shape, columns and names."""
    if isinstance(theirs, pd.DataFrame):
        assert isinstance(ours, pd.DataFrame)
        assert list(ours.columns) == list(theirs.columns)
        assert ours.dtypes.equals(theirs.dtypes), (ours.dtypes, theirs.dtypes)
        assert ours.index.equals(theirs.index)
        assert ours.equals(theirs)
    elif isinstance(theirs, pd.Series):
        assert isinstance(ours, pd.Series)
        assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
        assert ours.name == theirs.name
        assert ours.index.equals(theirs.index)
        assert ours.equals(theirs)
    elif sparse.issparse(theirs):
        assert sparse.issparse(ours)
        assert type(ours) is type(theirs)
        assert ours.format == theirs.format
        assert ours.dtype == theirs.dtype
        assert ours.shape == theirs.shape
        assert np.array_equal(ours.toarray(), theirs.toarray())
    elif isinstance(theirs, list):
        assert isinstance(ours, list)
        assert ours == theirs
    else:
        assert isinstance(ours, np.ndarray)
        assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
        assert ours.shape == theirs.shape
        assert np.array_equal(ours, theirs)
