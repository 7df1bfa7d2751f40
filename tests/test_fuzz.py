"""Property test: random bytes and random small tables through the whole upload path.

load_table → guess_target → check_target → split_features → prepare_frame → explore.resample, and SMOTE directly.
Every step must either raise ``smote_core.SmoteError`` with a message, or give a correct result: nothing else (no
``KeyError``, ``TypeError``, ``IndexError``, pandas/numpy errors, …) may escape.
"""

from __future__ import annotations

import csv
import io as _io
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from smote_core import SMOTE, SmoteError
from smote_core.data import prepare, tables
from smote_core.sampling import class_counts, fraction_of_majority
from smote_core.views import explore

# FUZZ_EXAMPLES=5000 for a long hunt; the default keeps the three properties at about 10 s in all.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
NAMES = ("data.csv", "data.tsv", "data.txt", "data.parquet", "data.xlsx", "data", "data.bin")


class Refused(Exception):
    """A step refused the input with a proper SmoteError: the pipeline stops there, which is fine."""


def _refusal(exc: SmoteError) -> None:
    message = str(exc).strip()
    assert message, f"SmoteError without a message: {exc!r}"
    assert len(message) >= 15 and "Traceback" not in message, message
    raise Refused(message)


def _step(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except SmoteError as exc:
        _refusal(exc)


# ---------------------------------------------------------------------------------------------- checks
def _check_loaded(frame) -> None:
    assert isinstance(frame, pd.DataFrame)
    assert frame.shape[0] >= 1 and frame.shape[1] >= 1, frame.shape
    names = list(frame.columns)
    assert all(isinstance(c, str) and c == c.strip() and c for c in names), names
    assert len(set(names)) == len(names), names
    assert not frame.isna().all(axis=1).any(), "an entirely empty row was kept"


def _check_prepared(prepared, messages, frame, target, features) -> None:
    assert list(prepared.columns) == list(features) + [target]
    assert len(prepared) <= len(frame)
    assert all(isinstance(m, str) and m for m in messages)
    values = prepared[features].to_numpy(dtype=np.float64)
    assert np.isfinite(values).all(), "prepare_frame left NaN or inf in the features"
    assert not prepared[target].isna().any()
    assert len(class_counts(prepared[target].to_numpy())) >= 2
    assert set(prepared[target].tolist()) <= set(frame[target].dropna().tolist())


def _check_reproduces(X, X_syn, prov, y, y_syn) -> None:
    parents = prov["parent"].to_numpy(dtype=int)
    neighbors = prov["neighbor"].to_numpy(dtype=int)
    gaps = prov["gap"].to_numpy(dtype=np.float64)
    assert len(prov) == len(X_syn) == len(y_syn)
    if not len(prov):
        return
    assert ((0 <= parents) & (parents < len(X)) & (0 <= neighbors) & (neighbors < len(X))).all()
    assert ((0 <= gaps) & (gaps < 1)).all()
    # the label is kept: parent, neighbour and new row share one class
    assert (y[parents] == y_syn).all() and (y[neighbors] == y_syn).all()
    assert (prov["class"].to_numpy() == y_syn).all()
    expected = X[parents] + gaps[:, None] * (X[neighbors] - X[parents])
    np.testing.assert_allclose(X_syn, expected, rtol=1e-9, atol=1e-9 * (1 + np.abs(X).max()))


def _check_resample(result, X, y, ratio) -> None:
    assert result.X.shape == X.shape and np.array_equal(result.X, X)
    assert np.array_equal(result.y, y)
    assert result.X_syn.ndim == 2 and result.X_syn.shape[1] == X.shape[1]
    _check_reproduces(X, result.X_syn, result.provenance, y, np.asarray(result.y_syn))
    wanted = fraction_of_majority(y, ratio)
    assert result.counts_before == class_counts(y)
    assert result.counts_after == {c: max(n, wanted[c]) for c, n in class_counts(y).items()}


def _check_smote(sm, X_res, y_res, X, y) -> None:
    n = len(X)
    X_res, y_res = np.asarray(X_res), np.asarray(y_res)
    assert X_res.shape[1] == X.shape[1] and len(X_res) == len(y_res) >= n
    assert np.array_equal(X_res[:n], X) and np.array_equal(y_res[:n], y)
    _check_reproduces(X, X_res[n:], sm.provenance_, y, y_res[n:])
    after = class_counts(y_res)
    assert set(after) == set(class_counts(y))
    assert len(set(after.values())) == 1, after  # "auto": every class grows to the majority's size


def run_pipeline(raw: bytes, name: str, k: int, ratio: float, seed: int, missing) -> str:
    """The upload path as the Data and Explore pages call it. Returns how far the data got."""
    try:
        frame = _step(tables.load_table, raw, name)
        _check_loaded(frame)
        target = _step(tables.guess_target, frame)
        assert target in frame.columns
        _step(prepare.check_target, frame[target], target)
        features, excluded = _step(tables.split_features, frame, target)
        assert target not in features and target not in excluded
        assert set(features) | set(excluded) == set(frame.columns) - {target}
        assert not set(features) & set(excluded)
        prepared, messages = _step(prepare.prepare_frame, frame, target, features, missing=missing)
        _check_prepared(prepared, messages, frame, target, features)
        X = prepared[features].to_numpy(dtype=np.float64)
        y = prepared[target].to_numpy()
        reached = "prepared"
        try:
            result = _step(explore.resample, X, y, k=k, ratio=ratio, seed=seed)
        except Refused:
            pass
        else:
            _check_resample(result, X, y, ratio)
            reached = "resampled"
        sm = SMOTE(k_neighbors=k, random_state=seed)
        X_res, y_res = _step(sm.fit_resample, X, y)
        _check_smote(sm, X_res, y_res, X, y)
        return reached
    except Refused:
        return "refused"


# ---------------------------------------------------------------------------------------------- strategies
_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(list("abcXY zé,;\t\"'\n|-=1.5ü\u00a0")), max_size=6),
    st.sampled_from(["NaN", "inf", "n/a", "1,5", "2.000,25", "True", "2024-01-02"]),
)
_NUMBER = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.integers(-5, 5),
    st.floats(-3, 3),
)
_LABEL = st.one_of(st.sampled_from(["a", "b", "B ", "c", "1", "2", "", "a"]), st.integers(0, 2))


@st.composite
def any_tables(draw):
    n_cols = draw(st.integers(1, 5))
    n_rows = draw(st.integers(0, 24))
    header = draw(st.booleans())
    names = draw(st.lists(st.one_of(st.sampled_from(["x", "y", "label", "class", "target", "id", " f ", ""]), _TEXT),
                          min_size=n_cols, max_size=n_cols))
    kinds = draw(st.lists(st.sampled_from(["number", "number", "number", "text", "label", "int"]),
                          min_size=n_cols, max_size=n_cols))
    rows = []
    for _ in range(n_rows):
        row = []
        for kind in kinds:
            if kind == "number":
                row.append(draw(_NUMBER))
            elif kind == "int":
                row.append(draw(st.integers(-3, 40)))
            elif kind == "label":
                row.append(draw(_LABEL))
            else:
                row.append(draw(_TEXT))
        rows.append(row)
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    out = _io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    if header:
        writer.writerow(names)
    writer.writerows(rows)
    text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    raw = text.encode(encoding, errors="replace")
    name = draw(st.sampled_from(["t.tsv"] if sep == "\t" and draw(st.booleans()) else ["t.csv", "t.txt", "t"]))
    return raw, name


@st.composite
def numeric_tables(draw):
    """Tables most of which make it all the way through: numeric features and a few labelled classes."""
    n_feat = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 12), min_size=2, max_size=3))
    labels = draw(st.sampled_from([["a", "b", "c"], [0, 1, 2], ["yes", "no", "maybe"], ["x y", " x", "é"]]))
    rows = []
    for c, size in enumerate(sizes):
        for _ in range(size):
            rows.append([draw(st.one_of(st.integers(-50, 50), st.floats(-1e3, 1e3, allow_nan=False)))
                         for _ in range(n_feat)] + [labels[c]])
    holes = draw(st.integers(0, 2))
    for _ in range(holes if rows else 0):
        r = draw(st.integers(0, len(rows) - 1))
        rows[r][draw(st.integers(0, n_feat - 1))] = draw(st.sampled_from(["", "NaN", "inf", "-inf"]))
    frame = pd.DataFrame(rows, columns=[f"f{i}" for i in range(n_feat)] + ["label"])
    sep = draw(st.sampled_from([",", ";", "\t"]))
    raw = frame.to_csv(index=False, sep=sep).encode()
    return raw, "n.tsv" if sep == "\t" else "n.csv"


# Text made of the characters that matter to a CSV reader: separators, quotes, line ends, digits, signs.
_CSV_SOUP = st.text(alphabet=st.sampled_from(list(",;\t|\n\r\"' abcxyé0123456789.-+eE") + ["\x00", "\ufeff"]),
                    max_size=300).map(lambda t: t.encode("utf-8"))

PARAMS = dict(
    k=st.integers(1, 6), ratio=st.sampled_from([0.3, 0.5, 1.0]), seed=st.integers(0, 2**31 - 1),
    missing=st.sampled_from([None, "drop", "median"]),
)


# ---------------------------------------------------------------------------------------------- tests
@FUZZ
@given(raw=st.one_of(st.binary(max_size=600), _CSV_SOUP), name=st.sampled_from(NAMES), **PARAMS)
@example(raw=b"PAR1garbagePAR1", name="x.csv", k=1, ratio=1.0, seed=0, missing=None)
@example(raw=b"PK\x03\x04" + b"\x00" * 40, name="x.xlsx", k=1, ratio=1.0, seed=0, missing=None)
@example(raw=b"\xff\xfe\x00", name="x.csv", k=1, ratio=1.0, seed=0, missing=None)
@example(raw=b"\xef\xbb\xbf", name="x.csv", k=1, ratio=1.0, seed=0, missing=None)
@example(raw=b"a,b\n1,x\n2,y\n3,x\n", name="x.csv", k=1, ratio=1.0, seed=0, missing=None)
def test_random_bytes_are_refused_clearly_or_read_correctly(raw, name, k, ratio, seed, missing):
    run_pipeline(raw, name, k, ratio, seed, missing)


@FUZZ
@given(table=any_tables(), **PARAMS)
def test_random_small_tables_are_refused_clearly_or_resampled_correctly(table, k, ratio, seed, missing):
    raw, name = table
    run_pipeline(raw, name, k, ratio, seed, missing)


@settings(FUZZ, max_examples=EXAMPLES + EXAMPLES // 3)
@given(table=numeric_tables(), **PARAMS)
@example(table=(b"f0,label\n1,a\n2,a\n3,b\n4,b\n", "n.csv"), k=1, ratio=1.0, seed=0, missing=None)
def test_numeric_tables_reach_the_sampler_and_every_synthetic_row_is_explained(table, k, ratio, seed, missing):
    raw, name = table
    run_pipeline(raw, name, k, ratio, seed, missing)


def test_the_pipeline_checks_can_fail():
    """The harness itself: a good table goes all the way, and a wrong result would be caught."""
    raw = b"f0,f1,label\n" + b"".join(f"{i},{i % 3},{'a' if i < 12 else 'b'}\n".encode() for i in range(16))
    assert run_pipeline(raw, "good.csv", 2, 1.0, 0, None) == "resampled"
    assert run_pipeline(b"", "empty.csv", 2, 1.0, 0, None) == "refused"
    X = np.arange(8.0).reshape(4, 2)
    y = np.array(["a", "a", "b", "b"])
    prov = pd.DataFrame({"parent": [0], "neighbor": [1], "gap": [0.5], "class": ["a"]})
    with pytest.raises(AssertionError):
        _check_reproduces(X, np.array([[9.0, 9.0]]), prov, y, np.array(["a"]))
    with pytest.raises(AssertionError):  # a label that changed
        _check_reproduces(X, np.array([[1.0, 2.0]]), prov, y, np.array(["b"]))
    with pytest.raises(AssertionError):
        _refusal(SmoteError(""))


def test_an_infinite_class_label_is_refused_with_a_message_not_a_scikit_learn_error():
    """Found by the properties above: ``inf`` in a numeric target column reached scikit-learn's type_of_target,
    which raised a bare ValueError ("Input contains infinity…")."""
    raw = b"f1,target\n1,0\n2,1\n3,inf\n4,0\n5,1\n"
    frame = tables.load_table(raw, "inf.csv")
    with pytest.raises(SmoteError, match=r"infinite label \(rows '2'\)"):
        prepare.check_target(frame["target"], "target")
    assert run_pipeline(raw, "inf.csv", 1, 1.0, 0, "drop") == "refused"


# ---------------------------------------------------------------------------------------------- category columns
@st.composite
def mixed_tables(draw):
    """Small tables with category columns (few repeated values, some missing) beside numbers and labels."""
    n_rows = draw(st.integers(4, 30))
    n_num = draw(st.integers(0, 2))
    n_cat = draw(st.integers(1, 3))
    frame = {}
    for j in range(n_num):
        frame[f"x{j}"] = draw(st.lists(st.one_of(st.floats(-5, 5), st.just(float("nan"))), min_size=n_rows,
                                       max_size=n_rows))
    for j in range(n_cat):
        pool = draw(st.lists(st.sampled_from(["red", "blue", "green", "1", "2", "=cmd", "<b>", "a b"]), min_size=1,
                             max_size=4, unique=True))
        frame[f"c{j}"] = draw(st.lists(st.one_of(st.sampled_from(pool), st.none()), min_size=n_rows, max_size=n_rows))
    frame["label"] = draw(st.lists(st.sampled_from(["maj", "maj", "min"]), min_size=n_rows, max_size=n_rows))
    return pd.DataFrame(frame)


@FUZZ
@given(frame=mixed_tables(), k=st.integers(1, 4), ratio=st.sampled_from([0.5, 1.0]), seed=st.integers(0, 9),
       variant=st.sampled_from(["smote", "smotenc", "smoten", "borderline1"]),
       missing=st.sampled_from(["drop", "median"]))
@example(frame=pd.DataFrame({"c0": [None] * 4, "label": ["maj"] * 3 + ["min"]}), k=1, ratio=0.5, seed=0,
         variant="smote", missing="median")  # an all-missing category column had no most frequent value
def test_tables_with_categories_are_refused_clearly_or_voted_correctly(frame, k, ratio, seed, variant, missing):
    target = "label"
    cats = [c for c in frame.columns if c.startswith("c")]
    features = [c for c in frame.columns if c != target]
    try:
        prepared, _ = _step(prepare.prepare_frame, frame, target, features, missing=missing, categorical=cats)
        assert all(isinstance(v, str) for c in cats for v in prepared[c])  # categories as text, none missing
        y = prepared[target].to_numpy()
        res = _step(explore.resample, prepared[features], y, k=k, ratio=ratio, seed=seed, variant=variant,
                    categorical=cats)
    except Refused:
        event("refused")
        return
    event(f"{variant}: {'voted' if res.votes else 'one-hot'}, {'some' if res.n_synthetic else 'no'} new rows")
    enc = res.encoding
    assert res.X.shape == (len(prepared), len(enc.names)) and res.X_syn.shape[1] == len(enc.names)
    assert res.counts_before == class_counts(y)
    if res.votes:  # SMOTE-NC / SMOTE-N: real categories, one-hot rows clean, numbers interpolated
        assert len(res.syn_frame) == res.n_synthetic
        np.testing.assert_array_equal(res.X_syn, enc.transform(res.syn_frame))
        for c in cats:
            assert set(res.syn_frame[c]) <= set(prepared[c])
        if res.interpolates and enc.numeric:
            num = prepared[list(enc.numeric)].to_numpy(dtype=np.float64)
            _check_reproduces(num, res.syn_frame[list(enc.numeric)].to_numpy(dtype=np.float64), res.provenance, y,
                              np.asarray(res.y_syn))
        for i in range(min(res.n_synthetic, 5)):
            votes = explore.explain_votes(res, i)
            assert votes["feature"].tolist() == list(enc.categorical)
    else:  # a numeric sampler on the one-hot columns: every row explained, fractions counted
        _check_reproduces(res.X, res.X_syn, res.provenance, y, np.asarray(res.y_syn))
        frac = explore.fractional_categories(res)
        assert frac is None or 0 <= frac["rows"] <= res.n_synthetic
