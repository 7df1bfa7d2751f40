"""Shared helpers for the AppTest-driven page tests: the app's path, a run with query parameters, trace decoding."""

import io as _io
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 120


def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({k: str(v) for k, v in query.items()})
    return at.run()


def _no_exceptions(at):
    assert not at.exception, [e.value for e in at.exception]


def _synthetic_count(at) -> int:
    return int(next(m for m in at.metric if m.label == "Synthetic points").value.replace(",", ""))


def _arr(value) -> np.ndarray:
    """A trace's x or y as numbers: plotly sends numpy arrays as base64 typed arrays."""
    import base64

    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
    return np.asarray(value, dtype=float)


def _figure(at):
    import json

    charts = at.get("plotly_chart")
    assert charts, "no plotly chart on the page"
    return json.loads(charts[0].proto.spec)


def _csv_bytes(n_maj=60, n_min=12, seed=0) -> bytes:
    rng = np.random.RandomState(seed)
    df = pd.DataFrame(
        np.vstack([rng.normal(0, 1, (n_maj, 3)), rng.normal(2, 1, (n_min, 3))]), columns=["f1", "f2", "f3"]
    )
    df["note"] = "text"
    df["Label"] = ["ok"] * n_maj + ["fraud"] * n_min
    buf = _io.StringIO()
    df.to_csv(buf, index=False)
    return buf.getvalue().encode()
