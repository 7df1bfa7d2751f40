"""Explore: SMOTE on a built-in dataset (placeholder until the app issue lands)."""

import numpy as np
import streamlit as st

from smote_core import SMOTE, class_counts

st.title("SMOTE Explorer")
rng = np.random.RandomState(0)
X = np.vstack([rng.normal(0, 1, (90, 2)), rng.normal(2, 0.7, (10, 2))])
y = np.array(["majority"] * 90 + ["minority"] * 10)
k = st.slider("k (neighbours)", 1, 9, 5)
X_res, y_res = SMOTE(k_neighbors=k, random_state=0).fit_resample(X, y)
st.write("Class counts before:", class_counts(y), "after:", class_counts(y_res))
