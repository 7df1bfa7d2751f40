"""What the pages' "data that stays" stands on: the store's root read at call time and outside the project, the
sheet kept with the choices, the choices applied in one step, id-like columns carried into the export, and a target
that names rows refused."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smote_core import SmoteError
from smote_core.data import prepare, tables
from smote_core.data.store import Choices, UploadStore, default_root
from smote_core.views import explore, export

ROOT = Path(__file__).resolve().parents[2]


def test_the_store_reads_its_folder_when_it_is_made_and_lives_outside_the_project(tmp_path, monkeypatch):
    monkeypatch.setenv("SMOTE_UPLOAD_DIR", str(tmp_path / "a"))
    assert UploadStore().root == tmp_path / "a"
    monkeypatch.setenv("SMOTE_UPLOAD_DIR", str(tmp_path / "b"))
    assert UploadStore().root == tmp_path / "b"  # read at call time, not at import
    monkeypatch.delenv("SMOTE_UPLOAD_DIR")
    assert ROOT not in default_root().resolve().parents


def test_the_sheet_comes_back_with_the_choices_and_the_record_can_be_read_without_the_file(tmp_path):
    store = UploadStore(tmp_path)
    token = store.put(b"xlsx bytes", "book.xlsx", sheet="first")
    assert store.get(token).choices.sheet == "first" and store.get(token).sheet == "first"
    store.set_choices(token, Choices(target="y", features=["a"], sheet="second"))
    record = store.get(token, content=False)
    assert record.raw == b"" and record.sheet == "second" and record.choices.features == ["a"]
    assert store.get(token).raw == b"xlsx bytes"


def _table():
    rng = np.random.RandomState(0)
    return pd.DataFrame({
        "id": np.arange(101, 141),
        "code": [f"S-{i:03d}" for i in range(40)],
        "x": rng.normal(size=40),
        "z": rng.normal(size=40) * 1000,
        "label": ["ok"] * 28 + ["Fraud"] * 6 + ["fraud "] * 6,
        "note": ["same"] * 40,
    })


def test_id_like_columns_are_the_unique_or_id_named_ones_left_out():
    frame = _table()
    assert tables.id_columns(frame, "label", ["x", "z"]) == ["id", "code"]
    assert tables.id_columns(frame, "label", ["x", "z", "id"]) == ["code"]  # chosen as a feature: not carried
    assert tables.id_columns(frame.assign(x=np.arange(40.0)), "label", ["z"]) == ["id", "code"]  # floats are not


def test_prepare_choices_merges_labels_checks_the_target_and_carries_ids_row_for_row():
    frame = _table()
    frame.loc[3, "x"] = np.nan
    out, messages = prepare.prepare_choices(frame, "label", ["x", "z"], missing="drop", carry=["id", "code"])
    assert list(out.columns) == ["x", "z", "label", "id", "code"]
    assert len(out) == 39 and 104 not in set(out["id"]) and "Dropped 1 row" in " ".join(messages)
    assert len(set(out["label"])) == 2  # "Fraud" and "fraud " are one class
    assert out.set_index("id").loc[105, "x"] == frame.set_index("id").loc[105, "x"]
    kept, _ = prepare.prepare_choices(frame, "label", ["x", "z"], missing="drop", merge_similar=False)
    assert set(kept["label"]) == {"ok", "Fraud", "fraud "}
    with pytest.raises(SmoteError, match="no column"):
        prepare.prepare_choices(frame, None, ["x"])


def test_a_target_with_a_different_value_on_every_row_is_refused():
    with pytest.raises(SmoteError, match="different value on every row"):
        prepare.check_target(pd.Series(np.arange(30)), "id")
    assert prepare.check_target(pd.Series([0, 1]), "y") == {0: 1, 1: 1}  # two rows, two classes: still a target


def test_the_export_keeps_the_ids_of_the_original_rows_and_none_for_synthetic_rows():
    frame = _table()
    prepared, _ = prepare.prepare_choices(frame, "label", ["x", "z"], carry=["id", "code"])
    ids = prepared[["id", "code"]]
    X, y = prepared[["x", "z"]].to_numpy(), prepared["label"].to_numpy()
    res = explore.resample(X, y, k=3, ratio=1.0, seed=0)
    table = export.resampled_frame(res, ["x", "z"], "label", ids=ids)
    assert list(table.columns[:4]) == ["id", "code", "x", "z"]
    originals, synthetic = table[~table["is_synthetic"]], table[table["is_synthetic"]]
    assert originals["id"].tolist() == ids["id"].tolist() and str(table["id"].dtype) == "Int64"
    assert originals["code"].tolist() == ids["code"].tolist()
    assert len(synthetic) == res.n_synthetic > 0 and synthetic["id"].isna().all() and synthetic["code"].isna().all()
    csv = tables.to_csv_bytes(table).decode()
    assert csv.splitlines()[1].startswith('101,"S-000",')
    assert list(export.resampled_frame(res, ["x", "z"], "label").columns[:2]) == ["x", "z"]  # no ids: as before


def test_an_id_named_like_an_export_column_gets_a_prefix_and_cells_stay_neutralised():
    frame = _table().rename(columns={"code": "source_row"})
    frame["source_row"] = ["=HYPERLINK(1)"] + [f"r{i}" for i in range(39)]
    prepared, _ = prepare.prepare_choices(frame, "label", ["x", "z"], carry=["source_row"])
    res = explore.resample(prepared[["x", "z"]].to_numpy(), prepared["label"].to_numpy(), k=3, ratio=1.0, seed=0)
    table = export.resampled_frame(res, ["x", "z"], "label", ids=prepared[["source_row"]])
    assert "original_source_row" in table.columns and table["source_row"].iloc[0] == 0
    assert "\"'=HYPERLINK(1)\"" in tables.to_csv_bytes(table).decode()
