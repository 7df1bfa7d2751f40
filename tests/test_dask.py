"""smote_core.dask: the rows of smote_core.SMOTE / BorderlineSMOTE at any number of workers and partitions."""

from __future__ import annotations

import dask
import dask.array as da
import dask.dataframe as dd
import distributed
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster
from sklearn.neighbors import NearestNeighbors

import smote_core.dask as smote_dask
from smote_core import SMOTE, BorderlineSMOTE, ParameterError, SmoteError
from smote_core.dask import DaskBorderlineSMOTE, DaskSMOTE


def _cluster(n):
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
            Client(cluster, set_as_default=False) as c:
        yield c


@pytest.fixture(scope="module", params=[1, 2, 4], ids=lambda n: f"{n}workers")
def cluster_n(request):
    """In-process clusters of 1, 2 and 4 workers (cheap); one test below uses worker processes."""
    yield from _cluster(request.param)


@pytest.fixture(scope="module")
def cluster_2():
    yield from _cluster(2)


def _current(c, n):
    """``c`` as the client the samplers find (``distributed.get_client()``), whatever other clusters are up."""
    with c.as_current():
        assert distributed.get_client() is c and len(c.nthreads()) == n
        yield c


@pytest.fixture
def client(cluster_n, request):
    yield from _current(cluster_n, len(cluster_n.nthreads()))


@pytest.fixture
def client2(cluster_2):
    yield from _current(cluster_2, 2)


def table(n=2400, seed=0) -> pd.DataFrame:
    """Three classes with string labels; float, int and bool features."""
    rng = np.random.RandomState(seed)
    frame = pd.DataFrame(rng.normal(size=(n, 4)), columns=["a", "b", "c", "d"])
    frame["count"] = rng.randint(0, 50, n)
    frame["flag"] = rng.rand(n) < 0.3
    frame["label"] = rng.choice(["ok", "mid", "fraud"], size=n, p=[0.75, 0.17, 0.08])
    return frame


def partitioned(frame: pd.DataFrame, how) -> dd.DataFrame:
    """``how`` partitions of equal size, or "uneven": 1 row, an empty partition, 40%, the rest."""
    if how != "uneven":
        return dd.from_pandas(frame, npartitions=how, sort=False)
    n = len(frame)
    cuts = [0, 1, 1, int(0.4 * n), n]
    return dd.from_delayed([dask_part(frame.iloc[a:b]) for a, b in zip(cuts, cuts[1:])], meta=frame.iloc[:0])


def dask_part(frame):
    return dask.delayed(lambda f: f)(frame)


def assert_same_as_memory(X_res, y_res, sampler, want_X, want_y, ref, n):
    got_X, got_y = dask.compute(X_res, y_res)
    if isinstance(got_X, pd.DataFrame):
        assert list(got_X.columns) == list(want_X.columns)
        assert got_X.dtypes.equals(want_X.dtypes)
        got_X, want_X = got_X.to_numpy(), want_X.to_numpy()
    assert got_X.shape == want_X.shape
    assert np.array_equal(got_X, want_X)  # bit for bit (no NaN in these tables)
    assert np.asarray(got_y).tolist() == np.asarray(want_y).tolist()
    prov = sampler.provenance_
    assert list(prov.columns[:5]) == ["row", "parent", "neighbor", "gap", "class"]
    assert np.array_equal(prov["row"], np.arange(n, n + len(prov)))
    pd.testing.assert_frame_equal(prov.drop(columns="row"), ref.provenance_)


@pytest.mark.parametrize("how", [1, 3, 7, "uneven"])
def test_dataframe_same_rows_as_smote(client, how):
    frame = table()
    ddf = partitioned(frame, how)
    sm = DaskSMOTE(k_neighbors=5, random_state=3)
    X_res, y_res = sm.fit_resample(ddf.drop(columns="label"), ddf["label"])
    ref = SMOTE(k_neighbors=5, random_state=3)
    want_X, want_y = ref.fit_resample(frame.drop(columns="label"), frame["label"])
    assert_same_as_memory(X_res, y_res, sm, want_X, want_y, ref, len(frame))
    lengths = X_res.map_partitions(len).compute().tolist()
    assert lengths[: ddf.npartitions] == list(sm.partition_rows_)  # the original partitions, then the new ones
    assert sum(lengths[ddf.npartitions:]) == len(sm.provenance_) > 0
    assert sm.sampling_strategy_ == ref.sampling_strategy_
    for c, table_ in ref.nn_indices_.items():
        assert np.array_equal(sm.nn_indices_[c], table_)
    assert sum(sm.partition_rows_) == len(frame) and len(sm.partition_rows_) == ddf.npartitions


@pytest.mark.parametrize("chunks", [700, (1, 0, 999, 1400)], ids=["equal", "uneven"])
def test_dask_array_same_rows_as_smote(client, chunks):
    frame = table(seed=1)
    X = frame[["a", "b", "c", "d", "count"]].to_numpy()
    y = frame["label"].map({"ok": 0, "mid": 1, "fraud": 2}).to_numpy()
    Xd = da.from_array(X, chunks=(chunks, -1))
    yd = da.from_array(y, chunks=(chunks,))
    sm = DaskSMOTE(k_neighbors=4, sampling_strategy={1: 1500, 2: 900}, random_state=np.random.RandomState(5))
    X_res, y_res = sm.fit_resample(Xd, yd)
    ref = SMOTE(k_neighbors=4, sampling_strategy={1: 1500, 2: 900}, random_state=np.random.RandomState(5))
    want_X, want_y = ref.fit_resample(X, y)
    assert isinstance(X_res, da.Array) and isinstance(y_res, da.Array)
    assert_same_as_memory(X_res, y_res, sm, want_X, want_y, ref, len(X))


def tied(n=9000, n_features=20, seed=0):
    """Rounded features (equal distances) and copied rows (exact duplicates, same label)."""
    rng = np.random.RandomState(seed)
    X = np.round(rng.normal(size=(n, n_features)), 1)
    y = rng.choice([0, 1, 2], size=n, p=[0.5, 0.35, 0.15])
    src, dst = rng.randint(0, n, n // 4), rng.randint(0, n, n // 4)
    X[dst], y[dst] = X[src], y[src]
    return X, y


def test_ties_in_blocks_as_in_memory(client2, monkeypatch):
    """Brute-force search (20 features) of a 3,000-row class in many blocks: the tie order of one search."""
    monkeypatch.setattr(smote_dask, "_MIN_QUERY_ROWS", 300)  # ten blocks, padded to the size that keeps the order
    X, y = tied()
    members = np.flatnonzero(y == 1)
    assert len(members) > 4 * 256 * 2  # large enough that scikit-learn parallelises over the queries
    nn = NearestNeighbors(n_neighbors=6).fit(X[members])
    whole = nn.kneighbors(X[members], return_distance=False)
    naive = np.vstack([nn.kneighbors(X[members][i:i + 300], return_distance=False)
                       for i in range(0, len(members), 300)])
    assert (naive != whole).any()  # the data has ties that naive blocks would order differently
    Xd, yd = da.from_array(X, chunks=(2000, -1)), da.from_array(y, chunks=2000)
    sm = DaskSMOTE(random_state=0)
    X_res, y_res = sm.fit_resample(Xd, yd)
    ref = SMOTE(random_state=0)
    want_X, want_y = ref.fit_resample(X, y)
    assert_same_as_memory(X_res, y_res, sm, want_X, want_y, ref, len(X))


def test_provenance_formula(client2):
    frame = table(seed=2)
    ddf = dd.from_pandas(frame, npartitions=4)
    features = ["a", "b", "c", "d"]
    sm = DaskSMOTE(k_neighbors=3, random_state=1)
    X_res, _ = sm.fit_resample(ddf[features], ddf["label"])
    got = X_res.compute()
    prov = sm.provenance_
    X = frame[features].to_numpy()
    p, q, g = prov["parent"].to_numpy(), prov["neighbor"].to_numpy(), prov["gap"].to_numpy()[:, None]
    assert np.array_equal(got.loc[prov["row"]].to_numpy(), X[p] + g * (X[q] - X[p]))
    labels = frame["label"].to_numpy()
    assert (labels[p] == prov["class"]).all() and (labels[q] == prov["class"]).all()
    assert np.array_equal(got.index[len(frame):], prov["row"])  # new rows are indexed by their row in X_res


@pytest.mark.parametrize(("cluster_n", "how", "kind"), [
    (1, 1, "borderline-1"), (1, 3, "borderline-2"), (2, "uneven", "borderline-1"), (2, 7, "borderline-2"),
    (4, 3, "borderline-1"), (4, "uneven", "borderline-2"),
], indirect=["cluster_n"], ids=lambda v: f"{v}workers" if isinstance(v, int) and v in (1, 2, 4) else str(v))
def test_borderline_same_rows(cluster_n, client, how, kind):
    rng = np.random.RandomState(4)
    X = np.vstack([rng.normal(0, 1, (900, 3)), rng.normal(1, 1, (200, 3)), rng.normal(-1, 1, (120, 3))])
    y = np.array(["a"] * 900 + ["b"] * 200 + ["c"] * 120, dtype=object)
    frame = pd.DataFrame(X, columns=["x0", "x1", "x2"]).assign(y=y).sample(frac=1, random_state=0)
    frame = frame.reset_index(drop=True)
    ddf = partitioned(frame, how)
    bs = DaskBorderlineSMOTE(k_neighbors=4, m_neighbors=8, kind=kind, random_state=2)
    X_res, y_res = bs.fit_resample(ddf[["x0", "x1", "x2"]], ddf["y"])
    ref = BorderlineSMOTE(k_neighbors=4, m_neighbors=8, kind=kind, random_state=2)
    want_X, want_y = ref.fit_resample(frame[["x0", "x1", "x2"]], frame["y"])
    assert_same_as_memory(X_res, y_res, bs, want_X, want_y, ref, len(frame))
    pd.testing.assert_frame_equal(bs.typology_, ref.typology_)
    for c in ref.in_danger_indices:
        assert np.array_equal(bs.in_danger_indices[c], ref.in_danger_indices[c])
    if kind == "borderline-2":
        assert bs.provenance_["neighbor_other_class"].any()  # rows of other classes were fetched and used


def test_borderline_with_duplicates(client2):
    """Copied rows (same label): the danger status and borderline-1 rows are unchanged by the order of ties;
    borderline-2's rows too, its tied neighbours possibly other copies of the same row."""
    rng = np.random.RandomState(1)
    X, y = rng.normal(size=(3000, 3)), rng.choice([0, 1, 2], size=3000, p=[0.6, 0.3, 0.1])
    src, dst = rng.randint(0, 3000, 700), rng.randint(0, 3000, 700)
    X[dst], y[dst] = X[src], y[src]
    Xd, yd = da.from_array(X, chunks=(800, -1)), da.from_array(y, chunks=800)
    for kind in ("borderline-1", "borderline-2"):
        bs = DaskBorderlineSMOTE(kind=kind, random_state=0)
        X_res, _ = bs.fit_resample(Xd, yd)
        ref = BorderlineSMOTE(kind=kind, random_state=0)
        want_X, _ = ref.fit_resample(X, y)
        pd.testing.assert_frame_equal(bs.typology_, ref.typology_)
        assert np.array_equal(X_res.compute(), want_X)
        got, want = bs.provenance_, ref.provenance_
        assert np.array_equal(got["parent"], want["parent"]) and np.array_equal(got["gap"], want["gap"])
        same = got["neighbor"].to_numpy() == want["neighbor"].to_numpy()
        assert np.array_equal(X[got["neighbor"][~same]], X[want["neighbor"][~same]])  # swapped copies only
        if kind == "borderline-1":
            assert same.all()


def test_worker_processes():
    """Two worker processes: everything the tasks need is serialised (DataFrame in, both samplers)."""
    frame = table(n=1500, seed=5)
    ddf = dd.from_pandas(frame, npartitions=3)
    X, y = ddf.drop(columns="label"), ddf["label"]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster):
        sm = DaskSMOTE(random_state=0)
        X_res, y_res = sm.fit_resample(X, y)
        got = X_res.compute()
        bs = DaskBorderlineSMOTE(kind="borderline-2", random_state=0)
        Xb, _ = bs.fit_resample(X, y)
        got_b = Xb.compute()
    want, _ = SMOTE(random_state=0).fit_resample(frame.drop(columns="label"), frame["label"])
    want_b, _ = BorderlineSMOTE(kind="borderline-2", random_state=0).fit_resample(frame.drop(columns="label"),
                                                                                 frame["label"])
    assert np.array_equal(got.to_numpy(), want.to_numpy())
    assert np.array_equal(got_b.to_numpy(), want_b.to_numpy())


def test_without_a_client_starts_and_closes_a_local_cluster(monkeypatch):
    """No Client: a LocalCluster is started (a warning says so) and closed; the result is computable after it."""
    def no_client():
        raise ValueError("No global client found")

    started = []

    def local_cluster(**kwargs):  # the real LocalCluster, in-process to keep the test cheap
        cluster = LocalCluster(n_workers=2, processes=False, **kwargs)
        started.append(cluster)
        return cluster

    monkeypatch.setattr(distributed, "get_client", no_client)  # even if a test's client is still current
    monkeypatch.setattr(distributed, "LocalCluster", local_cluster)
    frame = table(n=600, seed=7)
    ddf = dd.from_pandas(frame, npartitions=2)
    with pytest.warns(UserWarning, match="no distributed.Client is running, so a LocalCluster with 2 worker"):
        X_res, y_res = DaskSMOTE(random_state=0).fit_resample(ddf.drop(columns="label"), ddf["label"])
    assert len(started) == 1 and started[0].status.name == "closed"
    want, want_y = SMOTE(random_state=0).fit_resample(frame.drop(columns="label"), frame["label"])
    got, got_y = dask.compute(X_res, y_res, scheduler="threads")  # the cluster is gone: the data is in the graph
    assert np.array_equal(got.to_numpy(), want.to_numpy()) and got_y.tolist() == want_y.tolist()


# ------------------------------------------------------------------------------------------------ errors
def frame_and_parts(n=400):
    frame = table(n=n, seed=6)
    return frame, dd.from_pandas(frame, npartitions=3)


def test_not_a_dask_collection(client2):
    frame, ddf = frame_and_parts()
    with pytest.raises(SmoteError, match="X is DataFrame, not a dask collection; use smote_core.SMOTE"):
        DaskSMOTE().fit_resample(frame.drop(columns="label"), ddf["label"])
    with pytest.raises(SmoteError, match="y is ndarray, not a dask collection"):
        DaskSMOTE().fit_resample(ddf.drop(columns="label"), frame["label"].to_numpy())
    with pytest.raises(SmoteError, match="y is missing"):
        DaskSMOTE().fit_resample(ddf.drop(columns="label"), None)


def test_missing_labels_and_bad_features_name_the_partition(client2):
    frame, _ = frame_and_parts()
    frame.loc[150, "label"] = None
    ddf = dd.from_pandas(frame, npartitions=3)
    with pytest.raises(SmoteError, match=r"in partition 1 of X \(rows 134–266\): y has 1 missing label"):
        DaskSMOTE().fit_resample(ddf.drop(columns="label"), ddf["label"])
    frame, _ = frame_and_parts()
    frame.loc[300, "a"] = np.nan
    ddf = dd.from_pandas(frame, npartitions=3)
    with pytest.raises(SmoteError, match=r"in partition 2 of X .*missing values \(NaN\) in column\(s\) 'a'"):
        DaskSMOTE().fit_resample(ddf.drop(columns="label"), ddf["label"])
    text = ddf.assign(a=ddf["a"].astype(str))
    with pytest.raises(SmoteError, match="non-numeric column"):
        DaskSMOTE().fit_resample(text.drop(columns="label"), text["label"])


def test_length_and_partition_mismatch(client2):
    frame, ddf = frame_and_parts()
    X = da.from_array(frame[["a", "b"]].to_numpy(), chunks=(100, -1))
    y_short = da.from_array(frame["count"].to_numpy()[:390], chunks=100)
    with pytest.raises(SmoteError, match=r"in partition 3 of X \(rows 300–399\): X has 100 rows but y has 90 labels"):
        DaskSMOTE().fit_resample(X, y_short)
    y_other = da.from_array(frame["count"].to_numpy()[:390], chunks=50)
    with pytest.raises(SmoteError, match="X has 4 partitions but y has 8: take both from one DataFrame"):
        DaskSMOTE().fit_resample(X, y_other)


def test_class_too_small_one_class_and_params(client2):
    frame, ddf = frame_and_parts()
    X = ddf[["a", "b"]]
    y = ddf["count"].map(lambda v: "rare" if v == 7 else "common", meta=("count", object))
    n_rare = int((frame["count"] == 7).sum())
    with pytest.raises(SmoteError, match=rf"class 'rare' has {n_rare} samples; k_neighbors=30 needs at least 31"):
        DaskSMOTE(k_neighbors=30).fit_resample(X, y)
    with pytest.raises(SmoteError, match="y has only one class"):
        DaskSMOTE().fit_resample(X, ddf["label"].map(lambda _: "x", meta=("label", object)))
    with pytest.raises(ParameterError, match="k_neighbors"):
        DaskSMOTE(k_neighbors=0).fit_resample(X, y)
    with pytest.raises(ParameterError, match="memory_budget"):
        DaskSMOTE(memory_budget=-5).fit_resample(X, y)
    with pytest.raises(SmoteError, match="memory_budget='lots'"):
        DaskSMOTE(memory_budget="lots").fit_resample(X, y)
    with pytest.raises(SmoteError, match="kind='borderline-3' is not known"):
        DaskBorderlineSMOTE(kind="borderline-3").fit_resample(X, y)


def test_memory_budget(client2):
    frame, ddf = frame_and_parts()
    n_mid = int((frame["label"] == "mid").sum())
    size = n_mid * 6 * 8
    with pytest.raises(SmoteError, match=r"class 'fraud' has .* rows × 6 features = .* to gather, more than "
                                         r"memory_budget=500 .*Raise memory_budget"):
        DaskSMOTE(memory_budget=500).fit_resample(ddf.drop(columns="label"), ddf["label"])
    sm = DaskSMOTE(memory_budget=size + 1, sampling_strategy={"mid": n_mid + 10}, random_state=0)
    X_res, _ = sm.fit_resample(ddf.drop(columns="label"), ddf["label"])  # only 'mid' is gathered: it fits
    assert len(X_res.compute()) == len(frame) + 10
    assert sm.class_counts_ == {k: int(v) for k, v in frame["label"].value_counts().sort_index().items()}


def test_nothing_to_add_and_fit(client2):
    frame, ddf = frame_and_parts()
    counts = frame["label"].value_counts().to_dict()
    sm = DaskSMOTE(sampling_strategy=counts)
    X_res, y_res = sm.fit_resample(ddf.drop(columns="label"), ddf["label"])
    assert len(sm.provenance_) == 0 and list(sm.provenance_.columns) == ["row", "parent", "neighbor", "gap", "class"]
    assert len(X_res.compute()) == len(frame)
    fitted = DaskSMOTE().fit(ddf.drop(columns="label"), ddf["label"])
    assert fitted.sampling_strategy_ == SMOTE().fit(frame.drop(columns="label"), frame["label"]).sampling_strategy_
    assert not hasattr(fitted, "provenance_")


def test_import_smote_core_does_not_import_dask():
    import subprocess
    import sys

    code = "import sys, smote_core; print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
