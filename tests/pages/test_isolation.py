"""Sessions are isolated: one person's upload never shows up in another person's session.

Two AppTest sessions in one process share every ``st.cache_data``/``st.cache_resource`` cache and module global,
exactly as two browser sessions of one ``streamlit run`` server do; only ``st.session_state`` is per session. Session
A uploads a table whose column names and labels are unique strings; session B must not see them on any page, must not
be offered "uploaded" in any dataset picker, and cannot reach A's data by asking for ``dataset=uploaded`` in a link.
"""

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from apptest import APP, TIMEOUT, _no_exceptions

SECRET = "zq7secretcol"  # in A's column names
SECRET_LABEL = "zq7privatelabel"  # one of A's class labels
FILE = "alice_private_zq7.csv"
PICKERS = {"pages/explore.py": "w_dataset", "pages/learn.py": "l_dataset", "pages/compare.py": "c_dataset",
           "pages/tune.py": "t_dataset"}


def _secret_csv() -> bytes:
    rng = np.random.RandomState(3)
    frame = pd.DataFrame(np.vstack([rng.normal(0, 1, (60, 2)), rng.normal(2, 1, (12, 2))]),
                         columns=[f"{SECRET}_a", f"{SECRET}_b"])
    frame["label"] = ["ok"] * 60 + [SECRET_LABEL] * 12
    return frame.to_csv(index=False).encode()


def _all_text(at: AppTest) -> str:
    """Every element's protobuf as text: labels, values, options, markdown, table bytes, download data."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


def _offers_upload(options) -> bool:
    """AppTest lists a picker's options as shown (formatted titles): the upload is "Uploaded: <file name>"."""
    return any(str(o) == "uploaded" or str(o).startswith("Uploaded") for o in options)


def _leaks(at: AppTest) -> list[str]:
    text = _all_text(at)
    return [s for s in (SECRET, SECRET_LABEL, FILE, "alice_private") if s in text]


def _session_a() -> AppTest:
    a = AppTest.from_file(APP, default_timeout=TIMEOUT)
    a.switch_page("pages/data.py").run()
    a.file_uploader[0].set_value((FILE, _secret_csv(), "text/csv")).run()
    _no_exceptions(a)
    assert any("Ready" in s.value for s in a.success), [e.value for e in a.error]
    a.query_params["dataset"] = "uploaded"
    a.switch_page("pages/explore.py").run()
    _no_exceptions(a)
    # The checks below can fail: in A's own session the upload is offered and its names are on the page.
    assert _offers_upload(a.selectbox(key="w_dataset").options)
    assert a.selectbox(key="w_dataset").value.startswith("upload:")  # the session's upload, by its token
    assert _leaks(a), "the leak detector finds nothing even in the session that uploaded the file"
    return a


def test_another_session_never_sees_an_upload_in_pickers_pages_or_links():
    a = _session_a()
    b = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    _no_exceptions(b)
    for page, key in PICKERS.items():
        b.switch_page(page).run()
        _no_exceptions(b)
        options = b.selectbox(key=key).options
        assert options and not _offers_upload(options), (page, options)
        assert not _leaks(b), (page, _leaks(b))
    for page in ("pages/data.py", "pages/export.py"):
        b.switch_page(page).run()
        _no_exceptions(b)
        assert not _leaks(b), (page, _leaks(b))
    b.switch_page("pages/data.py").run()
    assert any("No file yet" in i.value for i in b.info)
    # A still has its data after B's visits (B did not take it over either)
    a.run()
    assert a.selectbox(key="w_dataset").value.startswith("upload:") and _leaks(a)


def test_a_link_asking_for_uploaded_data_cannot_reach_another_sessions_upload():
    _session_a()
    b = AppTest.from_file(APP, default_timeout=TIMEOUT)
    b.query_params.update({"dataset": "uploaded", "k": "3"})
    b.run()
    _no_exceptions(b)
    assert b.selectbox(key="w_dataset").value == "moons"
    assert any("Ignored dataset='uploaded'" in w.value for w in b.warning), [w.value for w in b.warning]
    assert not _leaks(b)
    for page in ("pages/export.py", "pages/learn.py", "pages/compare.py", "pages/tune.py"):
        b.query_params["dataset"] = "uploaded"
        b.switch_page(page).run()
        _no_exceptions(b)
        assert not _leaks(b), (page, _leaks(b))


def test_the_same_file_uploaded_by_two_people_gives_each_their_own_session_copy():
    """Identical uploads share cached results (same content hash), but each session holds its own table:
    B changing its copy's target does not change what A sees."""
    a = _session_a()
    b = AppTest.from_file(APP, default_timeout=TIMEOUT)
    b.switch_page("pages/data.py").run()
    b.file_uploader[0].set_value((FILE, _secret_csv(), "text/csv")).run()
    _no_exceptions(b)
    assert a.session_state["uploaded_data"] is not b.session_state["uploaded_data"]
    b.selectbox[0].set_value(f"{SECRET}_a").run()  # B picks another target column
    a.switch_page("pages/data.py").run()
    assert a.session_state["uploaded_data"].target == "label"
